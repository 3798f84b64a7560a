"""The service agreement's data: services and their ID cards, agreement versions with their
sections and commitments, official holidays, and the measurements other apps record.

Dates are plain ``DateField``/``DateTimeField`` values; pages show them in the Jalali calendar.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from servicedesk.jalali import jalali_iso
from servicedesk.models import Timestamped
from servicedesk.templatetags.persian import digits
from sla.search import searchable

validate_service_id = RegexValidator(
    r"^[0-9]{11}$", _("A service ID has exactly eleven digits."), code="invalid_service_id"
)


# --- the catalogue: a service and the parts of its ID card -------------------------------------
class Service(Timestamped):
    """One identified service of the directorate, with the fields of the national ID card form."""

    class Type(models.TextChoices):
        G2C = "g2c", _("Government to citizen (G2C)")
        G2B = "g2b", _("Government to business (G2B)")
        G2G = "g2g", _("Government to government (G2G)")

    class Nature(models.TextChoices):
        SOVEREIGN = "sovereign", _("Sovereign")
        OPERATIONAL = "operational", _("Operational")

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")
        CITY = "city", _("City")

    class Trigger(models.TextChoices):
        APPLICANT_REQUEST = "applicant_request", _("The applicant's request")
        DATE = "date", _("A set date")
        EVENT = "event", _("An event")
        AGENCY_DECISION = "agency_decision", _("The agency's decision")

    service_id = models.CharField(
        _("service ID"),
        max_length=11,
        unique=True,
        validators=[validate_service_id],
        help_text=_("The eleven-digit ID of the service in the national registry of services."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent service"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_services",
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    summary = models.TextField(_("summary"))
    summary_en = models.TextField(_("summary in English"), blank=True)
    description = models.TextField(_("full description"))
    provider = models.CharField(_("providing agency"), max_length=200)
    parent_agency = models.CharField(_("parent agency"), max_length=200)
    service_type = models.CharField(_("type of service"), max_length=8, choices=Type.choices)
    nature = models.CharField(_("nature of service"), max_length=16, choices=Nature.choices)
    level = models.CharField(_("level of service"), max_length=16, choices=Level.choices)
    life_event = models.CharField(_("related life event"), max_length=200, blank=True)
    trigger = models.CharField(_("how the service starts"), max_length=24, choices=Trigger.choices)
    cost_rials = models.PositiveBigIntegerField(
        _("cost in rials"), default=0, help_text=_("Zero means the service is free.")
    )
    payment_method = models.CharField(_("how to pay"), max_length=300, blank=True)
    delivery_working_days = models.PositiveSmallIntegerField(
        _("promised delivery time in working days"),
        default=0,
        help_text=_("Zero means the service is delivered immediately."),
    )
    validity = models.CharField(_("validity of the result"), max_length=200, blank=True)
    frequency_per_year = models.PositiveIntegerField(
        _("frequency (requests per year)"), null=True, blank=True
    )
    in_person_visits = models.PositiveSmallIntegerField(_("number of in-person visits"), default=0)
    informing_online = models.BooleanField(_("informing is electronic"), default=False)
    request_online = models.BooleanField(_("the request is electronic"), default=False)
    production_online = models.BooleanField(_("production is electronic"), default=False)
    delivery_online = models.BooleanField(_("delivery is electronic"), default=False)
    online_url = models.URLField(_("online entry address"), blank=True)
    where_to_apply = models.TextField(_("where to apply"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    responsible_unit = models.CharField(_("responsible unit"), max_length=200)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    survey_slug = models.SlugField(
        _("survey"),
        blank=True,
        allow_unicode=False,
        help_text=_("The address name of this service's survey (/surveys/<name>/), if it has one."),
    )
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    # What the catalogue search compares with: the normalised text of the fields people search.
    search_text = models.TextField(editable=False, default="")

    # Who changed the card and what (shown in its admin page's history and on recent changes);
    # the derived search text would only repeat the fields it is made of.
    history = HistoricalRecords(excluded_fields=["updated", "search_text"])

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["service_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(service_id__regex=r"^[0-9]{11}$"), name="sla_service_id_eleven_digits"
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("pk")),
                name="sla_service_not_its_own_parent",
            ),
        ]
        indexes = [
            # The catalogue, the home page and the exports: published services in ID order.
            models.Index(fields=["is_published", "service_id"], name="sla_service_published_idx"),
        ]

    def __str__(self):
        return f"{self.service_id} {self.title}"

    def save(self, *args, **kwargs):
        self.search_text = searchable(
            " ".join(
                [
                    self.service_id,
                    self.title,
                    self.title_en,
                    self.summary,
                    self.summary_en,
                    self.life_event,
                    self.provider,
                    self.responsible_unit,
                ]
            )
        )
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("sla:service-detail", args=[self.service_id])

    @property
    def is_free(self) -> bool:
        return self.cost_rials == 0

    @property
    def is_immediate(self) -> bool:
        return self.delivery_working_days == 0

    @property
    def is_fully_electronic(self) -> bool:
        return all(
            [
                self.informing_online,
                self.request_online,
                self.production_online,
                self.delivery_online,
            ]
        )

    def recipient_labels(self) -> list[str]:
        return [item.get_recipient_display() for item in self.recipients.all()]

    # Legal references behind each claim of the card (from the prefetched references).
    def cost_references(self) -> list["LegalReference"]:
        return [ref for ref in self.legal_references.all() if ref.supports_cost]

    def time_references(self) -> list["LegalReference"]:
        return [ref for ref in self.legal_references.all() if ref.supports_time]

    def validity_references(self) -> list["LegalReference"]:
        return [ref for ref in self.legal_references.all() if ref.supports_validity]

    def readiness(self) -> list[tuple[str, bool]]:
        """The e-readiness of each stage, in the order of the national form."""
        return [
            (_("Informing"), self.informing_online),
            (_("Request"), self.request_online),
            (_("Production"), self.production_online),
            (_("Delivery"), self.delivery_online),
        ]


class ProcessStep(models.Model):
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("step"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class RequiredDocument(models.Model):
    class Form(models.TextChoices):
        ORIGINAL = "original", _("Original")
        COPY = "copy", _("Copy")
        ORIGINAL_AND_COPY = "original_and_copy", _("Original and copy")
        ELECTRONIC = "electronic", _("Electronic file")

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="documents"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("document"), max_length=300)
    form = models.CharField(_("original or copy"), max_length=24, choices=Form.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class LegalReference(models.Model):
    """A law, regulation or circular, attached to the claims of the card it supports."""

    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        related_name="legal_references",
    )
    title = models.CharField(_("title"), max_length=300)
    number = models.CharField(_("number"), max_length=100, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    article = models.CharField(_("article"), max_length=200, blank=True)
    supports_cost = models.BooleanField(_("supports the cost"), default=False)
    supports_time = models.BooleanField(_("supports the delivery time"), default=False)
    supports_validity = models.BooleanField(_("supports the validity"), default=False)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["id"]

    def __str__(self):
        return self.title

    def supported_claims(self) -> list[str]:
        claims = [
            (self.supports_cost, _("cost")),
            (self.supports_time, _("delivery time")),
            (self.supports_validity, _("validity")),
        ]
        return [str(label) for supported, label in claims if supported]


class ServiceChannel(models.Model):
    class Channel(models.TextChoices):
        WEB = "web", _("Website")
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("Phone")
        SMS = "sms", _("SMS")
        APP = "app", _("Mobile app")

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="channels"
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    detail = models.CharField(_("address, number or link"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "channel"], name="sla_servicechannel_one_per_channel"
            ),
        ]

    def __str__(self):
        return self.get_channel_display()


class ServiceRecipient(models.Model):
    class Recipient(models.TextChoices):
        CITIZENS = "citizens", _("Citizens")
        FOREIGN_NATIONALS = "foreign_nationals", _("Foreign nationals")
        BUSINESSES = "businesses", _("Businesses and employers")
        TRAINING_INSTITUTES = "training_institutes", _("Private training institutes")
        GOVERNMENT = "government", _("Government agencies")

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="recipients"
    )
    recipient = models.CharField(_("recipient"), max_length=24, choices=Recipient.choices)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "recipient"], name="sla_servicerecipient_one_per_recipient"
            ),
        ]

    def __str__(self):
        return self.get_recipient_display()


class FaqEntry(models.Model):
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="faqs"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"))

    class Meta:
        verbose_name = _("frequently asked question")
        verbose_name_plural = _("frequently asked questions")
        ordering = ["order", "id"]

    def __str__(self):
        return self.question


# --- the agreement ------------------------------------------------------------------------------
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


# --- the working calendar -----------------------------------------------------------------------
class Holiday(Timestamped):
    """An official holiday; weekly days off come from the WEEKLY_DAYS_OFF setting."""

    date = models.DateField(_("date"))
    title = models.CharField(_("occasion"), max_length=200)

    class Meta:
        verbose_name = _("official holiday")
        verbose_name_plural = _("official holidays")
        ordering = ["date"]
        constraints = [
            # Also the index for the working calendar's range look-ups by date.
            models.UniqueConstraint(fields=["date"], name="sla_holiday_unique_date"),
        ]

    def __str__(self):
        return f"{jalali_iso(self.date)} {self.title}"


# --- measured performance -----------------------------------------------------------------------
class Measurement(Timestamped):
    """One recorded fact about a service: an event (an inquiry answered, a survey score) or a
    day's total (online checks of that day). Other apps write these through sla.services."""

    class Kind(models.TextChoices):
        ONLINE_CHECKS = "online_checks", _("Online checks")
        INQUIRY_ANSWERED = "inquiry_answered", _("Manual inquiry answered")
        FEEDBACK_ANSWERED = "feedback_answered", _("Suggestion or complaint answered")
        SATISFACTION = "satisfaction", _("Satisfaction score")

    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        related_name="measurements",
        # The composite index below starts with the service.
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("occurred at"))
    # The local (Asia/Tehran) date of occurred_at: the unit of daily totals and of the tallies.
    day = models.DateField(_("day"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, default=1)
    met_deadline = models.BooleanField(_("met the deadline"), null=True, blank=True)
    is_daily_total = models.BooleanField(_("daily total"), default=False)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "kind", "day"],
                condition=Q(is_daily_total=True),
                name="sla_measurement_one_daily_total",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="sla_measurement_value_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(kind="satisfaction") | Q(value__gte=1, value__lte=5),
                name="sla_measurement_satisfaction_1_to_5",
            ),
        ]
        indexes = [
            # Rebuilding one service's tallies, and staff's per-service listing in admin.
            models.Index(fields=["service", "kind", "day"], name="sla_measurement_service_idx"),
        ]

    def __str__(self):
        return f"{self.service_id} {self.kind} {self.day} {self.value}"


class DailyTally(models.Model):
    """How many measurements of one value a service had on one day, kept in step with
    Measurement by sla.services in the same transaction.

    The performance page reads these instead of the raw rows: a year of a busy service is a few
    thousand tallies instead of a million events, and since each tally is one value with its
    count, sums, on-time shares and exact percentiles all follow from them.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.CharField(max_length=24, choices=Measurement.Kind.choices)
    day = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=2)
    records = models.PositiveIntegerField(default=0)
    met = models.PositiveIntegerField(default=0)
    judged = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily tally")
        verbose_name_plural = _("daily tallies")
        constraints = [
            # The upsert of sla.services targets this one.
            models.UniqueConstraint(
                fields=["service", "kind", "day", "value"], name="sla_dailytally_one_per_value"
            ),
        ]
        indexes = [
            # The performance page: every tally of the last 365 days.
            models.Index(fields=["day"], name="sla_dailytally_day_idx"),
        ]

    def __str__(self):
        return f"{self.service_id} {self.kind} {self.day} {self.value}×{self.records}"
