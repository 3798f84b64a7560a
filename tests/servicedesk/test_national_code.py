import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from servicedesk.national_code import (
    check_digit,
    is_valid_national_code,
    mask_national_code,
    normalize_national_code,
)
from servicedesk.text import to_persian_digits

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


def complete(first_nine: str) -> str:
    return first_nine + str(check_digit(first_nine))


@pytest.mark.parametrize("code", ["0499370899", "0790419904", "0084575948"])
def test_it_accepts_known_valid_codes(code):
    assert is_valid_national_code(code)


def test_it_rejects_a_wrong_check_digit():
    assert not is_valid_national_code("0499370898")


@pytest.mark.parametrize("digit", "0123456789")
def test_it_rejects_codes_of_one_repeated_digit(digit):
    assert not is_valid_national_code(digit * 10)


@given(nine_digits)
def test_a_code_with_its_computed_check_digit_is_valid(first_nine):
    assume(len(set(complete(first_nine))) > 1)
    assert is_valid_national_code(complete(first_nine))


@given(nine_digits, st.integers(min_value=1, max_value=9))
def test_any_other_check_digit_is_invalid(first_nine, shift):
    code = complete(first_nine)
    wrong = code[:9] + str((int(code[9]) + shift) % 10)
    assume(check_digit(first_nine) != int(wrong[9]))
    assert not is_valid_national_code(wrong)


@given(nine_digits)
def test_persian_digits_dashes_and_spaces_are_accepted(first_nine):
    code = complete(first_nine)
    assume(len(set(code)) > 1)
    typed = f" {to_persian_digits(code[:3])}-{to_persian_digits(code[3:9])} {code[9]} "
    assert normalize_national_code(typed) == code


@given(st.text(alphabet="0123456789", min_size=7, max_size=8))
def test_codes_that_lost_leading_zeros_are_padded_back(tail):
    first_nine = tail.zfill(9)
    code = complete(first_nine)
    assume(len(set(code)) > 1 and code.startswith("0"))
    shortened = code.lstrip("0")
    assume(len(shortened) in (8, 9))
    assert normalize_national_code(shortened) == code


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", "required"),
        ("12345abcde", "not_digits"),
        ("1234567", "length"),
        ("12345678901", "length"),
        ("0499370898", "checksum"),
        ("5555555555", "checksum"),
    ],
)
def test_it_explains_what_is_wrong(typed, reason):
    with pytest.raises(ValidationError) as error:
        normalize_national_code(typed)
    assert error.value.code == reason


def test_it_masks_all_but_the_first_two_and_last_two_digits():
    assert mask_national_code("0012345619") == "00******19"


@pytest.mark.parametrize("code", ["0012345619", "1234567", "12", ""])
def test_a_masked_code_shows_at_most_four_digits(code):
    assert sum(character.isdigit() for character in mask_national_code(code)) <= 4
