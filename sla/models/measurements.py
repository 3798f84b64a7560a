"""Measured performance: the facts other apps record, and their daily tallies."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from servicedesk.models import Timestamped
from sla.models.catalogue import Service


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
