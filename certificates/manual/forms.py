"""Forms of manual inquiries: they validate and normalise what people type and upload (Persian
digits, +98 mobile numbers, a scan checked by its content), nothing else."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.manual import validators
from certificates.models.requests import FIRST_ISSUE_YEAR
from servicedesk.fields import (
    CodeField,
    MobileField,
    NationalCodeField,
    NormalizedCharField,
    NormalizedEmailField,
    TrackingCodeField,
)
from servicedesk.jalali import to_jalali
from servicedesk.templatetags.persian import digits


class IssueYearField(CodeField):
    """A Jalali year of four digits, typed in Persian or Latin digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 8)
        super().__init__(**kwargs)
        self.widget.attrs.update(inputmode="numeric", placeholder="1385")

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        this_year = to_jalali(timezone.localdate()).year
        if not (text.isascii() and text.isdigit() and len(text) == 4):
            raise ValidationError(
                _("Enter the year as four digits of the Jalali calendar, such as 1385."),
                code="invalid",
            )
        year = int(text)
        if not FIRST_ISSUE_YEAR <= year <= this_year:
            raise ValidationError(
                _("Enter a Jalali year between %(first)s and %(last)s."),
                code="out_of_range",
                params={"first": digits(FIRST_ISSUE_YEAR), "last": digits(this_year)},
            )
        return year


class ScanField(forms.FileField):
    """The scan: its kind is decided by content (``validators.check_scan``); cleans to the
    uploaded file with ``scan_type`` set on it."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update(accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png")

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            upload.scan_type = validators.check_scan(upload)
        return upload


class ManualRequestForm(forms.Form):
    certificate_number = CodeField(
        label=_("Certificate number (if you know it)"),
        required=False,
        max_length=32,
        help_text=_("As printed on the certificate; leave it empty if there is none."),
    )
    national_id = NationalCodeField(
        label=_("Holder's national code"),
        help_text=_("Ten digits; Persian or Latin digits are both fine."),
        error_messages={"required": _("Enter the national code.")},
    )
    holder_name = NormalizedCharField(
        label=_("Holder's full name"),
        max_length=200,
        help_text=_("As written on the certificate."),
        error_messages={"required": _("Enter the holder's name.")},
    )
    issue_year = IssueYearField(
        label=_("Year of issue"),
        help_text=_("The Jalali year on the certificate, such as 1385."),
        error_messages={"required": _("Enter the year the certificate was issued.")},
    )
    training_centre = NormalizedCharField(
        label=_("Training centre"),
        max_length=255,
        help_text=_("The centre or institute named on the certificate, and its city."),
        error_messages={"required": _("Enter the training centre named on the certificate.")},
    )
    scan = ScanField(
        label=_("Scanned copy of the certificate"),
        error_messages={
            "required": _("Choose the scan or photo of the certificate."),
            "empty": _("The file is empty. Please choose the scan again."),
            "invalid": _("The file could not be received. Please choose it again."),
        },
    )
    contact_email = NormalizedEmailField(
        label=_("Email"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Enter an email address such as name@example.com.")},
    )
    contact_mobile = MobileField(
        label=_("Mobile number"),
        required=False,
        help_text=_("We send a text message when the answer is ready."),
    )

    def __init__(self, *args, upload_too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.upload_too_large = upload_too_large
        self.fields["scan"].help_text = _(
            "PDF, JPEG or PNG, at most %(max)s MB. Only the staff who examine it can see it."
        ) % {"max": validators.max_scan_megabytes()}
        self.fields["holder_name"].widget.attrs.update(autocomplete="off")
        self.fields["certificate_number"].widget.attrs.update(inputmode="numeric")
        self.fields["issue_year"].widget.attrs["placeholder"] = digits(1385)

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.upload_too_large:
            # The upload handler stopped reading the file: say why it is missing.
            self._errors.pop("scan", None)
            self.add_error("scan", validators.too_large_error())

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("contact_email")
            and not cleaned.get("contact_mobile")
            and "contact_email" not in self.errors
            and "contact_mobile" not in self.errors
        ):
            raise ValidationError(
                _("Leave an email address or a mobile number (or both): the answer is sent there."),
                code="no_contact",
            )
        return cleaned


class TrackForm(forms.Form):
    code = TrackingCodeField(max_length=40)
