"""Manual inquiries: a person asks staff to check a certificate that the online registry cannot
answer (an old paper certificate, a doubtful case), with a scanned copy of it.

A request keeps the agreement version in force when it was filed and the deadline counted from
that version: a later version never changes a promise already made.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from servicedesk.codes import TRACKING_LENGTH, TRACKING_PATTERN
from servicedesk.national_code import mask_national_code
from servicedesk.queue import QueueItem
from servicedesk.sms import MOBILE_PATTERN
from servicedesk.storage import private_storage
from sla.models import AgreementVersion

# Jalali years a certificate can have been issued in: the first vocational certificates to the
# current year (checked against today by the form).
FIRST_ISSUE_YEAR = 1340
LAST_POSSIBLE_ISSUE_YEAR = 1500


def scan_upload_to(instance: "ManualRequest", filename: str) -> str:
    """A random name under the month of filing; the extension comes from the checked content,
    never from what the file was called on the sender's computer."""
    extension = ManualRequest.SCAN_EXTENSIONS.get(instance.scan_type, "bin")
    return f"requests/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


class ManualRequest(QueueItem):
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
    SCAN_EXTENSIONS = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}
    SCAN_CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}

    tracking_code = models.CharField(_("tracking code"), max_length=TRACKING_LENGTH, editable=False)
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
    # Who asked, and how to reach them (at least one way).
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_mobile = models.CharField(_("contact mobile"), max_length=11, blank=True)
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
    language = models.CharField(_("language"), max_length=8, default="fa")
    # A keyed hash of the filer's network address (servicedesk.clients): never enough to name.
    client = models.CharField(_("client"), max_length=32, blank=True, editable=False)
    # The promise in force when filed, and the deadline counted from it; all three empty when
    # the agreement in force promised no answer time.
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    agreement_version = models.ForeignKey(
        AgreementVersion,
        verbose_name=_("agreement version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    promised_working_days = models.PositiveSmallIntegerField(
        _("promised working days"), null=True, blank=True
    )
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    # Staff's work.
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"is_staff": True},
    )
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices, blank=True)
    answer_note = models.TextField(
        _("note to the filer"),
        blank=True,
        help_text=_(
            "Shown on the tracking page with the verdict, or as the reason for a rejection."
        ),
    )
    # The first answer (or rejection): when, by whom, and how it measured against the promise.
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    working_days_taken = models.PositiveSmallIntegerField(
        _("working days taken"), null=True, blank=True
    )
    met_deadline = models.BooleanField(_("answered on time"), null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(_("flagged overdue at"), null=True, blank=True)
    overdue_notified_at = models.DateTimeField(_("supervisors told at"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    # History is read per request (its admin history page, by the request's id): no other
    # index on the history table.
    history = HistoricalRecords(
        excluded_fields=["updated", "overdue_flagged_at", "overdue_notified_at"],
        no_db_index=["organisation", "filed_by", "agreement_version", "assigned_to", "answered_by"],
        user_db_constraint=False,
    )

    class Meta:
        verbose_name = _("manual inquiry")
        verbose_name_plural = _("manual inquiries")
        ordering = ["-filed_at", "-id"]
        constraints = [
            # The tracking page finds a request by its code.
            models.UniqueConstraint(
                fields=["tracking_code"], name="certificates_manualrequest_unique_tracking_code"
            ),
            models.CheckConstraint(
                condition=Q(tracking_code__regex=TRACKING_PATTERN),
                name="certificates_manualrequest_tracking_code_alphabet",
            ),
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
                condition=Q(contact_mobile="") | Q(contact_mobile__regex=MOBILE_PATTERN),
                name="certificates_manualrequest_mobile_format",
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
                condition=(Q(agreement_version__isnull=True) & Q(deadline__isnull=True))
                | (
                    Q(agreement_version__isnull=False)
                    & Q(deadline__isnull=False)
                    & Q(promised_working_days__isnull=False)
                ),
                name="certificates_manualrequest_deadline_from_version",
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
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(answered_at__gte=F("filed_at")),
                name="certificates_manualrequest_answered_after_filed",
            ),
        ]
        indexes = [
            # Staff's queue in admin: requests of a status, by deadline (overdue / due soon).
            models.Index(fields=["status", "deadline"], name="certificates_mreq_queue"),
            # The daily overdue command: open requests past their deadline not yet flagged.
            models.Index(
                fields=["deadline"],
                condition=Q(status__in=["received", "in_review"], overdue_flagged_at__isnull=True),
                name="certificates_mreq_overdue",
            ),
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


class ManualRequestEvent(models.Model):
    """One step in a request's life: the public ones make the timeline on its tracking page,
    the internal ones (assignment, overdue flags) are for staff only."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_REVIEW = "in_review", _("Taken into review")
        ANSWERED = "answered", _("Answered")
        ANSWER_UPDATED = "answer_updated", _("Answer updated")
        REJECTED = "rejected", _("Rejected")
        REOPENED = "reopened", _("Reopened")
        ASSIGNED = "assigned", _("Assigned")
        OVERDUE = "overdue", _("Flagged overdue")

    PUBLIC_KINDS = (
        Kind.RECEIVED,
        Kind.IN_REVIEW,
        Kind.ANSWERED,
        Kind.ANSWER_UPDATED,
        Kind.REJECTED,
        Kind.REOPENED,
    )

    manual_request = models.ForeignKey(
        ManualRequest,
        verbose_name=_("manual inquiry"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_public = models.BooleanField(_("shown on the tracking page"), default=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("timeline")
        ordering = ["at", "id"]
        # The tracking page reads one request's events: the foreign key's index serves it.

    def __str__(self):
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d %H:%M})"


class ManualRequestNote(models.Model):
    """Staff's internal note on a request: never shown to the filer."""

    manual_request = models.ForeignKey(
        ManualRequest,
        verbose_name=_("manual inquiry"),
        on_delete=models.CASCADE,
        related_name="notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = models.TextField(_("note"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""), name="certificates_manualrequestnote_not_empty"
            ),
        ]

    def __str__(self):
        return self.text[:60]
