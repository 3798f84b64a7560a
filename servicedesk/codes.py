"""Tracking codes handed to people (suggestions, manual inquiries): made, shown and read back
the same way everywhere.

A code is twelve characters of a 32-letter alphabet without 0/O and 1/I (misread from paper or
a phone screen): 60 random bits, too many to guess through the tracking pages, shown as three
groups of four (``ABCD-EFGH-2345``) the way people read them aloud. Codes handed out before were
eight characters (40 bits, ``ABCD-2345``); they stay valid. What a person types back (Persian
digits, lower case, dashes, spaces) is normalised like every other code.
"""

import re
import secrets
from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction

from servicedesk.text import normalize_code

TRACKING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
TRACKING_LENGTH = 12
# The length of the codes handed out before, still found by the tracking pages and the admin.
LEGACY_TRACKING_LENGTH = 8
TRACKING_GROUP = 4
# For CheckConstraint(condition=Q(<field>__regex=TRACKING_PATTERN)) and form checks alike.
TRACKING_PATTERN = (
    rf"^[{TRACKING_ALPHABET}]{{{LEGACY_TRACKING_LENGTH}}}"
    rf"([{TRACKING_ALPHABET}]{{{TRACKING_LENGTH - LEGACY_TRACKING_LENGTH}}})?$"
)
_TRACKING = re.compile(TRACKING_PATTERN)

T = TypeVar("T")


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


def format_tracking_code(code: str) -> str:
    """ABCD-EFGH-2345 (or ABCD-2345 for an old code): groups of four read more easily aloud or
    from a phone."""
    if len(code) not in (TRACKING_LENGTH, LEGACY_TRACKING_LENGTH):
        return code
    return "-".join(code[i : i + TRACKING_GROUP] for i in range(0, len(code), TRACKING_GROUP))


def normalize_tracking_code(value: str) -> str:
    """What a person typed (``abcd-efgh-۲۳۴۵``, `` ABCD EFGH 2345``) as the stored form
    (``ABCDEFGH2345``)."""
    return normalize_code(value or "")


def is_tracking_code(code: str) -> bool:
    """True for a normalised code of the right length (new or old) and alphabet."""
    return bool(_TRACKING.match(code))


def create_with_tracking_code(create: Callable[[str], T], *, attempts: int = 5) -> T:
    """Call ``create(code)`` with fresh codes until one is not taken yet (a unique constraint on
    the code raises IntegrityError). Each attempt runs in its own savepoint, so a collision
    leaves the surrounding transaction usable."""
    for attempt in range(attempts):
        try:
            with transaction.atomic():
                return create(new_tracking_code())
        except IntegrityError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")
