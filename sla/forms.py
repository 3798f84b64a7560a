"""Forms of the public pages: they normalise what people type, nothing else."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from servicedesk.fields import JalaliDateField, NormalizedCharField
from servicedesk.text import normalize_code
from sla.models import Service, ServiceChannel, ServiceRecipient


def _with_any(label, choices):
    return [("", label), *choices]


class CatalogueForm(forms.Form):
    q = NormalizedCharField(label=_("Search"), required=False, max_length=100)
    recipient = forms.ChoiceField(
        label=_("Recipient"),
        required=False,
        choices=_with_any(_("Any recipient"), ServiceRecipient.Recipient.choices),
    )
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=_with_any(_("Any type"), Service.Type.choices),
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=_with_any(_("Any channel"), ServiceChannel.Channel.choices),
    )
    electronic = forms.BooleanField(label=_("Fully electronic only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(type="search", autocomplete="off")

    def filters(self) -> dict:
        """Keyword arguments for selectors.service_catalogue; invalid fields are left out."""
        data = self.cleaned_data if self.is_bound else {}
        return {
            "query": data.get("q", ""),
            "recipient": data.get("recipient", ""),
            "service_type": data.get("type", ""),
            "channel": data.get("channel", ""),
            "fully_electronic": bool(data.get("electronic")),
        }

    @property
    def is_filtered(self) -> bool:
        return any(self.filters().values())


class AgreementDateForm(forms.Form):
    """Which agreement was in force on a date (Jalali, in Persian or Latin digits)."""

    on = JalaliDateField(label=_("Date (Jalali, YYYY/MM/DD)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].widget.attrs.update(inputmode="numeric", autocomplete="off")


class PerformanceForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), required=False)

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [
            ("", _("All services")),
            *((service.service_id, str(service)) for service in services),
        ]

    def clean_service(self):
        value = normalize_code(self.cleaned_data["service"] or "")
        if value and value not in dict(self.fields["service"].choices):
            raise ValidationError(_("Choose a published service."))
        return value
