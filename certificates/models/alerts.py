"""Guessing alerts: a certificate number or an organisation that spent its failure budget."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GuessingAlert(models.Model):
    """Too many checks that matched nothing, in one day: of one certificate number (from any
    channel and client), or by one organisation (bulk checks and its API key).

    One row per number or organisation and day, made when the budget runs out; staff review it
    and the supervisors are mailed."""

    class Scope(models.TextChoices):
        NUMBER = "number", _("certificate number")
        ORGANISATION = "organisation", _("organisation")

    scope = models.CharField(_("spent by"), max_length=12, choices=Scope.choices)
    day = models.DateField(_("day"))
    checked_number = models.CharField(_("number checked"), max_length=64, blank=True)
    organisation = models.ForeignKey(
        "certificates.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="guessing_alerts",
        verbose_name=_("organisation"),
    )
    channel = models.CharField(_("last channel"), max_length=10)
    failures = models.PositiveIntegerField(_("checks that matched nothing"))
    created = models.DateTimeField(_("raised at"), auto_now_add=True)

    class Meta:
        verbose_name = _("guessing alert")
        verbose_name_plural = _("guessing alerts")
        ordering = ["-created"]
        constraints = [
            # One alert per number, or per organisation, and day: raising it twice is a no-op.
            models.UniqueConstraint(
                fields=["day", "checked_number"],
                condition=models.Q(scope="number"),
                name="certificates_guessingalert_unique_number_day",
            ),
            models.UniqueConstraint(
                fields=["day", "organisation"],
                condition=models.Q(scope="organisation"),
                name="certificates_guessingalert_unique_organisation_day",
            ),
        ]

    def __str__(self):
        return self.checked_number or str(self.organisation)
