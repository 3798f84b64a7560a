"""Writes of the feedback app that are its own: filing and answering suggestions, the
submitter's rating, the "you said, we did" showcase, and survey responses. Assignment, status
changes, internal notes and the daily overdue check are casework's (``casework.services``).

Mail is sent after the transaction commits, and a mail that fails is logged, never allowed to
undo what was saved: a suggestion exists before anyone tries to send a word about it.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from casework.models import CaseEvent
from casework.services import (
    CaseError,
    case_change_status,
    case_event,
    case_lock,
    case_record_first_answer,
    case_tell_filer,
)
from feedback.models import (
    Answer,
    Choice,
    Feedback,
    Question,
    Survey,
    SurveyResponse,
)
from servicedesk.codes import create_with_tracking_code
from sla.deadlines import deadline_terms
from sla.models import Commitment, Measurement, Service
from sla.selectors import promise_in_force
from sla.services import measurement_record

Event = CaseEvent.Kind
Status = Feedback.Status

# Every rule of a suggestion's life (casework's and these) raises the same error.
FeedbackError = CaseError


# --- suggestions and complaints ------------------------------------------------------------------
def feedback_submit(
    *,
    service: Service,
    kind: str,
    message: str,
    contact_email: str = "",
    contact_mobile: str = "",
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
                contact_mobile=contact_mobile,
                language=language[:8],
                client=client,
                filed_at=now,
                **terms,
            )
        )
        case_event(feedback, Event.RECEIVED, at=now)
        case_tell_filer(feedback, "received")
    return feedback


def check_answerable(feedback: Feedback) -> None:
    if feedback.status == Status.CLOSED:
        raise FeedbackError(gettext("This suggestion is closed; reopen it to answer it."))


def check_showcase(*, answered: bool, summary: str, change: str) -> None:
    """Raise unless a suggestion can be shown publicly: answered, in staff's own words."""
    if not answered:
        raise FeedbackError(gettext("Only an answered suggestion can be shown publicly."))
    if not (summary.strip() and change.strip()):
        raise FeedbackError(
            gettext("Write what was said and what was done before showing it publicly.")
        )


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
        feedback = case_lock(feedback)
        check_answerable(feedback)
        if answer == feedback.answer and not close:
            return feedback
        first = feedback.answered_at is None
        feedback.answer = answer
        fields = ["answer", "status", "updated"]
        if first:
            fields += case_record_first_answer(feedback, by=by, at=now, service=feedback.service)
        feedback.status = Status.ANSWERED
        feedback.save(update_fields=fields)
        case_event(feedback, Event.ANSWERED if first else Event.ANSWER_UPDATED, at=now, by=by)
        case_tell_filer(feedback, "answered")
        if close:
            feedback = case_change_status(case=feedback, status=Status.CLOSED, by=by, now=now)
    return feedback


def feedback_rate_answer(
    *, feedback: Feedback, helpful: bool, now: datetime.datetime | None = None
) -> Feedback:
    """The submitter says whether the answer helped: once, and only after an answer."""
    now = now or timezone.now()
    with transaction.atomic():
        feedback = case_lock(feedback)
        if not feedback.has_answer:
            raise FeedbackError(gettext("There is no answer to rate yet."))
        if feedback.helpful is not None:
            raise FeedbackError(gettext("You have already told us whether the answer helped."))
        feedback.helpful = helpful
        feedback.helpful_at = now
        feedback.save(update_fields=["helpful", "helpful_at", "updated"])
        case_event(feedback, Event.RATED, at=now, detail="helpful" if helpful else "not helpful")
    return feedback


def feedback_showcase_set(
    *, feedback: Feedback, show: bool, summary: str = "", change: str = ""
) -> Feedback:
    """Put an answered suggestion on the "you said, we did" page in staff's own words (no
    personal details), or take it off."""
    summary, change = summary.strip(), change.strip()
    with transaction.atomic():
        feedback = case_lock(feedback)
        if show:
            check_showcase(answered=feedback.has_answer, summary=summary, change=change)
        feedback.showcase = show
        feedback.public_summary = summary
        feedback.public_change = change
        feedback.save(update_fields=["showcase", "public_summary", "public_change", "updated"])
    return feedback


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
