"""Template filters for Persian pages: digits and Jalali dates in the current language.

Registered as a builtin (see TEMPLATES in settings), so every template can use them.
"""

from django import template
from django.utils import translation

from servicedesk import jalali
from servicedesk.national_code import mask_national_code
from servicedesk.text import to_persian_digits

register = template.Library()


@register.filter
def digits(value):
    """Persian digits on Persian pages, Latin digits elsewhere."""
    if value is None:
        return ""
    if (translation.get_language() or "fa").startswith("fa"):
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
