from hypothesis import given
from hypothesis import strategies as st

from servicedesk.text import (
    ARABIC_INDIC_DIGITS,
    PERSIAN_DIGITS,
    normalize_code,
    normalize_text,
    to_persian_digits,
)

ascii_digits = st.text(alphabet="0123456789", min_size=1, max_size=20)
separators = st.sampled_from([" ", "-", "–", "/", "\u200c", "\u200f", "\t", "_", "."])


def _retype(text: str, alphabet: str) -> str:
    return "".join(alphabet[int(ch)] for ch in text)


def test_it_turns_persian_and_arabic_digits_into_ascii():
    assert normalize_text("۱۲۳٤٥٦") == "123456"


def test_it_turns_arabic_yeh_and_kaf_into_persian():
    assert normalize_text("كارگاه علمي") == "کارگاه علمی"


def test_it_keeps_the_zero_width_non_joiner_in_text_but_not_in_codes():
    assert normalize_text("می\u200cرود") == "می\u200cرود"
    assert normalize_code("۱۲\u200c۳۴") == "1234"


def test_it_collapses_whitespace_in_text():
    assert normalize_text("  آموزش \t فنی\n و حرفه‌ای ") == "آموزش فنی و حرفه‌ای"


def test_it_strips_spaces_dashes_and_slashes_from_codes():
    assert normalize_code(" ۱۲۳-۴۵۶/۷۸ ۹ ") == "123456789"


def test_it_upper_cases_codes():
    assert normalize_code("ab-cd") == "ABCD"


@given(ascii_digits)
def test_every_digit_form_normalises_to_the_same_code(digits):
    assert normalize_code(_retype(digits, PERSIAN_DIGITS)) == digits
    assert normalize_code(_retype(digits, ARABIC_INDIC_DIGITS)) == digits
    assert normalize_code(digits) == digits


@given(st.lists(st.tuples(ascii_digits, separators), min_size=1, max_size=5))
def test_separators_never_survive_in_codes(parts):
    typed = "".join(digits + separator for digits, separator in parts)
    assert normalize_code(typed) == "".join(digits for digits, _ in parts)


@given(st.text())
def test_normalising_text_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(st.text())
def test_normalising_codes_is_idempotent(text):
    once = normalize_code(text)
    assert normalize_code(once) == once


@given(st.text())
def test_normalised_text_has_no_arabic_letters_or_non_ascii_digits(text):
    result = normalize_text(text)
    assert not set(result) & set("يكى" + PERSIAN_DIGITS + ARABIC_INDIC_DIGITS)


@given(ascii_digits)
def test_persian_digits_round_trip(digits):
    assert normalize_code(to_persian_digits(digits)) == digits
