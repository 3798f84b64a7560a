"""Template filters for Persian pages: digits, numbers, lists and Jalali dates in the current
language, and the texts staff wrote in Persian and optionally English.

Registered as a builtin (see TEMPLATES in settings), so every template can use them.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from servicedesk import jalali, language
from servicedesk.national_code import mask_national_code
from servicedesk.numbers import format_list, format_number, format_percent
from servicedesk.text import to_persian_digits

register = template.Library()


@register.filter
def digits(value):
    """Persian digits on Persian pages, Latin digits elsewhere."""
    if value is None:
        return ""
    if language.is_persian():
        return to_persian_digits(value)
    return str(value)


@register.filter
def jdate(value, style=""):
    """A date in the reader's calendar: ``{{ day|jdate }}`` or ``{{ day|jdate:"short" }}``."""
    return jalali.format_date(value, short=style == "short")


@register.filter
def jdatetime(value):
    """A moment as local date and time in the reader's calendar."""
    return jalali.format_datetime(value)


@register.filter
def masked_national_code(value):
    return digits(mask_national_code(value or ""))


@register.filter
def number(value, places=None):
    return format_number(value, None if places in (None, "") else int(places))


@register.filter
def percent(value):
    return format_percent(value)


@register.filter
def jmonth(value):
    return jalali.format_month(value)


@register.filter
def join_list(values):
    return format_list(values)


@register.simple_tag
def content_lang():
    """Attributes for the directorate's own Persian texts shown on a page in another language."""
    if language.is_persian():
        return ""
    return mark_safe(' lang="fa" dir="rtl"')


@register.simple_tag
def localized(obj, attribute: str, plain: bool = False):
    """A text staff wrote in Persian and optionally English (``<attribute>_en``): the English
    on English pages when there is one, else the Persian marked as Persian (``plain=True``:
    without the mark, e.g. inside <title>)."""
    if language.is_persian() or plain:
        return language.localized(obj, attribute)
    english = getattr(obj, f"{attribute}_en", "")
    if english:
        return english
    return format_html('<span lang="fa" dir="rtl">{}</span>', getattr(obj, attribute))
