"""Validators of Iranian identifiers, shared by every app."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from servicedesk.text import normalize_code

_ORGANISATION_WEIGHTS = (29, 27, 23, 19, 17)


def is_valid_organisation_id(code: str) -> bool:
    """The national ID of a legal entity (شناسه ملی): 11 digits, the last a check digit.

    With d = 10th digit + 2: s = Σ (d + digit_i) × (29, 27, 23, 19, 17)[i mod 5] over the first
    ten digits; the check digit is s mod 11, or 0 when that is 10.
    """
    if len(code) != 11 or not code.isascii() or not code.isdigit():
        return False
    if int(code[3:9]) == 0 or len(set(code)) == 1:
        return False
    shift = int(code[9]) + 2
    total = sum(
        (shift + int(digit)) * _ORGANISATION_WEIGHTS[index % 5]
        for index, digit in enumerate(code[:10])
    )
    remainder = total % 11
    return (0 if remainder == 10 else remainder) == int(code[10])


def validate_organisation_id(value: str) -> None:
    if value and not is_valid_organisation_id(normalize_code(value)):
        raise ValidationError(
            _("This is not a valid 11-digit national organisation ID."), code="organisation_id"
        )
