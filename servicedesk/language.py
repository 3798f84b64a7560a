"""Which language a page is in, and the texts staff wrote in Persian and optionally English.

Staff write every text in Persian; an English wording sits beside it in ``<field>_en`` when they
wrote one. Persian is the default language, so a moment with no active language is Persian.
"""

from django.utils import translation


def is_persian(language: str | None = None) -> bool:
    """Whether ``language`` (default: the active one) is Persian."""
    return (language or translation.get_language() or "fa").startswith("fa")


def english_if_written(obj, attribute: str) -> str:
    """``obj.<attribute>_en`` when staff wrote one, else the Persian ``obj.<attribute>``."""
    return getattr(obj, f"{attribute}_en", "") or getattr(obj, attribute)


def localized(obj, attribute: str) -> str:
    """The text in the reader's language: the English wording on other pages than Persian
    ones when staff wrote one, else the Persian."""
    if is_persian():
        return getattr(obj, attribute)
    return english_if_written(obj, attribute)
