"""Forms normalise what people type: tracking codes and messages (mobile numbers and
addresses are read by the shared fields, tested in tests/servicedesk)."""

import pytest

from feedback.forms import TrackForm, normalize_message


def test_a_message_keeps_its_paragraphs_and_loses_arabic_letters_and_extra_space():
    typed = "  سلام  علي\r\n\r\n\r\n\r\nكد ۱۲۳  "
    assert normalize_message(typed) == "سلام علی\n\nکد 123"


@pytest.mark.parametrize(
    ("typed", "code"),
    [("abcd-2345", "ABCD2345"), ("ABCD ۲۳۴۵", "ABCD2345"), ("\u200fabcd\u200c2345", "ABCD2345")],
)
def test_tracking_codes_are_typed_case_insensitively_with_persian_digits(typed, code):
    form = TrackForm({"code": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["code"] == code
