from django import template
from django.conf import settings

from sla.models import Service
from sla.selectors import service_get

register = template.Library()


@register.simple_tag
def certificate_service():
    """The service the certificate pages are about (its ID card, survey and feedback form)."""
    try:
        return service_get(service_id=settings.CERTIFICATE_SERVICE_ID)
    except Service.DoesNotExist:
        return None
