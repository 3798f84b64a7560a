"""Tracking codes handed to people (suggestions, manual inquiries): made, shown and read back
the same way everywhere.

A code is eight characters of a 32-letter alphabet without 0/O and 1/I (misread from paper or a
phone screen): 40 random bits, shown as two groups of four (``ABCD-2345``). What a person types
back (Persian digits, lower case, dashes, spaces) is normalised like every other code.
"""

import re
import secrets
from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction

from servicedesk.text import normalize_code

TRACKING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
TRACKING_LENGTH = 8
# For CheckConstraint(condition=Q(<field>__regex=TRACKING_PATTERN)) and form checks alike.
TRACKING_PATTERN = rf"^[{TRACKING_ALPHABET}]{{{TRACKING_LENGTH}}}$"
_TRACKING = re.compile(TRACKING_PATTERN)

T = TypeVar("T")


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


def format_tracking_code(code: str) -> str:
    """ABCD-2345: two groups of four read more easily aloud or from a phone."""
    half = TRACKING_LENGTH // 2
    return f"{code[:half]}-{code[half:]}" if len(code) == TRACKING_LENGTH else code


def normalize_tracking_code(value: str) -> str:
    """What a person typed (``abcd-۲۳۴۵``, `` ABCD 2345``) as the stored form (``ABCD2345``)."""
    return normalize_code(value or "")


def is_tracking_code(code: str) -> bool:
    """True for a normalised code of the right length and alphabet."""
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
