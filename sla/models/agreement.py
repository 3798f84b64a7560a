"""The agreement: its versions, their sections and commitments, frozen once published."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from servicedesk.models import Timestamped
from servicedesk.templatetags.persian import digits
from sla.models.catalogue import Service


class AgreementVersion(Timestamped):
    """One version of the service level agreement.

    A draft is invisible to the public. Publishing fixes its text, dates and commitments for
    good (a change is a new version) and closes the version before it, so that every request is
    judged by the version that was in force when it was filed: never retroactively.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        IN_FORCE = "in_force", _("In force")
        SUPERSEDED = "superseded", _("Superseded")

    title = models.CharField(_("title"), max_length=300)
    caption = models.CharField(_("caption above the title"), max_length=300, blank=True)
    reference = models.CharField(_("circular or instruction"), max_length=200, blank=True)
    reference_date = models.DateField(_("date of the circular"), null=True, blank=True)
    effective_from = models.DateTimeField(
        _("in force from"),
        null=True,
        blank=True,
        help_text=_("Empty: from the moment it is published. Never earlier than publication."),
    )
    effective_to = models.DateTimeField(_("in force until"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    # Who changed a draft, and who published it (sla.services records publication).
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["-effective_from", "-id"]
        # Editors write drafts; publishing (which closes the version in force) is separate.
        permissions = [("publish_agreementversion", "Can publish an agreement version")]
        constraints = [
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(effective_from__isnull=False),
                name="sla_agreementversion_published_has_start",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | (Q(published_at__isnull=False) & Q(effective_to__gt=F("effective_from"))),
                name="sla_agreementversion_closed_after_start",
            ),
        ]
        indexes = [
            # "Which version was in force at moment X": published versions by start.
            models.Index(
                fields=["effective_from"],
                condition=Q(published_at__isnull=False),
                name="sla_version_in_force_idx",
            ),
        ]

    # Fields that publication freezes; effective_to is set once, by the next publication.
    FROZEN_FIELDS = ("title", "caption", "reference", "reference_date", "effective_from")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = (
                type(self)
                .objects.filter(pk=self.pk)
                .values(*self.FROZEN_FIELDS, "published_at", "effective_to")
                .first()
            )
            if stored and stored["published_at"] is not None:
                changed = [
                    name for name in self.FROZEN_FIELDS if stored[name] != getattr(self, name)
                ]
                reopened = stored["effective_to"] is not None and (
                    stored["effective_to"] != self.effective_to
                )
                if changed or reopened or self.published_at != stored["published_at"]:
                    raise PublishedVersionImmutable(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("sla:version-detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self.is_published:
            raise PublishedVersionImmutable(self)
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def status(self, at=None) -> str:
        at = at or timezone.now()
        if not self.is_published:
            return self.Status.DRAFT
        if self.effective_from > at:
            return self.Status.SCHEDULED
        if self.effective_to is not None and self.effective_to <= at:
            return self.Status.SUPERSEDED
        return self.Status.IN_FORCE

    def get_status_display(self) -> str:
        return self.Status(self.status()).label


class PublishedVersionImmutable(Exception):
    """A published agreement version (its text, dates and commitments) never changes."""

    def __init__(self, version):
        super().__init__(
            f"Agreement version {version.pk} is published and cannot change; make a new version."
        )


class FrozenWithVersion(models.Model):
    """A part of an agreement version: frozen once its version is published."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._guard(self.version_id)
        if self.pk is not None:
            previous = type(self).objects.filter(pk=self.pk).values_list("version_id", flat=True)
            for version_id in previous:
                self._guard(version_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._guard(self.version_id)
        return super().delete(*args, **kwargs)

    def _guard(self, version_id):
        if (
            version_id is not None
            and AgreementVersion.objects.filter(pk=version_id, published_at__isnull=False).exists()
        ):
            raise PublishedVersionImmutable(AgreementVersion(pk=version_id))


class AgreementSection(FrozenWithVersion):
    version = models.ForeignKey(
        AgreementVersion,
        verbose_name=_("agreement version"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    heading = models.CharField(_("heading"), max_length=300)
    body = models.TextField(_("text"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "id"]

    def __str__(self):
        return self.heading

    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.body.split("\n\n") if part.strip()]


class Commitment(FrozenWithVersion):
    """A promise of one agreement version, for one service or (service empty) for every service
    that has no commitment of that kind of its own."""

    class Kind(models.TextChoices):
        INQUIRY_ANSWER = "inquiry_answer", _("Answer to a manual inquiry")
        FEEDBACK_ANSWER = "feedback_answer", _("Answer to a suggestion or complaint")
        AVAILABILITY = "availability", _("Online availability")
        SATISFACTION = "satisfaction", _("Satisfaction")
        OTHER = "other", _("Other promise")

    # Kinds whose promise is an answer time in working days.
    ANSWER_KINDS = (Kind.INQUIRY_ANSWER, Kind.FEEDBACK_ANSWER)

    version = models.ForeignKey(
        AgreementVersion,
        verbose_name=_("agreement version"),
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        help_text=_("Empty: the default for every service without a commitment of this kind."),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    working_days = models.PositiveSmallIntegerField(_("working days"), null=True, blank=True)
    target = models.DecimalField(
        _("target"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For satisfaction: the lowest average score promised, out of 5."),
    )
    description = models.CharField(_("promise in words"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["service__service_id", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "service", "kind"],
                condition=Q(service__isnull=False) & ~Q(kind="other"),
                name="sla_commitment_one_per_service_and_kind",
            ),
            models.UniqueConstraint(
                fields=["version", "kind"],
                condition=Q(service__isnull=True) & ~Q(kind="other"),
                name="sla_commitment_one_default_per_kind",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["inquiry_answer", "feedback_answer"])
                | Q(working_days__isnull=False),
                name="sla_commitment_answers_have_working_days",
            ),
            models.CheckConstraint(
                condition=~Q(kind="other") | ~Q(description=""),
                name="sla_commitment_other_is_described",
            ),
        ]
        # promise_in_force looks commitments up by (version, kind): the first unique
        # constraint's index (version, service, kind) and the second's (version, kind) serve it.

    def __str__(self):
        return f"{self.get_kind_display()}: {self.promise_text()}"

    def promise_text(self) -> str:
        if self.description:
            return self.description
        if self.working_days is not None:
            if self.working_days == 0:
                return gettext("the same working day")
            return gettext("within %(count)s working day(s)") % {"count": digits(self.working_days)}
        if self.target is not None:
            return gettext("an average score of at least %(score)s out of 5") % {
                "score": digits(f"{self.target.normalize():f}")
            }
        return ""
