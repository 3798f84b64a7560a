"""Numbers as readers of each language expect them: Persian digits and separators on Persian
pages (۱۲٬۳۴۵ and ۹۲٫۵٪), Latin ones elsewhere (12,345 and 92.5%)."""

from decimal import Decimal

import jdatetime
from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from servicedesk.text import to_persian_digits

register = template.Library()


def _persian() -> bool:
    return (translation.get_language() or "fa").startswith("fa")


def format_number(value, places: int | None = None) -> str:
    """A number with thousands separators; ``places`` fixes the decimals, else as few as
    the value needs. Empty for None."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if places is not None:
        text = f"{number:,.{places}f}"
    else:
        number = number.normalize()
        if number == number.to_integral_value():
            text = f"{number.to_integral_value():,f}"
        else:
            text = f"{number:,f}"
    if _persian():
        text = text.replace(",", "٬").replace(".", "٫")
        return to_persian_digits(text)
    return text


def format_percent(value) -> str:
    if value is None:
        return ""
    return format_number(value) + ("٪" if _persian() else "%")


@register.filter
def number(value, places=None):
    return format_number(value, None if places in (None, "") else int(places))


@register.filter
def percent(value):
    return format_percent(value)


@register.simple_tag
def content_lang():
    """Attributes for the directorate's own Persian texts shown on a page in another language."""
    if _persian():
        return ""
    return mark_safe(' lang="fa" dir="rtl"')


@register.simple_tag
def service_title(service):
    """The service's title in the reader's language where one is written, else the Persian."""
    if not _persian() and service.title_en:
        return service.title_en
    return format_html("<span{}>{}</span>", content_lang(), service.title)


@register.simple_tag
def service_summary(service):
    if not _persian() and service.summary_en:
        return service.summary_en
    return format_html("<span{}>{}</span>", content_lang(), service.summary)


@register.filter
def jmonth(value):
    """The Jalali month of a date: "آذر ۱۴۰۵" on Persian pages, "Azar 1405" elsewhere."""
    if value is None:
        return ""
    month = jdatetime.date.fromgregorian(date=value)
    if _persian():
        return to_persian_digits(f"{jdatetime.date.j_months_fa[month.month - 1]} {month.year}")
    return f"{jdatetime.date.j_months_en[month.month - 1]} {month.year}"


@register.filter
def join_list(values):
    """Items joined with the reader's comma: "، " on Persian pages, ", " elsewhere."""
    return ("، " if _persian() else ", ").join(str(value) for value in values)


@register.simple_tag
def weekly_days_off():
    """The names of the working calendar's weekly days off, in the reader's language."""
    from django.utils.dates import WEEKDAYS

    from sla.calendar import weekly_days_off as days_off

    return join_list(WEEKDAYS[day] for day in sorted(days_off()))
