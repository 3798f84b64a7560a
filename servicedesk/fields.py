"""Form fields that normalise what people type before any check sees it."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from servicedesk.jalali import parse_jalali_date
from servicedesk.national_code import normalize_national_code
from servicedesk.text import normalize_code, normalize_text


class NormalizedCharField(forms.CharField):
    """Free text: Persian letters and ASCII digits, single spaces."""

    def to_python(self, value):
        return normalize_text(super().to_python(value))


class CodeField(forms.CharField):
    """A code typed by hand: Persian digits, spaces, dashes and slashes are accepted."""

    def __init__(self, **kwargs):
        kwargs.setdefault("strip", True)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "off")
        self.widget.attrs.setdefault("spellcheck", "false")
        self.widget.attrs.setdefault("dir", "ltr")

    def to_python(self, value):
        return normalize_code(super().to_python(value))


class NationalCodeField(CodeField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("National code"))
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")

    def to_python(self, value):
        return value.strip() if isinstance(value, str) else value

    def clean(self, value):
        value = self.to_python(value)
        if value in self.empty_values:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return ""
        return normalize_national_code(value)


class JalaliDateField(forms.Field):
    """A Jalali date typed as YYYY/MM/DD, in Persian or Latin digits; cleans to a ``date``."""

    default_error_messages = {
        "invalid": _("Enter a Jalali date as YYYY/MM/DD, for example 1405/09/05."),
    }

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("placeholder", "1405/09/05")
        self.widget.attrs.setdefault("dir", "ltr")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_jalali_date(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
