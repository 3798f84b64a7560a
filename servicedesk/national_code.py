"""The Iranian national code (کد ملی): ten digits ending in a mod-11 check digit."""

import operator

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from servicedesk.text import normalize_code

_WEIGHTS = range(10, 1, -1)
# The weighted sum of each group of three ASCII digits at each of the three places: bulk
# imports check a million codes, three look-ups are quicker than nine multiplications.
_GROUP_SUMS = [
    {
        f"{number:03d}": sum(map(operator.mul, map(int, f"{number:03d}"), weights))
        for number in range(1000)
    }
    for weights in (_WEIGHTS[0:3], _WEIGHTS[3:6], _WEIGHTS[6:9])
]


def check_digit(first_nine: str) -> int:
    """Weights 10..2 on the first nine digits; r = sum mod 11; r if r < 2, else 11 - r."""
    if len(first_nine) == 9 and first_nine.isascii() and first_nine.isdigit():
        first, second, third = _GROUP_SUMS
        total = first[first_nine[0:3]] + second[first_nine[3:6]] + third[first_nine[6:9]]
    else:
        total = sum(map(operator.mul, map(int, first_nine), _WEIGHTS))
    remainder = total % 11
    return remainder if remainder < 2 else 11 - remainder


def is_valid_national_code(code: str) -> bool:
    """True for a canonical ten-digit code with a correct check digit."""
    if len(code) != 10 or not code.isascii() or not code.isdigit():
        return False
    if code == code[0] * 10:  # 1111111111 passes the sum but is never issued
        return False
    return check_digit(code[:9]) == int(code[9])


def normalize_national_code(value: str) -> str:
    """Turn what a person typed into a canonical national code, or raise ValidationError.

    Persian and Arabic digits, spaces and dashes are accepted; codes of eight or nine digits
    lost their leading zeros in a spreadsheet and are padded back.
    """
    code = normalize_code(value)
    if not code:
        raise ValidationError(_("Enter the national code."), code="required")
    if not code.isascii() or not code.isdigit():
        raise ValidationError(_("A national code has digits only."), code="not_digits")
    if len(code) in (8, 9):
        code = code.zfill(10)
    if len(code) != 10:
        raise ValidationError(_("A national code has ten digits."), code="length")
    if not is_valid_national_code(code):
        raise ValidationError(
            _("This national code is not valid; please check the digits."), code="checksum"
        )
    return code


MASK_SHOWN_DIGITS = 4


def mask_national_code(code: str) -> str:
    """Show the first two and the last two digits only: 00******19.

    Four digits at most: with the check digit among them, six hidden digits still leave about
    90,000 codes that pass the check, far beyond any number's daily budget of failed checks."""
    if len(code) < 2 * MASK_SHOWN_DIGITS:
        return "*" * len(code)
    return f"{code[:2]}{'*' * (len(code) - 4)}{code[-2:]}"
