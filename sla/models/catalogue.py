"""The catalogue: a service and the parts of its ID card (steps, documents, legal references,
channels, recipients, questions)."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from servicedesk.models import Timestamped
from sla.search import searchable

validate_service_id = RegexValidator(
    r"^[0-9]{11}$", _("A service ID has exactly eleven digits."), code="invalid_service_id"
)


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
