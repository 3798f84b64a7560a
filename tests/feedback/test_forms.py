"""Forms normalise what people type: mobile numbers, addresses, codes, messages."""

import pytest
from django.core.exceptions import ValidationError

from feedback.forms import TrackForm, normalize_message, normalize_mobile


@pytest.mark.parametrize(
    "typed",
    [
        "09121234567",
        "۰۹۱۲۱۲۳۴۵۶۷",
        "٠٩١٢١٢٣٤٥٦٧",
        "+989121234567",
        "+98 912 123 4567",
        "0098-912-123-4567",
        "989121234567",
        "9121234567",
        "0912 123 45 67",
        "(0912) 123-4567",
    ],
)
def test_iranian_mobile_numbers_are_normalised(typed):
    assert normalize_mobile(typed) == "09121234567"


@pytest.mark.parametrize(
    "typed", ["0912123456", "02112345678", "+4915112345678", "0912abc4567", "091212345678"]
)
def test_other_numbers_are_refused(typed):
    with pytest.raises(ValidationError):
        normalize_mobile(typed)


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
