"""The key the catalogue search compares: what people type and what is stored, folded alike."""

import re

from servicedesk.text import normalize_text

# Beyond the portal's normaliser (digits, Arabic yeh/kaf): hamza forms of alef are typed
# without the hamza, and a zero-width non-joiner is typed as a space or not at all.
_FOLD = str.maketrans({"آ": "ا", "أ": "ا", "إ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ی", "\u200c": None})
_SPACES = re.compile(r"\s+")


def search_key(text: str) -> str:
    return _SPACES.sub(" ", normalize_text(text or "").translate(_FOLD)).strip().lower()


def searchable(text: str) -> str:
    """What is stored for searching: the key, and the key without spaces, so that a compound
    written apart (گواهی نامه) is found when typed together (گواهینامه) and the other way."""
    key = search_key(text)
    return f"{key}\n{key.replace(' ', '')}"


def search_terms(query: str) -> list[str]:
    """The words of a query, each to be found somewhere in a service's search key."""
    return [term for term in search_key(query).split(" ") if term]
