"""Template helpers of the certificate pages: the service they belong to, and what other apps
invite a person to after a check (through sla's link registry: certificates knows no app)."""

from django import template

from certificates import selectors
from sla import links

register = template.Library()

register.simple_tag(selectors.certificate_service, name="certificate_service")


@register.simple_tag
def certificate_invitations():
    service = selectors.certificate_service()
    return links.invitations(service) if service is not None else []
