"""Work every process would otherwise do on its first requests, done once before it serves.

gunicorn loads the application in its master (``preload_app``) and forks workers from it, so a
worker that replaces a recycled one starts with Django imported, the message catalogues read,
the address patterns built, the portal's templates compiled and the cache client imported: its first check costs what
every other does, instead of a second of imports and a third of a second of first-time work.
Nothing here touches the database or the shared store (a connection must never be inherited).
"""

from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver, reverse
from django.utils import translation


def warm_up() -> None:
    for alias in settings.CACHES:
        # Django's Redis backend imports its client library (a tenth of a second) on first
        # use; no connection is opened here.
        getattr(caches[alias], "_cache", None)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            get_resolver().url_patterns  # noqa: B018 (builds the patterns)
            reverse("home")
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(directory).rglob("*.html")):
            try:
                get_template(str(path.relative_to(directory)))
            except (TemplateDoesNotExist, TemplateSyntaxError):
                continue  # a broken template fails its own page when used, not the start-up
