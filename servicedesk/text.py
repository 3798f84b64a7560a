"""The one normaliser for everything people type.

Phones type Persian digits (۰-۹), some keyboards Arabic-Indic ones (٠-٩), and old Windows
systems write Arabic ``ي`` and ``ك`` for Persian ``ی`` and ``ک``. Everything a person types
goes through here before it is compared with anything stored.
"""

import re

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS = "0123456789"

_TO_CANONICAL = str.maketrans(
    {
        **dict(zip(PERSIAN_DIGITS, ASCII_DIGITS, strict=True)),
        **dict(zip(ARABIC_INDIC_DIGITS, ASCII_DIGITS, strict=True)),
        "ي": "ی",  # Arabic yeh
        "ى": "ی",  # Arabic alef maksura, often typed for yeh
        "ك": "ک",  # Arabic kaf
        "ة": "ه",  # teh marbuta
        "\u0640": None,  # tatweel: decoration only
        # Lone surrogates (JSON can carry "\ud800") are no characters: no encoding writes them.
        **dict.fromkeys(range(0xD800, 0xE000)),
    }
)
_TO_PERSIAN_DIGITS = str.maketrans(ASCII_DIGITS, PERSIAN_DIGITS)

# Invisible characters that sneak in from copy and paste: zero-width space, joiners and
# non-joiner, byte-order mark, and the bidirectional marks and embeddings.
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u061c\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE_EXCEPT_ZWNJ = _INVISIBLE.replace("\u200c", "")
_DROP_INVISIBLE = str.maketrans("", "", _INVISIBLE_EXCEPT_ZWNJ)
# Separators people put inside codes: whitespace, dashes of every kind, slashes, dots,
# underscores, and all invisible characters.
_CODE_SEPARATORS = re.compile(
    "[\\s\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d/\\\\\uff0f._" + _INVISIBLE + "]+"
)
_WHITESPACE = re.compile(r"\s+")


def normalize_text(value: str) -> str:
    """Canonical form of free text: ASCII digits, Persian letters, single spaces.

    The zero-width non-joiner is kept: in Persian it is part of the spelling (نیم‌فاصله).
    """
    value = value.translate(_TO_CANONICAL).translate(_DROP_INVISIBLE)
    return _WHITESPACE.sub(" ", value).strip()


def normalize_code(value: str) -> str:
    """Canonical form of a code (certificate number, tracking code, national code):
    ASCII digits, upper case, without spaces, dashes, slashes or invisible characters."""
    if value.isascii() and value.isalnum():  # the common case, already clean
        return value.upper()
    return _CODE_SEPARATORS.sub("", value.translate(_TO_CANONICAL)).upper()


def to_persian_digits(value: object) -> str:
    return str(value).translate(_TO_PERSIAN_DIGITS)


def mask_name(name: str) -> str:
    """The first letter of each word, the rest hidden: «علی رضایی» → «ع** ر****»."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split())
