"""Employer organisations: their members, API keys and bulk checks."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from servicedesk.models import Timestamped
from servicedesk.storage import private_storage
from servicedesk.validators import validate_organisation_id

KEY_PREFIX_LENGTH = 8


class Organisation(Timestamped):
    """An employer, a recruiter or an assessor abroad that checks certificates."""

    name = models.CharField(_("name"), max_length=255)
    national_id = models.CharField(
        _("national organisation ID"),
        max_length=11,
        blank=True,
        validators=[validate_organisation_id],
        help_text=_(
            "The 11-digit national ID of an Iranian legal entity; empty for foreign organisations."
        ),
    )
    contact_name = models.CharField(_("contact person"), max_length=255, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="certificates_organisation_unique_name"),
            models.UniqueConstraint(
                fields=["national_id"],
                condition=~Q(national_id=""),
                name="certificates_organisation_unique_national_id",
            ),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A user who acts for an organisation (one organisation per user)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self):
        return f"{self.user} — {self.organisation}"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKey(models.Model):
    """A key for the JSON API. The key itself is shown once; only its hash is kept."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="api_keys",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What or who uses this key."))
    prefix = models.CharField(_("prefix"), max_length=KEY_PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(_("hash of the key"), max_length=64, editable=False)
    requests_per_minute = models.PositiveIntegerField(_("requests per minute"), default=600)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["organisation", "-created"]
        constraints = [
            # Every API call finds its key by the hash of what it presents.
            models.UniqueConstraint(fields=["key_hash"], name="certificates_apikey_unique_hash"),
            models.UniqueConstraint(fields=["prefix"], name="certificates_apikey_unique_prefix"),
        ]

    def __str__(self):
        return f"{self.prefix}… ({self.name})"

    @classmethod
    def generate(cls) -> tuple[str, str]:
        """A new key and its visible prefix: ``sd_<prefix>_<secret>`` (the secret has 256 bits)."""
        prefix = secrets.token_hex(KEY_PREFIX_LENGTH // 2)
        return f"sd_{prefix}_{secrets.token_urlsafe(32)}", prefix

    @property
    def is_active(self) -> bool:
        return self.revoked is None and self.organisation.active


class BulkCheck(models.Model):
    """One uploaded file of checks and its results, kept for the organisation to download."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="bulk_checks",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("user"),
    )
    api_key = models.ForeignKey(
        ApiKey, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("API key")
    )
    source_name = models.CharField(_("file name"), max_length=255, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    valid = models.PositiveIntegerField(_("valid"), default=0)
    expired = models.PositiveIntegerField(_("expired"), default=0)
    revoked = models.PositiveIntegerField(_("revoked"), default=0)
    replaced = models.PositiveIntegerField(_("replaced"), default=0)
    not_found = models.PositiveIntegerField(_("not found"), default=0)
    rejected = models.PositiveIntegerField(_("rejected rows"), default=0)
    result_csv = models.FileField(_("result (CSV)"), storage=private_storage, upload_to="bulk/")
    # Made from the CSV on its first download.
    result_xlsx = models.FileField(
        _("result (XLSX)"), storage=private_storage, upload_to="bulk/", blank=True
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bulk check")
        verbose_name_plural = _("bulk checks")
        ordering = ["-created"]
        indexes = [
            # An organisation's past runs, newest first.
            models.Index(fields=["organisation", "-created"], name="certificates_bulk_org_created"),
        ]

    def __str__(self):
        return f"{self.organisation} · {self.created:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("certificates:bulk-detail", kwargs={"pk": self.pk})
