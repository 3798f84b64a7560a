"""What every tracked request shares (manual inquiries, suggestions and complaints): a case
filed with a tracking code, contacts, the promise in force when filed and the deadline counted
from it, assignment, the first answer measured against the deadline and the overdue flags;
its timeline of events; staff's internal notes.

Abstract models: each kind keeps its own table, its status choices, its event kinds and its
named constraints (``case_constraints`` and ``case_indexes`` write the shared ones).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicedesk.codes import TRACKING_LENGTH, TRACKING_PATTERN, format_tracking_code
from servicedesk.models import Timestamped
from servicedesk.sms import MOBILE_PATTERN
from sla.models import AgreementVersion


def _staff_user(verbose_name, **options):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        **options,
    )


class Case(Timestamped):
    """One tracked request. A kind declares ``status`` (with its ``Status`` choices),
    ``OPEN_STATUSES``, ``CLOSED_STATUSES`` (reopening leaves them), ``TRANSITIONS`` (the status
    changes staff make directly) with ``TRANSITION_REFUSED`` (the message when one is not),
    ``SUPERVISOR_EMAILS_SETTING`` (who hears about overdue cases) and ``MEASUREMENT_KIND``
    (what its first answer records into sla)."""

    tracking_code = models.CharField(_("tracking code"), max_length=TRACKING_LENGTH, editable=False)
    # How to reach the person who filed it.
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_mobile = models.CharField(_("contact mobile"), max_length=11, blank=True)
    language = models.CharField(_("language"), max_length=8, default="fa")
    # A keyed hash of the filer's network address (servicedesk.clients): enough to see abuse
    # from one place, never enough to name anyone.
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
    assigned_to = _staff_user(_("assigned to"), limit_choices_to={"is_staff": True})
    # The first answer: when, by whom, and how it measured against the promise.
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = _staff_user(_("answered by"))
    working_days_taken = models.PositiveSmallIntegerField(
        _("working days taken"), null=True, blank=True
    )
    met_deadline = models.BooleanField(_("answered on time"), null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(_("flagged overdue at"), null=True, blank=True)
    overdue_notified_at = models.DateTimeField(_("supervisors told at"), null=True, blank=True)

    # Never kept in a case's history: they change without anyone deciding anything.
    HISTORY_EXCLUDED = ["updated", "overdue_flagged_at", "overdue_notified_at"]

    class Meta:
        abstract = True

    @property
    def display_code(self) -> str:
        return format_tracking_code(self.tracking_code)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, at=None) -> bool:
        at = at or timezone.now()
        return self.is_open and self.deadline is not None and self.deadline < at

    def status_changed(self, previous: str, *, at) -> list[str]:
        """Hook: set what else a change of status into ``self.status`` sets (not saved);
        returns the fields set."""
        return []


def case_constraints(prefix: str) -> list[models.BaseConstraint]:
    """The constraints every kind of case has, named ``<prefix>_<rule>``."""
    return [
        # The tracking page finds a case by its code.
        models.UniqueConstraint(fields=["tracking_code"], name=f"{prefix}_unique_tracking_code"),
        models.CheckConstraint(
            condition=Q(tracking_code__regex=TRACKING_PATTERN),
            name=f"{prefix}_tracking_code_alphabet",
        ),
        models.CheckConstraint(
            condition=Q(contact_mobile="") | Q(contact_mobile__regex=MOBILE_PATTERN),
            name=f"{prefix}_mobile_format",
        ),
        models.CheckConstraint(
            condition=(Q(agreement_version__isnull=True) & Q(deadline__isnull=True))
            | (
                Q(agreement_version__isnull=False)
                & Q(deadline__isnull=False)
                & Q(promised_working_days__isnull=False)
            ),
            name=f"{prefix}_deadline_from_version",
        ),
        models.CheckConstraint(
            condition=Q(answered_at__isnull=True) | Q(answered_at__gte=F("filed_at")),
            name=f"{prefix}_answered_after_filed",
        ),
    ]


def case_indexes(*, queue: str, overdue: str) -> list[models.Index]:
    """The indexes of staff's queue and of the daily overdue command, under the given names."""
    return [
        # Staff's queue in admin: cases of a status, by deadline (overdue / due-soon filters).
        models.Index(fields=["status", "deadline"], name=queue),
        # The daily overdue command: open cases past their deadline not yet flagged.
        models.Index(
            fields=["deadline"],
            condition=Q(status__in=["received", "in_review"], overdue_flagged_at__isnull=True),
            name=overdue,
        ),
    ]


class CaseEvent(models.Model):
    """One step in a case's life: the public ones make the timeline on its tracking page, the
    internal ones (assignment, overdue flags) are for staff only. A kind declares ``case`` (the
    foreign key, ``related_name="events"``); each uses the steps its life has."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_REVIEW = "in_review", _("Taken into review")
        ANSWERED = "answered", _("Answered")
        ANSWER_UPDATED = "answer_updated", _("Answer updated")
        REJECTED = "rejected", _("Rejected")
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened")
        RATED = "rated", _("The submitter rated the answer")
        ASSIGNED = "assigned", _("Assigned")
        OVERDUE = "overdue", _("Flagged overdue")

    # Everything but staff's own bookkeeping (assignment, overdue flags) is shown to the filer.
    PUBLIC_KINDS = (
        Kind.RECEIVED,
        Kind.IN_REVIEW,
        Kind.ANSWERED,
        Kind.ANSWER_UPDATED,
        Kind.REJECTED,
        Kind.CLOSED,
        Kind.REOPENED,
        Kind.RATED,
    )

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = _staff_user(_("by"))
    is_public = models.BooleanField(_("shown on the tracking page"), default=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        abstract = True
        verbose_name = _("event")
        verbose_name_plural = _("timeline")
        ordering = ["at", "id"]
        # The tracking page reads one case's events: the foreign key's index serves it.

    def __str__(self):
        return f"{self.get_kind_display()} ({timezone.localtime(self.at):%Y-%m-%d %H:%M})"


class CaseNote(Timestamped):
    """Staff's internal note on a case: never shown to the filer or the public. A kind declares
    ``case`` (the foreign key, ``related_name="notes"``)."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = models.TextField(_("note"))

    class Meta:
        abstract = True
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created", "id"]

    def __str__(self):
        return self.text[:60]
