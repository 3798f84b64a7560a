from django import forms
from django.utils.translation import gettext_lazy as _

from servicedesk.staff.two_factor import normalize_token


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "dir": "ltr",
                "autofocus": True,
            }
        ),
    )

    def clean_token(self):
        return normalize_token(self.cleaned_data["token"])


class SetupTokenForm(TokenForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].label = _("The code your app shows")
        self.fields["token"].help_text = _("Six digits; a new one appears every 30 seconds.")
        self.fields["token"].widget.attrs["inputmode"] = "numeric"
        self.fields["token"].widget.attrs.pop("autofocus")
