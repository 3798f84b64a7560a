from django import forms
from django.utils.translation import gettext_lazy as _

from servicedesk.fields import CodeField, NationalCodeField


class VerificationForm(forms.Form):
    """Number and national code, both normalised: Persian digits, spaces and dashes are fine."""

    number = CodeField(
        label=_("Certificate number"),
        max_length=40,
        help_text=_("As printed on the certificate."),
    )
    national_id = NationalCodeField(
        label=_("Holder's national code"),
        help_text=_("Ten digits; Persian or Latin digits are both fine."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].widget.attrs.update(inputmode="numeric", autofocus=True)
        self.fields["number"].error_messages["required"] = _("Enter the certificate number.")
        self.fields["national_id"].error_messages["required"] = _("Enter the national code.")

    def clean_number(self):
        number = self.cleaned_data["number"]
        if not number.isalnum():
            raise forms.ValidationError(
                _("A certificate number has letters and digits only."), code="invalid"
            )
        return number
