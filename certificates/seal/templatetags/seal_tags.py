from django import template
from django.conf import settings

from certificates.seal.codec import official_host

register = template.Library()


@register.inclusion_tag("certificates/seal/_official_host.html")
def official_host_panel():
    """The official host, and how to tell it from a look-alike: on the verifier and results."""
    return {"official_host": official_host(), "site_url": settings.SITE_URL}
