"""The working calendar in the reader's language (numbers, dates and staff-written texts are
formatted by the builtin servicedesk.templatetags.persian)."""

from django import template
from django.utils.dates import WEEKDAYS

from servicedesk.numbers import format_list

register = template.Library()


@register.simple_tag
def weekly_days_off():
    """The names of the working calendar's weekly days off, in the reader's language."""
    from sla.calendar import weekly_days_off as days_off

    return format_list(WEEKDAYS[day] for day in sorted(days_off()))
