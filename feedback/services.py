"""Writes of the feedback app: filing, answering and closing suggestions, flagging overdue ones,
and survey responses. Views, admin actions, the change form and commands all call these.

Mail is sent after the transaction commits, and a mail that fails is logged, never allowed to
undo what was saved: a suggestion exists before anyone tries to send a word about it.
"""

import datetime
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from feedback.models import (
    Answer,
    Choice,
    Feedback,
    FeedbackEvent,
    FeedbackNote,
    Question,
    Survey,
    SurveyResponse,
)
from servicedesk.codes import create_with_tracking_code
from servicedesk.mail import send_safely, send_templated_mail, supervisor_emails
from sla.deadlines import deadline_terms, set_first_answer
from sla.models import Commitment, Measurement, Service
from sla.selectors import promise_in_force
from sla.services import measurement_record

TEMPLATES = "feedback/email"

Status = Feedback.Status
Event = FeedbackEvent.Kind

# Status changes staff make directly; "answered" is reached only through feedback_answer.
TRANSITIONS = {
    Status.RECEIVED: {Status.IN_REVIEW, Status.CLOSED},
    Status.IN_REVIEW: {Status.RECEIVED, Status.CLOSED},
    Status.ANSWERED: {Status.IN_REVIEW, Status.CLOSED},
    Status.CLOSED: {Status.IN_REVIEW},
}


class FeedbackError(Exception):
    """A rule of the suggestion's life was broken; the message says which."""


# --- mail ---------------------------------------------------------------------------------------
def _mail_submitter(feedback_id: int, template: str) -> None:
    feedback = Feedback.objects.select_related("service").get(pk=feedback_id)
    if not feedback.contact_email:
        return
    send_safely(
        f"the {template} mail of suggestion {feedback_id}",
        partial(
            send_templated_mail,
            template=f"{TEMPLATES}/{template}",
            to=[feedback.contact_email],
            context={"feedback": feedback},
            language=feedback.language,
        ),
    )


# --- suggestions and complaints ------------------------------------------------------------------
def _event(feedback: Feedback, kind: str, *, at, by=None, detail: str = "") -> FeedbackEvent:
    return FeedbackEvent.objects.create(
        feedback=feedback,
        kind=kind,
        at=at,
        by=by,
        detail=detail[:200],
        is_public=kind in FeedbackEvent.PUBLIC_KINDS,
    )


def feedback_submit(
    *,
    service: Service,
    kind: str,
    message: str,
    contact_email: str = "",
    contact_phone: str = "",
    language: str = "fa",
    client: str = "",
    now: datetime.datetime | None = None,
) -> Feedback:
    """File a suggestion with a fresh tracking code and the deadline promised by the agreement
    version in force now; the receipt mail (if an address was left) goes after the commit."""
    now = now or timezone.now()
    promise = promise_in_force(service=service, kind=Commitment.Kind.FEEDBACK_ANSWER, at=now)
    terms = deadline_terms(promise, filed_at=now)
    with transaction.atomic():
        feedback = create_with_tracking_code(
            lambda code: Feedback.objects.create(
                tracking_code=code,
                service=service,
                kind=kind,
                message=message,
                contact_email=contact_email,
                contact_phone=contact_phone,
                language=language[:8],
                client=client,
                filed_at=now,
                **terms,
            )
        )
        _event(feedback, Event.RECEIVED, at=now)
        if contact_email:
            transaction.on_commit(partial(_mail_submitter, feedback.pk, "received"))
    return feedback


def _lock(feedback: Feedback) -> Feedback:
    return Feedback.objects.select_for_update().get(pk=feedback.pk)


def feedback_change_status(
    *, feedback: Feedback, status: str, by=None, now: datetime.datetime | None = None
) -> Feedback:
    """Move a suggestion to ``status`` (in review, back to received, closed, reopened)."""
    now = now or timezone.now()
    with transaction.atomic():
        feedback = _lock(feedback)
        if status == feedback.status:
            return feedback
        if status not in TRANSITIONS.get(feedback.status, set()):
            raise FeedbackError(
                gettext("A suggestion cannot go from “%(old)s” to “%(new)s”.")
                % {"old": feedback.get_status_display(), "new": Status(status).label}
            )
        previous = feedback.status
        feedback.status = status
        fields = ["status", "updated"]
        if status == Status.CLOSED:
            feedback.closed_at = now
            fields.append("closed_at")
            kind = Event.CLOSED
        elif previous in (Status.CLOSED, Status.ANSWERED):
            kind = Event.REOPENED
        elif status == Status.IN_REVIEW:
            kind = Event.IN_REVIEW
        else:
            kind = Event.RECEIVED
        feedback.save(update_fields=fields)
        _event(feedback, kind, at=now, by=by)
    return feedback


def feedback_assign(*, feedback: Feedback, assignee, by=None, now=None) -> Feedback:
    """Give a suggestion to a member of staff (or nobody); taking it starts the review."""
    now = now or timezone.now()
    with transaction.atomic():
        feedback = _lock(feedback)
        if feedback.assigned_to_id == (assignee.pk if assignee else None):
            return feedback
        feedback.assigned_to = assignee
        feedback.save(update_fields=["assigned_to", "updated"])
        _event(
            feedback,
            Event.ASSIGNED,
            at=now,
            by=by,
            detail=assignee.get_username() if assignee else "–",
        )
        if assignee is not None and feedback.status == Status.RECEIVED:
            feedback = feedback_change_status(
                feedback=feedback, status=Status.IN_REVIEW, by=by, now=now
            )
    return feedback


def feedback_answer(
    *,
    feedback: Feedback,
    answer: str,
    by=None,
    close: bool = False,
    now: datetime.datetime | None = None,
) -> Feedback:
    """Publish (or correct) the public answer. The first answer records into sla how many
    working days it took and whether it met the deadline of the version it was filed under;
    the submitter is told by mail after the commit, if they left an address."""
    now = now or timezone.now()
    answer = answer.strip()
    if not answer:
        raise FeedbackError(gettext("An answer cannot be empty."))
    with transaction.atomic():
        feedback = _lock(feedback)
        if feedback.status == Status.CLOSED:
            raise FeedbackError(gettext("This suggestion is closed; reopen it to answer it."))
        if answer == feedback.answer and not close:
            return feedback
        first = feedback.answered_at is None
        feedback.answer = answer
        fields = ["answer", "status", "updated"]
        if first:
            fields += set_first_answer(feedback, by=by, at=now)
        feedback.status = Status.ANSWERED
        feedback.save(update_fields=fields)
        _event(feedback, Event.ANSWERED if first else Event.ANSWER_UPDATED, at=now, by=by)
        if first:
            measurement_record(
                service=feedback.service,
                kind=Measurement.Kind.FEEDBACK_ANSWERED,
                occurred_at=now,
                value=feedback.working_days_taken,
                met_deadline=feedback.met_deadline,
            )
        if feedback.contact_email:
            transaction.on_commit(partial(_mail_submitter, feedback.pk, "answered"))
        if close:
            feedback = feedback_change_status(
                feedback=feedback, status=Status.CLOSED, by=by, now=now
            )
    return feedback


def feedback_note_add(*, feedback: Feedback, text: str, author) -> FeedbackNote:
    text = text.strip()
    if not text:
        raise FeedbackError(gettext("A note cannot be empty."))
    return FeedbackNote.objects.create(feedback=feedback, text=text, author=author)


def feedback_rate_answer(
    *, feedback: Feedback, helpful: bool, now: datetime.datetime | None = None
) -> Feedback:
    """The submitter says whether the answer helped: once, and only after an answer."""
    now = now or timezone.now()
    with transaction.atomic():
        feedback = _lock(feedback)
        if not feedback.has_answer:
            raise FeedbackError(gettext("There is no answer to rate yet."))
        if feedback.helpful is not None:
            raise FeedbackError(gettext("You have already told us whether the answer helped."))
        feedback.helpful = helpful
        feedback.helpful_at = now
        feedback.save(update_fields=["helpful", "helpful_at", "updated"])
        _event(
            feedback,
            Event.RATED,
            at=now,
            detail="helpful" if helpful else "not helpful",
        )
    return feedback


def feedback_showcase_set(
    *, feedback: Feedback, show: bool, summary: str = "", change: str = ""
) -> Feedback:
    """Put an answered suggestion on the "you said, we did" page in staff's own words (no
    personal details), or take it off."""
    summary, change = summary.strip(), change.strip()
    with transaction.atomic():
        feedback = _lock(feedback)
        if show and not feedback.has_answer:
            raise FeedbackError(gettext("Only an answered suggestion can be shown publicly."))
        if show and not (summary and change):
            raise FeedbackError(
                gettext("Write what was said and what was done before showing it publicly.")
            )
        feedback.showcase = show
        feedback.public_summary = summary
        feedback.public_change = change
        feedback.save(update_fields=["showcase", "public_summary", "public_change", "updated"])
    return feedback


# --- the daily overdue check ---------------------------------------------------------------------
@dataclass
class OverdueReport:
    flagged: list[Feedback] = field(default_factory=list)
    notified: int = 0
    still_overdue: int = 0
    mailed_to: list[str] = field(default_factory=list)
    unreported: int = 0  # flagged, supervisors not yet told (no address, or the mail failed)
    no_recipients: bool = False


def feedback_flag_overdue(*, now: datetime.datetime | None = None) -> OverdueReport:
    """Flag open suggestions past their deadline, then mail the supervisors about every
    flagged one they have not yet been told about. Safe to run again: a suggestion is
    flagged once and reported once; a failed mail is retried by the next run."""
    now = now or timezone.now()
    report = OverdueReport()
    with transaction.atomic():
        newly = list(
            Feedback.objects.select_for_update()
            .filter(
                status__in=Feedback.OPEN_STATUSES,
                deadline__lt=now,
                overdue_flagged_at__isnull=True,
            )
            .order_by("deadline")
        )
        for feedback in newly:
            feedback.overdue_flagged_at = now
            _event(feedback, Event.OVERDUE, at=now)
        Feedback.objects.bulk_update(newly, ["overdue_flagged_at"])
    report.flagged = newly
    overdue = Feedback.objects.filter(
        status__in=Feedback.OPEN_STATUSES, deadline__lt=now
    ).select_related("service", "assigned_to")
    report.still_overdue = overdue.count()
    unreported = list(overdue.filter(overdue_notified_at__isnull=True).order_by("deadline"))
    recipients = supervisor_emails(settings.FEEDBACK_SUPERVISOR_EMAILS)
    report.unreported = len(unreported)
    report.no_recipients = not recipients
    if not unreported or not recipients:
        return report
    sent = send_safely(
        "the overdue report",
        partial(
            send_templated_mail,
            template=f"{TEMPLATES}/overdue",
            to=recipients,
            context={"items": unreported, "total": report.still_overdue, "now": now},
            language=settings.LANGUAGE_CODE,
        ),
    )
    if sent:
        Feedback.objects.filter(pk__in=[f.pk for f in unreported]).update(overdue_notified_at=now)
        report.notified = len(unreported)
        report.unreported = 0
        report.mailed_to = recipients
    return report


# --- surveys ------------------------------------------------------------------------------------
class SurveyError(Exception):
    """A response broke a rule of its survey; the message says which."""


AnswerValue = int | str | Choice | list[Choice] | None


def survey_response_submit(
    *,
    survey: Survey,
    answers: dict[Question, AnswerValue],
    respondent: str,
    service: Service | None = None,
    language: str = "fa",
    now: datetime.datetime | None = None,
) -> SurveyResponse:
    """Save one anonymous response (once per respondent). The overall-satisfaction score, when
    the response concerns a service, is recorded into sla for the performance page."""
    now = now or timezone.now()
    if not survey.is_open(now):
        raise SurveyError(gettext("This survey is not open for answers."))
    service = survey.service or service
    questions = {q.pk: q for q in survey.questions.prefetch_related("choices")}
    for question, value in answers.items():
        if question.pk not in questions:
            raise SurveyError(gettext("An answer does not belong to this survey."))
        _check_answer(questions[question.pk], value)
    for question in questions.values():
        if question.required and _is_empty(answers.get(question)):
            raise SurveyError(
                gettext("“%(question)s” needs an answer.") % {"question": question.text}
            )
    with transaction.atomic():
        try:
            with transaction.atomic():
                response = SurveyResponse.objects.create(
                    survey=survey,
                    service=service,
                    submitted_at=now,
                    respondent=respondent,
                    language=language[:8],
                )
        except IntegrityError:
            raise SurveyError(gettext("This survey has already been answered from here.")) from None
        for question, value in answers.items():
            if _is_empty(value):
                continue
            answer = Answer(response=response, question=question)
            if question.type == Question.Type.RATING:
                answer.rating = int(value)
            elif question.type == Question.Type.TEXT:
                answer.text = str(value).strip()
            answer.save()
            if question.type in Question.CHOICE_TYPES:
                answer.choices.set(value if isinstance(value, list) else [value])
            if question.measures_satisfaction and service is not None:
                measurement_record(
                    service=service,
                    kind=Measurement.Kind.SATISFACTION,
                    occurred_at=now,
                    value=answer.rating,
                )
    return response


def _is_empty(value: AnswerValue) -> bool:
    return value is None or value == "" or value == []


def _check_answer(question: Question, value: AnswerValue) -> None:
    if _is_empty(value):
        return
    if question.type == Question.Type.RATING:
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise SurveyError(gettext("A rating is a whole number from 1 to 5."))
        return
    if question.type == Question.Type.TEXT:
        return
    chosen = value if isinstance(value, list) else [value]
    if question.type == Question.Type.SINGLE and len(chosen) != 1:
        raise SurveyError(gettext("Choose one answer."))
    allowed = {choice.pk for choice in question.choices.all()}
    if any(not isinstance(c, Choice) or c.pk not in allowed for c in chosen):
        raise SurveyError(gettext("Choose among the listed answers."))


def survey_answer_set_excerpt(*, answer: Answer, excerpt: str, publish: bool) -> Answer:
    """Publish an excerpt of a free-text answer on the results page (staff's wording, without
    personal details), or hide it."""
    excerpt = excerpt.strip()
    if publish and not excerpt:
        raise SurveyError(gettext("Write the excerpt before publishing it."))
    if answer.question.type != Question.Type.TEXT:
        raise SurveyError(gettext("Only free-text answers have excerpts."))
    answer.excerpt = excerpt
    answer.excerpt_published = publish
    answer.save(update_fields=["excerpt", "excerpt_published"])
    return answer
