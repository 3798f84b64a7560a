from django.conf import settings
from django.utils.translation import gettext_lazy as _


def site(request):
    """The directorate's name on every page; SITE_NAME overrides the translated default."""
    return {
        "directorate_name": settings.SITE_NAME
        or _("General Directorate of Technical and Vocational Training of Mazandaran"),
    }
