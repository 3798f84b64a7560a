"""Form fields that normalise what people type before any check sees it."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from servicedesk.codes import LEGACY_TRACKING_LENGTH, TRACKING_LENGTH, is_tracking_code
from servicedesk.jalali import parse_jalali_date
from servicedesk.national_code import normalize_national_code
from servicedesk.sms import normalize_mobile
from servicedesk.templatetags.persian import digits
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


class TrackingCodeField(CodeField):
    """A tracking code as people type it back (any case, dashes, Persian digits); cleans to the
    stored form, or refuses what cannot be a code."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Tracking code"))
        kwargs.setdefault(
            "help_text",
            _(
                "Twelve letters and digits, such as ABCD-EFGH-2345 (older codes have eight); any"
                " case, Persian digits are fine."
            ),
        )
        kwargs.setdefault("error_messages", {"required": _("Enter your tracking code.")})
        super().__init__(**kwargs)

    def clean(self, value):
        code = super().clean(value)
        if code and not is_tracking_code(code):
            raise ValidationError(
                _(
                    "A tracking code has %(length)s letters and digits, such as ABCD-EFGH-2345 (older codes have %(legacy)s). Please check the code you were given."
                ),
                code="invalid",
                params={
                    "length": digits(TRACKING_LENGTH),
                    "legacy": digits(LEGACY_TRACKING_LENGTH),
                },
            )
        return code


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


class MobileField(forms.CharField):
    """An Iranian mobile number, however it is typed; cleans to 09xxxxxxxxx (or "")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.input_type = "tel"
        self.widget.attrs.update(inputmode="tel", autocomplete="tel", dir="ltr")

    def clean(self, value):
        value = super().clean(value)
        return normalize_mobile(value) if value else ""


class NormalizedEmailField(forms.EmailField):
    """An email address without the spaces and Persian digits a phone keyboard slips in."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update(autocomplete="email", dir="ltr")

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_text(value).replace(" ", "") if value else value


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
