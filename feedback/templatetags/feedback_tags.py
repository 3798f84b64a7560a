"""Template helpers of the feedback app: survey invitations, staff-written texts in the
reader's language, and tracking codes as people read them."""

from django import template
from django.utils import translation
from django.utils.html import format_html

from feedback import selectors
from feedback.models import Feedback
from servicedesk.codes import format_tracking_code
from sla.models import Service

register = template.Library()


def _persian() -> bool:
    return (translation.get_language() or "fa").startswith("fa")


@register.simple_tag
def survey_for(service=None):
    """The open survey to invite a reader to, for ``service`` if given (else a general one)."""
    return selectors.survey_for_service(service=service if isinstance(service, Service) else None)


@register.simple_tag
def localized(obj, attribute: str, plain: bool = False):
    """A text staff wrote in Persian and optionally English (``<attribute>_en``): the English
    on English pages when there is one, else the Persian marked as Persian (``plain=True``:
    without the mark, e.g. inside <title>)."""
    english = getattr(obj, f"{attribute}_en", "")
    if not _persian() and english:
        return english
    text = getattr(obj, attribute)
    if _persian() or plain:
        return text
    return format_html('<span lang="fa" dir="rtl">{}</span>', text)


@register.filter
def tracking_code(value) -> str:
    return format_tracking_code(value.tracking_code if isinstance(value, Feedback) else str(value))
