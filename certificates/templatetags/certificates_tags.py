"""Template helpers of the certificate pages: the service they belong to."""

from django import template

from certificates import selectors

register = template.Library()

register.simple_tag(selectors.certificate_service, name="certificate_service")
