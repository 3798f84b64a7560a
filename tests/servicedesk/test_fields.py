import datetime

import pytest
from django import forms
from django.utils import translation

from servicedesk.fields import (
    CodeField,
    JalaliDateField,
    MobileField,
    NationalCodeField,
    NormalizedCharField,
    NormalizedEmailField,
    TrackingCodeField,
)


class SampleForm(forms.Form):
    national_id = NationalCodeField()
    number = CodeField()
    day = JalaliDateField(required=False)
    name = NormalizedCharField(required=False)


def test_it_cleans_what_a_phone_types():
    form = SampleForm(
        data={"national_id": "۰۴۹۹-۳۷۰۸۹۹", "number": "۱۲۳ ۴۵", "day": "۱۴۰۵/۰۹/۰۵", "name": "علي"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "national_id": "0499370899",
        "number": "12345",
        "day": datetime.date(2026, 11, 26),
        "name": "علی",
    }


@pytest.mark.parametrize("national_id", ["0499370898", "abc", "12"])
def test_it_refuses_an_invalid_national_code_with_a_message(national_id):
    form = SampleForm(data={"national_id": national_id, "number": "1"})
    assert not form.is_valid()
    assert form.errors["national_id"]


def test_it_refuses_an_impossible_jalali_date():
    form = SampleForm(data={"national_id": "0499370899", "number": "1", "day": "1404/12/30"})
    with translation.override("en"):
        assert not form.is_valid()
        assert "YYYY/MM/DD" in form.errors["day"][0]


class ContactForm(forms.Form):
    email = NormalizedEmailField(required=False)
    mobile = MobileField(required=False)
    code = TrackingCodeField(required=False)


def test_it_reads_a_mobile_number_an_address_and_a_tracking_code_as_typed_on_a_phone():
    form = ContactForm(
        data={
            "email": " zahra@example.org ",
            "mobile": "+98 912 ۱۲۳ ۴۵۶۷",
            "code": "abcd-efgh-۲۳۴۵",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "email": "zahra@example.org",
        "mobile": "09121234567",
        "code": "ABCDEFGH2345",
    }


def test_empty_optional_contacts_clean_to_empty_strings():
    form = ContactForm(data={})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"email": "", "mobile": "", "code": ""}


@pytest.mark.parametrize("typed", ["ABCD234", "ABCD-2340", "ABCDO345", "ABCD-EFGH-234"])
def test_it_refuses_what_cannot_be_a_tracking_code(typed):
    form = ContactForm(data={"code": typed})
    with translation.override("en"):
        assert not form.is_valid()
        assert "12 letters and digits" in form.errors["code"][0]


def test_contact_inputs_are_typed_left_to_right_with_the_right_keyboard():
    form = ContactForm()
    assert form.fields["mobile"].widget.input_type == "tel"
    assert form.fields["mobile"].widget.attrs["inputmode"] == "tel"
    assert form.fields["email"].widget.attrs == {
        "maxlength": "320",
        "autocomplete": "email",
        "dir": "ltr",
    }
