"""Suggestions and complaints with their tracking codes, staff's answers, notes and reply
templates.

A suggestion keeps the agreement version in force when it was filed and the deadline counted
from that version: a later version never changes a promise already made.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from feedback.models.base import Timestamped
from servicedesk.codes import TRACKING_LENGTH, TRACKING_PATTERN
from servicedesk.queue import QueueItem
from servicedesk.sms import MOBILE_PATTERN
from sla.models import AgreementVersion, Service

MESSAGE_MIN_LENGTH = 10
MESSAGE_MAX_LENGTH = 2000


# --- suggestions and complaints -------------------------------------------------------------------
class Feedback(QueueItem, Timestamped):
    """One suggestion, complaint, praise or question about a service."""

    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", _("Suggestion")
        COMPLAINT = "complaint", _("Complaint")
        PRAISE = "praise", _("Praise")
        QUESTION = "question", _("Question")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_REVIEW = "in_review", _("In review")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    OPEN_STATUSES = (Status.RECEIVED, Status.IN_REVIEW)

    tracking_code = models.CharField(_("tracking code"), max_length=TRACKING_LENGTH, editable=False)
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="feedback"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    message = models.TextField(_("message"))
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact mobile"), max_length=11, blank=True)
    language = models.CharField(_("language"), max_length=8, default="fa")
    # A keyed hash of the sender's network address (servicedesk.clients): enough to see abuse
    # from one place, never enough to name anyone.
    client = models.CharField(_("client"), max_length=32, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    # The promise in force when filed, and the deadline counted from it; both empty when the
    # agreement promised no answer time.
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
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"is_staff": True},
    )
    answer = models.TextField(_("public answer"), blank=True)
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
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    helpful = models.BooleanField(_("the answer helped"), null=True, blank=True)
    helpful_at = models.DateTimeField(_("verdict given at"), null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(_("flagged overdue at"), null=True, blank=True)
    overdue_notified_at = models.DateTimeField(_("supervisors told at"), null=True, blank=True)
    # "You said, we did": staff's own wording, without personal details.
    showcase = models.BooleanField(_("on the “you said, we did” page"), default=False)
    public_summary = models.TextField(_("what was said (public wording)"), blank=True)
    public_change = models.TextField(_("what we did (public wording)"), blank=True)

    history = HistoricalRecords(
        excluded_fields=["updated", "overdue_flagged_at", "overdue_notified_at"]
    )

    class Meta:
        verbose_name = _("suggestion or complaint")
        verbose_name_plural = _("suggestions and complaints")
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tracking_code"], name="feedback_feedback_unique_tracking_code"
            ),
            models.CheckConstraint(
                condition=Q(tracking_code__regex=TRACKING_PATTERN),
                name="feedback_feedback_tracking_code_alphabet",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["suggestion", "complaint", "praise", "question"]),
                name="feedback_feedback_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["received", "in_review", "answered", "closed"]),
                name="feedback_feedback_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(contact_phone="") | Q(contact_phone__regex=MOBILE_PATTERN),
                name="feedback_feedback_mobile_format",
            ),
            models.CheckConstraint(
                condition=(Q(agreement_version__isnull=True) & Q(deadline__isnull=True))
                | (
                    Q(agreement_version__isnull=False)
                    & Q(deadline__isnull=False)
                    & Q(promised_working_days__isnull=False)
                ),
                name="feedback_feedback_deadline_from_version",
            ),
            models.CheckConstraint(
                condition=~Q(status="answered") | (~Q(answer="") & Q(answered_at__isnull=False)),
                name="feedback_feedback_answered_has_answer",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(answered_at__gte=F("filed_at")),
                name="feedback_feedback_answered_after_filed",
            ),
            models.CheckConstraint(
                condition=Q(showcase=False)
                | (~Q(public_summary="") & ~Q(public_change="") & Q(answered_at__isnull=False)),
                name="feedback_feedback_showcase_is_worded",
            ),
        ]
        indexes = [
            # Staff's queue in admin: items of a status, by deadline (overdue / due-soon filters).
            models.Index(fields=["status", "deadline"], name="feedback_queue_idx"),
            # The daily overdue command: open items past their deadline not yet flagged.
            models.Index(
                fields=["deadline"],
                condition=Q(status__in=["received", "in_review"], overdue_flagged_at__isnull=True),
                name="feedback_overdue_idx",
            ),
            # The "you said, we did" page: showcased items, newest answer first.
            models.Index(
                fields=["-answered_at"], condition=Q(showcase=True), name="feedback_showcase_idx"
            ),
        ]

    def __str__(self):
        return f"{self.display_code} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return f"{reverse('feedback:track')}?code={self.tracking_code}"

    @property
    def has_answer(self) -> bool:
        return bool(self.answer) and self.answered_at is not None

    @property
    def can_rate_answer(self) -> bool:
        return self.has_answer and self.helpful is None


class FeedbackEvent(models.Model):
    """One step in a suggestion's life: the public ones make the timeline on its tracking
    page, the internal ones (assignment, overdue flags) are for staff only."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_REVIEW = "in_review", _("Taken into review")
        ANSWERED = "answered", _("Answered")
        ANSWER_UPDATED = "answer_updated", _("Answer updated")
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened")
        RATED = "rated", _("The submitter rated the answer")
        ASSIGNED = "assigned", _("Assigned")
        OVERDUE = "overdue", _("Flagged overdue")

    PUBLIC_KINDS = (
        Kind.RECEIVED,
        Kind.IN_REVIEW,
        Kind.ANSWERED,
        Kind.ANSWER_UPDATED,
        Kind.CLOSED,
        Kind.REOPENED,
        Kind.RATED,
    )

    feedback = models.ForeignKey(
        Feedback, verbose_name=_("suggestion"), on_delete=models.CASCADE, related_name="events"
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
        # The tracking page reads one suggestion's events: the foreign key's index serves it.

    def __str__(self):
        return f"{self.get_kind_display()} ({timezone.localtime(self.at):%Y-%m-%d %H:%M})"


class FeedbackNote(Timestamped):
    """Staff's internal note on a suggestion: never shown to the submitter or the public."""

    feedback = models.ForeignKey(
        Feedback, verbose_name=_("suggestion"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = models.TextField(_("note"))

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="feedback_feedbacknote_not_empty"),
        ]

    def __str__(self):
        return self.text[:60]


class ReplyTemplate(Timestamped):
    """A reusable wording for answers; staff pick one and adapt it."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["title"], name="feedback_replytemplate_unique_title"),
        ]

    def __str__(self):
        return self.title
