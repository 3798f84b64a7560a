import datetime

import pytest
from django import forms
from django.utils import translation

from servicedesk.fields import CodeField, JalaliDateField, NationalCodeField, NormalizedCharField


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
