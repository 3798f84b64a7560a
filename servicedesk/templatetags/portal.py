from django import template
from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme

register = template.Library()


def _on_this_site(path: str) -> str:
    """The path with one leading slash: a browser reads ``//evil.example`` (which a request for
    ``/en//evil.example`` would otherwise give) as another site. Anything still not a plain
    local path becomes the home page."""
    path = "/" + path.lstrip("/")
    return path if url_has_allowed_host_and_scheme(path, allowed_hosts=None) else "/"


@register.simple_tag(takes_context=True)
def translated_url(context, language_code):
    """The current page in another language (the language switch keeps the page).

    Every page has the same path in every language, under a /<code>/ prefix except for the
    default language, so switching is a matter of the prefix (no URL resolving needed).
    """
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = context.get("LANGUAGE_CODE") or settings.LANGUAGE_CODE
    if current != settings.LANGUAGE_CODE and path.startswith(f"/{current}/"):
        path = path[len(current) + 1 :]
    path = _on_this_site(path)
    if language_code == settings.LANGUAGE_CODE:
        return path
    return f"/{language_code}{path}"
