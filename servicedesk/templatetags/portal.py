from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language_code):
    """The current page in another language (the language switch keeps the page)."""
    request = context.get("request")
    if request is None:
        return "/" if language_code == "fa" else f"/{language_code}/"
    return translate_url(request.get_full_path(), language_code)
