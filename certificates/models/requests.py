"""Manual inquiries: a person asks staff to check a certificate that the online registry cannot
answer (an old paper certificate, a doubtful case), with a scanned copy of it.

A request keeps the agreement version in force when it was filed and the deadline counted from
that version: a later version never changes a promise already made.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.models import Case, CaseEvent, CaseNote, case_constraints, case_indexes
from servicedesk.national_code import mask_national_code
from servicedesk.storage import private_storage
from sla.models import Measurement

# Jalali years a certificate can have been issued in: the first vocational certificates to the
# current year (checked against today by the form).
FIRST_ISSUE_YEAR = 1340
LAST_POSSIBLE_ISSUE_YEAR = 1500


def scan_upload_to(instance: "ManualRequest", filename: str) -> str:
    """A random name under the month of filing; the extension comes from the checked content,
    never from what the file was called on the sender's computer."""
    extension = ManualRequest.SCAN_EXTENSIONS.get(instance.scan_type, "bin")
    return f"requests/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


class ManualRequest(Case):
    """One request for a manual check, from filing to the directorate's answer."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_REVIEW = "in_review", _("In review")
        ANSWERED = "answered", _("Answered")
        REJECTED = "rejected", _("Rejected")

    class Verdict(models.TextChoices):
        AUTHENTIC = "authentic", _("Authentic")
        NOT_AUTHENTIC = "not_authentic", _("Not authentic")
        UNDETERMINED = "undetermined", _("Cannot be determined")

    class ScanType(models.TextChoices):
        PDF = "pdf", "PDF"
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"

    OPEN_STATUSES = (Status.RECEIVED, Status.IN_REVIEW)
    CLOSED_STATUSES = (Status.ANSWERED, Status.REJECTED)
    # Status changes staff make directly; "answered" and "rejected" are reached only through
    # manual_request_answer and manual_request_reject, and left only by reopening into review.
    TRANSITIONS = {
        Status.RECEIVED: {Status.IN_REVIEW},
        Status.IN_REVIEW: {Status.RECEIVED},
        Status.ANSWERED: {Status.IN_REVIEW},
        Status.REJECTED: {Status.IN_REVIEW},
    }
    TRANSITION_REFUSED = _("A request cannot go from “%(old)s” to “%(new)s”.")
    SUPERVISOR_EMAILS_SETTING = "MANUAL_REQUEST_SUPERVISOR_EMAILS"
    MEASUREMENT_KIND = Measurement.Kind.INQUIRY_ANSWERED
    SCAN_EXTENSIONS = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}
    SCAN_CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}

    # What the filer tells us about the certificate.
    certificate_number = models.CharField(_("certificate number"), max_length=32, blank=True)
    national_id = models.CharField(_("holder's national code"), max_length=10)
    holder_name = models.CharField(_("holder's name"), max_length=200)
    issue_year = models.PositiveSmallIntegerField(_("year of issue (Jalali)"))
    training_centre = models.CharField(_("training centre"), max_length=255)
    scan = models.FileField(
        _("scanned copy"), storage=private_storage, upload_to=scan_upload_to, max_length=200
    )
    scan_type = models.CharField(_("file type"), max_length=4, choices=ScanType.choices)
    scan_size = models.PositiveIntegerField(_("file size (bytes)"))
    # Who asked (contacts: Case; at least one way to reach them while open).
    organisation = models.ForeignKey(
        "certificates.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="manual_requests",
        db_index=False,  # served by the partial index below
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Staff's work.
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices, blank=True)
    answer_note = models.TextField(
        _("note to the filer"),
        blank=True,
        help_text=_(
            "Shown on the tracking page with the verdict, or as the reason for a rejection."
        ),
    )

    # History is read per request (its admin history page, by the request's id): no other
    # index on the history table.
    history = HistoricalRecords(
        excluded_fields=Case.HISTORY_EXCLUDED,
        no_db_index=["organisation", "filed_by", "agreement_version", "assigned_to", "answered_by"],
        user_db_constraint=False,
    )

    class Meta:
        verbose_name = _("manual inquiry")
        verbose_name_plural = _("manual inquiries")
        ordering = ["-filed_at", "-id"]
        constraints = [
            *case_constraints("certificates_manualrequest"),
            # Empty once the retention rules have removed the holder's identity.
            models.CheckConstraint(
                condition=Q(national_id__regex=r"^[0-9]{10}$") | Q(national_id=""),
                name="certificates_manualrequest_national_id_ten_digits",
            ),
            models.CheckConstraint(
                condition=Q(
                    issue_year__gte=FIRST_ISSUE_YEAR, issue_year__lte=LAST_POSSIBLE_ISSUE_YEAR
                ),
                name="certificates_manualrequest_issue_year_range",
            ),
            models.CheckConstraint(
                condition=Q(scan_type__in=["pdf", "jpeg", "png"]),
                name="certificates_manualrequest_scan_type_valid",
            ),
            # An open request can be answered somewhere; an answered one may have had its
            # contact details removed by the retention rules.
            models.CheckConstraint(
                condition=~Q(contact_email="")
                | ~Q(contact_mobile="")
                | Q(status__in=["answered", "rejected"]),
                name="certificates_manualrequest_has_contact",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["received", "in_review", "answered", "rejected"]),
                name="certificates_manualrequest_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(verdict__in=["", "authentic", "not_authentic", "undetermined"]),
                name="certificates_manualrequest_verdict_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="answered") | (~Q(verdict="") & Q(answered_at__isnull=False)),
                name="certificates_manualrequest_answered_has_verdict",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected")
                | (Q(verdict="") & ~Q(answer_note="") & Q(answered_at__isnull=False)),
                name="certificates_manualrequest_rejected_has_reason",
            ),
        ]
        indexes = [
            *case_indexes(queue="certificates_mreq_queue", overdue="certificates_mreq_overdue"),
            # An organisation's own requests, newest first.
            models.Index(
                fields=["organisation", "-filed_at"],
                condition=Q(organisation__isnull=False),
                name="certificates_mreq_org",
            ),
        ]

    def __str__(self):
        return self.display_code

    def get_absolute_url(self):
        return f"{reverse('certificates:request-track')}?code={self.tracking_code}"

    @property
    def masked_national_id(self) -> str:
        return mask_national_code(self.national_id)

    @property
    def has_answer(self) -> bool:
        return self.status in self.CLOSED_STATUSES

    @property
    def scan_content_type(self) -> str:
        return self.SCAN_CONTENT_TYPES.get(self.scan_type, "application/octet-stream")

    @property
    def scan_download_name(self) -> str:
        return f"request-{self.tracking_code}.{self.SCAN_EXTENSIONS.get(self.scan_type, 'bin')}"


class ManualRequestEvent(CaseEvent):
    """One step in a request's life (see casework.models.CaseEvent)."""

    case = models.ForeignKey(
        ManualRequest,
        verbose_name=_("manual inquiry"),
        on_delete=models.CASCADE,
        related_name="events",
    )

    class Meta(CaseEvent.Meta):
        pass


class ManualRequestNote(CaseNote):
    """Staff's internal note on a request: never shown to the filer."""

    case = models.ForeignKey(
        ManualRequest,
        verbose_name=_("manual inquiry"),
        on_delete=models.CASCADE,
        related_name="notes",
    )

    class Meta(CaseNote.Meta):
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""), name="certificates_manualrequestnote_not_empty"
            ),
        ]
