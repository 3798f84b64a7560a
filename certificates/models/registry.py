"""The certificate registry and the record of every check made against it."""

import base64
import secrets

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from servicedesk.models import Timestamped
from servicedesk.national_code import mask_national_code

TOKEN_BYTES = 18  # 144 random bits: 24 URL-safe characters, no padding


def new_verification_token() -> str:
    """The unguessable key printed in the certificate's QR link."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_verification_tokens(count: int) -> list[str]:
    """``count`` tokens from one call to the system's random source (bulk imports)."""
    text = base64.urlsafe_b64encode(secrets.token_bytes(TOKEN_BYTES * count)).decode()
    width = TOKEN_BYTES * 4 // 3
    return [text[start : start + width] for start in range(0, width * count, width)]


class Standard(Timestamped):
    """An occupational standard (استاندارد مهارت) that a certificate attests."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=255)
    title_en = models.CharField(_("title in English"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("occupational standard")
        verbose_name_plural = _("occupational standards")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.title}"


class TrainingCentre(Timestamped):
    class Kind(models.TextChoices):
        PUBLIC = "public", _("public")
        PRIVATE = "private", _("private")

    name = models.CharField(_("name"), max_length=255)
    city = models.CharField(_("city"), max_length=100, blank=True)
    province = models.CharField(_("province"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PUBLIC)

    class Meta:
        verbose_name = _("training centre")
        verbose_name_plural = _("training centres")
        ordering = ["province", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "province"], name="certificates_trainingcentre_unique_name"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.province})" if self.province else self.name


class Certificate(Timestamped):
    class Status(models.TextChoices):
        VALID = "valid", _("valid")
        REVOKED = "revoked", _("revoked")
        REPLACED = "replaced", _("replaced")

    number = models.CharField(_("certificate number"), max_length=32)
    national_id = models.CharField(_("national code"), max_length=10)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    father_name = models.CharField(_("father's name"), max_length=100, blank=True)
    first_name_en = models.CharField(_("first name in Latin letters"), max_length=100, blank=True)
    last_name_en = models.CharField(_("last name in Latin letters"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    # The three foreign keys have neither an index nor a database constraint: nothing public
    # looks certificates up by them, and on a 1,000,000-row import the indexes and the
    # per-row constraint triggers cost more than the rest of the import together. The importer
    # resolves every reference by joining the rows it refers to; the ORM protects deletions.
    standard = models.ForeignKey(
        Standard,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("standard"),
        db_index=False,
        db_constraint=False,
    )
    grade = models.CharField(_("grade"), max_length=40, blank=True)
    theory_score = models.DecimalField(
        _("theory score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    practical_score = models.DecimalField(
        _("practical score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    exam_date = models.DateField(_("exam date"), null=True, blank=True)
    issue_date = models.DateField(_("issue date"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    training_centre = models.ForeignKey(
        TrainingCentre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("training centre"),
        db_index=False,
        db_constraint=False,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    status_reason = models.CharField(_("reason for the status"), max_length=500, blank=True)
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("replaced by"),
        db_index=False,
        db_constraint=False,
    )
    token = models.CharField(
        _("verification token"), max_length=32, default=new_verification_token, editable=False
    )

    # History keeps an index on the certificate id only (its admin history page); bulk imports
    # write one history row per created or corrected certificate, so fewer indexes, faster.
    history = HistoricalRecords(
        excluded_fields=["updated"],
        no_db_index=["number", "token", "standard", "training_centre", "replaced_by"],
        user_db_constraint=False,
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issue_date", "number"]
        # Beyond add/change: a whole file at once, and a status change everyone who checks sees.
        permissions = [
            ("import_certificates", "Can import certificates from a file"),
            ("revoke_certificate", "Can revoke or replace a certificate"),
        ]
        indexes = [
            # Staff search the registry by the holder's national code.
            models.Index(fields=["national_id"], name="certificates_cert_national_id"),
        ]
        # Uniqueness as constraints, not unique=True: that would add a second, LIKE-pattern
        # index to each column on PostgreSQL, which nothing here uses.
        constraints = [
            # Every check looks a certificate up by its number...
            models.UniqueConstraint(
                fields=["number"], name="certificates_certificate_unique_number"
            ),
            # ...or by the token of its QR link.
            models.UniqueConstraint(fields=["token"], name="certificates_certificate_unique_token"),
            models.CheckConstraint(
                condition=Q(national_id__regex=r"^[0-9]{10}$"),
                name="certificates_certificate_national_id_ten_digits",
            ),
            models.CheckConstraint(
                condition=~Q(status="replaced") | Q(replaced_by__isnull=False),
                name="certificates_certificate_replaced_names_successor",
            ),
            models.CheckConstraint(
                condition=~Q(replaced_by=F("pk")),
                name="certificates_certificate_not_replaced_by_itself",
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("certificates:qr", kwargs={"token": self.token})

    @property
    def holder_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def holder_name_en(self) -> str:
        return f"{self.first_name_en} {self.last_name_en}".strip()

    @property
    def masked_national_id(self) -> str:
        return mask_national_code(self.national_id)


class Outcome(models.TextChoices):
    """What a check answers; the same five words in the API and the page markers."""

    VALID = "valid", _("valid")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")
    REPLACED = "replaced", _("replaced")
    NOT_FOUND = "not_found", _("not found")


class Inquiry(models.Model):
    """One check of one certificate, by any channel; its receipt code proves it later.

    No raw address or national code is kept: the client is a keyed hash, the national code
    is masked.
    """

    class Channel(models.TextChoices):
        FORM = "form", _("web form")
        QR = "qr", _("QR link")
        API = "api", _("API")
        BULK = "bulk", _("bulk check")
        MANUAL = "manual", _("manual inquiry")

    receipt_code = models.CharField(_("receipt code"), max_length=16)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inquiries",
        verbose_name=_("certificate"),
    )
    organisation = models.ForeignKey(
        "certificates.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inquiries",
        verbose_name=_("organisation"),
        db_index=False,  # served by the partial index below
    )
    checked_number = models.CharField(_("number checked"), max_length=64)
    checked_national_id = models.CharField(_("national code checked (masked)"), max_length=16)
    language = models.CharField(_("language"), max_length=8)
    client_hash = models.CharField(_("client (keyed hash)"), max_length=32, blank=True)
    created = models.DateTimeField(_("checked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiry log")
        ordering = ["-created"]
        indexes = [
            # The daily volume of online checks per day, and the log's date filter.
            models.Index(fields=["created"], name="certificates_inquiry_created"),
            # An organisation's own inquiry history, newest first.
            models.Index(
                fields=["organisation", "-created"],
                name="certificates_inquiry_org",
                condition=models.Q(organisation__isnull=False),
            ),
        ]
        constraints = [
            # Receipt pages look inquiries up by their code.
            models.UniqueConstraint(
                fields=["receipt_code"], name="certificates_inquiry_unique_receipt"
            ),
        ]

    def __str__(self):
        return self.receipt_code

    def get_absolute_url(self):
        return reverse("certificates:receipt", kwargs={"code": self.receipt_code})

    @property
    def receipt_code_display(self) -> str:
        """ABCD-EFGH-JKLM: easier to read aloud and to copy by hand."""
        code = self.receipt_code
        return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
