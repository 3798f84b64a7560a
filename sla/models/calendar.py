"""The working calendar: official holidays."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from servicedesk.jalali import jalali_iso
from servicedesk.models import Timestamped


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
