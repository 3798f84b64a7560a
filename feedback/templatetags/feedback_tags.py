"""Template helpers of the feedback app: survey invitations and tracking codes as people read
them (staff-written texts in the reader's language: the builtin ``localized`` tag)."""

from django import template

from feedback import selectors
from feedback.models import Feedback
from servicedesk.codes import format_tracking_code
from sla.models import Service

register = template.Library()


@register.simple_tag
def survey_for(service=None):
    """The open survey to invite a reader to, for ``service`` if given (else a general one)."""
    return selectors.survey_for_service(service=service if isinstance(service, Service) else None)


@register.filter
def tracking_code(value) -> str:
    return format_tracking_code(value.tracking_code if isinstance(value, Feedback) else str(value))
