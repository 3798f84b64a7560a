"""Writes of the feedback app, called directly: the whole life of a suggestion with its
deadline, mail after commit, and survey responses."""

import datetime
import logging
from decimal import Decimal

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from casework import services as case_services
from feedback import services
from feedback.models import Feedback, FeedbackEvent, SurveyResponse
from sla.models import Commitment, Measurement
from tests.feedback.conftest import tehran
from tests.feedback.factories import national_survey, submitted
from tests.sla.factories import ServiceFactory, published_version

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

Status = Feedback.Status
FILED = tehran(2026, 3, 18, 10, 0)  # a Wednesday, before Nowruz


@pytest.fixture
def march_promise(service):
    """Version in force from 1 March 2026: answers within three working days."""
    return published_version(
        effective_from=tehran(2026, 3, 1),
        commitments=[(None, Commitment.Kind.FEEDBACK_ANSWER, 3)],
    )


# --- the whole life -------------------------------------------------------------------------------
def test_the_life_of_a_suggestion_from_filing_to_closing(
    service, march_promise, nowruz, staff_user
):
    feedback = submitted(service, now=FILED, contact_email="sender@example.org")
    assert feedback.status == Status.RECEIVED
    assert len(feedback.tracking_code) == 12

    feedback = case_services.case_assign(
        case=feedback, assignee=staff_user, by=staff_user, now=tehran(2026, 3, 19, 9)
    )
    assert feedback.status == Status.IN_REVIEW
    case_services.case_note_add(case=feedback, text="Call the unit first.", author=staff_user)

    answered_at = tehran(2026, 3, 23, 11, 0)  # Monday, after the holidays
    feedback = services.feedback_answer(
        feedback=feedback, answer="We extended the hours.", by=staff_user, now=answered_at
    )
    assert feedback.status == Status.ANSWERED
    assert feedback.answered_at == answered_at
    assert feedback.working_days_taken == 2  # Thursday and Monday
    assert feedback.met_deadline is True

    feedback = services.feedback_rate_answer(feedback=feedback, helpful=True)
    feedback = case_services.case_change_status(case=feedback, status=Status.CLOSED, by=staff_user)
    assert feedback.status == Status.CLOSED
    assert feedback.closed_at is not None

    public = list(feedback.events.filter(is_public=True).values_list("kind", flat=True))
    assert public == ["received", "in_review", "answered", "rated", "closed"]
    internal = list(feedback.events.filter(is_public=False).values_list("kind", flat=True))
    assert internal == ["assigned"]

    measurement = Measurement.objects.get(kind=Measurement.Kind.FEEDBACK_ANSWERED)
    assert measurement.service == service
    assert measurement.value == Decimal(2)
    assert measurement.met_deadline is True


def test_a_late_answer_is_recorded_as_late(service, march_promise, nowruz):
    feedback = submitted(service, now=FILED)
    feedback = services.feedback_answer(
        feedback=feedback, answer="Sorry for the delay.", now=tehran(2026, 3, 25, 9, 0)
    )
    assert feedback.met_deadline is False
    assert feedback.working_days_taken == 4
    assert Measurement.objects.get().met_deadline is False


def test_correcting_an_answer_records_nothing_twice(service, march_promise):
    feedback = submitted(service, now=FILED)
    services.feedback_answer(feedback=feedback, answer="First.", now=tehran(2026, 3, 19, 9))
    feedback = services.feedback_answer(
        feedback=feedback, answer="Corrected.", now=tehran(2026, 3, 19, 10)
    )
    assert feedback.answer == "Corrected."
    assert feedback.answered_at == tehran(2026, 3, 19, 9)
    assert Measurement.objects.count() == 1
    assert feedback.events.filter(kind=FeedbackEvent.Kind.ANSWER_UPDATED).count() == 1


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (Status.RECEIVED, Status.ANSWERED),
        (Status.CLOSED, Status.RECEIVED),
    ],
)
def test_impossible_status_changes_are_refused(service, march_promise, start, target):
    feedback = submitted(service, now=FILED)
    Feedback.objects.filter(pk=feedback.pk).update(status=start)
    with pytest.raises(services.FeedbackError, match="cannot go from"):
        case_services.case_change_status(case=feedback, status=target)


def test_a_closed_suggestion_must_be_reopened_before_answering(service, march_promise):
    feedback = submitted(service, now=FILED)
    feedback = case_services.case_change_status(case=feedback, status=Status.CLOSED)
    with pytest.raises(services.FeedbackError, match="reopen"):
        services.feedback_answer(feedback=feedback, answer="Late answer.")
    feedback = case_services.case_change_status(case=feedback, status=Status.IN_REVIEW)
    assert (
        services.feedback_answer(feedback=feedback, answer="Late answer.").status == Status.ANSWERED
    )
    assert feedback.events.filter(kind="reopened").count() == 1


def test_the_answer_can_be_rated_once_and_only_after_answering(service, march_promise):
    feedback = submitted(service, now=FILED)
    with pytest.raises(services.FeedbackError, match="no answer"):
        services.feedback_rate_answer(feedback=feedback, helpful=True)
    feedback = services.feedback_answer(feedback=feedback, answer="Done.")
    services.feedback_rate_answer(feedback=feedback, helpful=False)
    with pytest.raises(services.FeedbackError, match="already"):
        services.feedback_rate_answer(feedback=feedback, helpful=True)
    feedback.refresh_from_db()
    assert feedback.helpful is False


def test_only_an_answered_suggestion_in_staff_words_is_showcased(service, march_promise):
    feedback = submitted(service, now=FILED)
    with pytest.raises(services.FeedbackError):
        services.feedback_showcase_set(feedback=feedback, show=True, summary="x", change="y")
    feedback = services.feedback_answer(feedback=feedback, answer="Done.")
    with pytest.raises(services.FeedbackError):
        services.feedback_showcase_set(feedback=feedback, show=True, summary="x", change="")
    feedback = services.feedback_showcase_set(
        feedback=feedback, show=True, summary="Longer hours asked.", change="Hours extended."
    )
    assert feedback.showcase is True


# --- mail ---------------------------------------------------------------------------------------
def test_the_receipt_and_the_answer_are_mailed_after_commit(
    service, march_promise, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        feedback = submitted(service, contact_email="sender@example.org", language="en")
    assert len(mail.outbox) == 1
    assert feedback.display_code in mail.outbox[0].subject
    assert mail.outbox[0].to == ["sender@example.org"]

    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_answer(feedback=feedback, answer="<b>We changed it.</b>")
    answer_mail = mail.outbox[1]
    assert "<b>We changed it.</b>" in answer_mail.body  # plain text: as written
    html = answer_mail.alternatives[0][0]
    assert "&lt;b&gt;We changed it.&lt;/b&gt;" in html  # HTML: escaped


def test_no_mail_is_sent_without_an_address(
    service, march_promise, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        feedback = submitted(service)
        services.feedback_answer(feedback=feedback, answer="Done.")
    assert callbacks == []
    assert mail.outbox == []


def test_the_mail_is_queued_with_the_suggestion_and_sent_by_the_worker(
    service, march_promise, task_queue
):
    submitted(service, contact_email="sender@example.org")
    assert mail.outbox == []
    assert task_queue.run() == 1
    assert [message.to for message in mail.outbox] == [["sender@example.org"]]


def test_a_failing_mail_server_loses_no_suggestion_and_is_logged(
    service, march_promise, task_queue, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken)
    feedback = submitted(service, contact_email="sender@example.org")
    services.feedback_answer(feedback=feedback, answer="Done.")
    with caplog.at_level(logging.WARNING, logger="servicedesk.outbox"):
        task_queue.run()

    feedback.refresh_from_db()
    assert feedback.status == Status.ANSWERED
    assert Feedback.objects.filter(tracking_code=feedback.tracking_code).exists()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert "failed (attempt 1, ConnectionRefusedError)" in warnings[0]
    assert "sender@example.org" not in caplog.text


# --- tracking codes -----------------------------------------------------------------------------
def test_a_code_collision_is_retried(service, march_promise, monkeypatch):
    first = submitted(service)
    codes = iter([first.tracking_code, "ABCD2345"])
    monkeypatch.setattr("servicedesk.codes.new_tracking_code", lambda: next(codes))
    second = submitted(service)
    assert second.tracking_code == "ABCD2345"


# --- surveys ------------------------------------------------------------------------------------
def answers_for(survey, *, rating=4, satisfaction=5, single=0, multiple=(), text=""):
    questions = list(survey.questions.order_by("order"))
    steps, on_time, improve, overall, other = questions
    return {
        steps: rating,
        on_time: list(on_time.choices.all())[single],
        improve: [list(improve.choices.all())[i] for i in multiple],
        overall: satisfaction,
        other: text,
    }


def test_a_response_records_the_overall_satisfaction_into_sla():
    service = ServiceFactory()
    survey = national_survey(service=service)
    response = services.survey_response_submit(
        survey=survey, answers=answers_for(survey, satisfaction=2, multiple=(0, 1)), respondent="r1"
    )
    assert response.answers.count() == 4  # the empty free text is not stored
    measurement = Measurement.objects.get(kind=Measurement.Kind.SATISFACTION)
    assert measurement.service == service
    assert measurement.value == Decimal(2)


def test_a_general_survey_records_satisfaction_only_for_a_named_service():
    survey = national_survey()
    services.survey_response_submit(survey=survey, answers=answers_for(survey), respondent="r1")
    assert not Measurement.objects.exists()
    service = ServiceFactory()
    services.survey_response_submit(
        survey=survey, answers=answers_for(survey), respondent="r2", service=service
    )
    assert Measurement.objects.get().service == service


def test_a_required_question_left_empty_is_refused():
    survey = national_survey()
    answers = answers_for(survey)
    answers[next(q for q in answers if q.measures_satisfaction)] = None
    with pytest.raises(services.SurveyError, match="needs an answer"):
        services.survey_response_submit(survey=survey, answers=answers, respondent="r1")
    assert not SurveyResponse.objects.exists()


def test_a_choice_of_another_question_is_refused():
    survey = national_survey()
    answers = answers_for(survey)
    questions = list(answers)
    answers[questions[1]] = questions[2].choices.first()  # a choice of "improve"
    with pytest.raises(services.SurveyError, match="listed answers"):
        services.survey_response_submit(survey=survey, answers=answers, respondent="r1")


@pytest.mark.parametrize("rating", [0, 6, "5"])
def test_a_rating_outside_one_to_five_is_refused(rating):
    survey = national_survey()
    with pytest.raises(services.SurveyError):
        services.survey_response_submit(
            survey=survey, answers=answers_for(survey, rating=rating), respondent="r1"
        )


def test_one_response_per_respondent():
    survey = national_survey()
    services.survey_response_submit(survey=survey, answers=answers_for(survey), respondent="r1")
    with pytest.raises(services.SurveyError, match="already"):
        services.survey_response_submit(survey=survey, answers=answers_for(survey), respondent="r1")
    assert SurveyResponse.objects.count() == 1


def test_a_closed_survey_takes_no_answers():
    survey = national_survey()
    survey.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    survey.opens_at = survey.closes_at - datetime.timedelta(days=1)
    survey.save()
    with pytest.raises(services.SurveyError, match="not open"):
        services.survey_response_submit(survey=survey, answers=answers_for(survey), respondent="r1")
