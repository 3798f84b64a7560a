from django import template
from django.conf import settings

register = template.Library()


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
    if language_code == settings.LANGUAGE_CODE:
        return path
    return f"/{language_code}{path}"
