from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# Each language named in itself, for the language switch.
_LANGUAGE_NAMES = {"fa": "فارسی", "en": "English"}


def site(request):
    """The directorate's name on every page (SITE_NAME overrides the translated default), and
    the languages for the switch, the current one marked."""
    current = translation.get_language()
    return {
        "directorate_name": settings.SITE_NAME
        or _("General Directorate of Technical and Vocational Training of Mazandaran"),
        "languages_for_switch": [
            (code, _LANGUAGE_NAMES.get(code, code), code == current)
            for code, _name in settings.LANGUAGES
        ],
    }
