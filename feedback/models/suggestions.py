"""Suggestions and complaints with their tracking codes, staff's answers, notes and reply
templates.

A suggestion keeps the agreement version in force when it was filed and the deadline counted
from that version: a later version never changes a promise already made.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.models import Case, CaseEvent, CaseNote, case_constraints, case_indexes
from servicedesk.models import Timestamped
from sla.models import Measurement, Service

MESSAGE_MIN_LENGTH = 10
MESSAGE_MAX_LENGTH = 2000


# --- suggestions and complaints -------------------------------------------------------------------
class Feedback(Case):
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
    CLOSED_STATUSES = (Status.ANSWERED, Status.CLOSED)
    # Status changes staff make directly; "answered" is reached only through feedback_answer.
    TRANSITIONS = {
        Status.RECEIVED: {Status.IN_REVIEW, Status.CLOSED},
        Status.IN_REVIEW: {Status.RECEIVED, Status.CLOSED},
        Status.ANSWERED: {Status.IN_REVIEW, Status.CLOSED},
        Status.CLOSED: {Status.IN_REVIEW},
    }
    TRANSITION_REFUSED = _("A suggestion cannot go from “%(old)s” to “%(new)s”.")
    SUPERVISOR_EMAILS_SETTING = "FEEDBACK_SUPERVISOR_EMAILS"
    MEASUREMENT_KIND = Measurement.Kind.FEEDBACK_ANSWERED

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="feedback"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    message = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    answer = models.TextField(_("public answer"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    helpful = models.BooleanField(_("the answer helped"), null=True, blank=True)
    helpful_at = models.DateTimeField(_("verdict given at"), null=True, blank=True)
    # "You said, we did": staff's own wording, without personal details.
    showcase = models.BooleanField(_("on the “you said, we did” page"), default=False)
    public_summary = models.TextField(_("what was said (public wording)"), blank=True)
    public_change = models.TextField(_("what we did (public wording)"), blank=True)

    history = HistoricalRecords(excluded_fields=Case.HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("suggestion or complaint")
        verbose_name_plural = _("suggestions and complaints")
        ordering = ["-filed_at", "-id"]
        constraints = [
            *case_constraints("feedback_feedback"),
            models.CheckConstraint(
                condition=Q(kind__in=["suggestion", "complaint", "praise", "question"]),
                name="feedback_feedback_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["received", "in_review", "answered", "closed"]),
                name="feedback_feedback_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="answered") | (~Q(answer="") & Q(answered_at__isnull=False)),
                name="feedback_feedback_answered_has_answer",
            ),
            models.CheckConstraint(
                condition=Q(showcase=False)
                | (~Q(public_summary="") & ~Q(public_change="") & Q(answered_at__isnull=False)),
                name="feedback_feedback_showcase_is_worded",
            ),
        ]
        indexes = [
            *case_indexes(queue="feedback_queue_idx", overdue="feedback_overdue_idx"),
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

    def status_changed(self, previous: str, *, at) -> list[str]:
        if self.status == self.Status.CLOSED:
            self.closed_at = at
            return ["closed_at"]
        return []


class FeedbackEvent(CaseEvent):
    """One step in a suggestion's life (see casework.models.CaseEvent)."""

    case = models.ForeignKey(
        Feedback, verbose_name=_("suggestion"), on_delete=models.CASCADE, related_name="events"
    )

    class Meta(CaseEvent.Meta):
        pass


class FeedbackNote(CaseNote):
    """Staff's internal note on a suggestion: never shown to the submitter or the public."""

    case = models.ForeignKey(
        Feedback, verbose_name=_("suggestion"), on_delete=models.CASCADE, related_name="notes"
    )

    class Meta(CaseNote.Meta):
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="feedback_feedbacknote_not_empty"),
        ]


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
