"""Staff's queue in admin: filters, the change form and the actions all go through the
services (status, answer, measurement, mail), and internal notes stay internal."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from feedback.models import Feedback, FeedbackNote
from sla.models import Measurement
from tests.factories import UserFactory
from tests.feedback.factories import ReplyTemplateFactory, submitted

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("promise")]

Status = Feedback.Status
URL = "/en/admin/feedback/feedback/"


def html(response) -> str:
    return response.content.decode()


def change_form_data(feedback, **fields) -> dict:
    data = {
        "assigned_to": feedback.assigned_to_id or "",
        "answer": feedback.answer,
        "reply_template": "",
        "new_status": "",
        "internal_note": "",
        "public_summary": feedback.public_summary,
        "public_change": feedback.public_change,
        # the read-only inlines
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
    }
    if feedback.showcase:
        data["showcase"] = "on"
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def old(service):
    """Filed forty days ago: long past its three-working-day deadline."""
    return submitted(service, now=timezone.now() - datetime.timedelta(days=40))


def test_answering_in_the_change_form_goes_through_the_service(
    staff_client, staff_user, old, django_capture_on_commit_callbacks
):
    Feedback.objects.filter(pk=old.pk).update(contact_email="sender@example.org")
    old.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"{URL}{old.pk}/change/",
            change_form_data(
                old,
                answer="We have fixed the phone line.",
                internal_note="Unit head called back.",
                assigned_to=staff_user.pk,
            ),
        )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.status == Status.ANSWERED
    assert old.answered_by == staff_user
    assert old.assigned_to == staff_user
    assert old.met_deadline is False
    assert Measurement.objects.get(kind="feedback_answered").met_deadline is False
    assert [m.to for m in mail.outbox] == [["sender@example.org"]]
    note = FeedbackNote.objects.get()
    assert note.text == "Unit head called back."
    # the note is internal: never on the tracking page
    from django.test import Client

    assert "Unit head called back." not in html(Client().get(old.get_absolute_url()))


def test_a_reply_template_fills_an_empty_answer(staff_client, old):
    template = ReplyTemplateFactory(body="Thank you; it was passed to the unit.")
    page = html(staff_client.get(f"{URL}{old.pk}/change/"))
    assert re.search(r'data-body="Thank you; it was passed to the unit."', page)
    assert "feedback/admin.js" in page
    staff_client.post(f"{URL}{old.pk}/change/", change_form_data(old, reply_template=template.pk))
    old.refresh_from_db()
    assert old.answer == "Thank you; it was passed to the unit."


def test_an_impossible_status_change_is_an_error_on_the_form(staff_client, old):
    Feedback.objects.filter(pk=old.pk).update(status=Status.CLOSED)
    old.refresh_from_db()
    response = staff_client.post(
        f"{URL}{old.pk}/change/", change_form_data(old, new_status="received")
    )
    assert response.status_code == 200
    assert "cannot go from" in html(response)
    old.refresh_from_db()
    assert old.status == Status.CLOSED


def test_showcasing_needs_staff_wording(staff_client, old):
    response = staff_client.post(
        f"{URL}{old.pk}/change/", change_form_data(old, showcase="on", answer="Done.")
    )
    assert response.status_code == 200
    assert "Write what was said and what was done" in html(response)


def test_the_actions_call_the_same_services(staff_client, staff_user, old, service):
    other = submitted(service)
    staff_client.post(URL, {"action": "assign_to_me", "_selected_action": [old.pk, other.pk]})
    old.refresh_from_db()
    assert old.assigned_to == staff_user
    assert old.status == Status.IN_REVIEW
    staff_client.post(URL, {"action": "close_selected", "_selected_action": [old.pk]})
    old.refresh_from_db()
    assert old.status == Status.CLOSED
    assert old.events.filter(kind="closed", by=staff_user).exists()
    response = staff_client.post(
        URL, {"action": "close_selected", "_selected_action": [old.pk]}, follow=True
    )
    assert response.status_code == 200
    staff_client.post(URL, {"action": "reopen_selected", "_selected_action": [old.pk]})
    old.refresh_from_db()
    assert old.status == Status.IN_REVIEW


def test_staff_cannot_add_a_suggestion_in_admin(staff_client):
    assert staff_client.get(f"{URL}add/").status_code == 403


def test_only_staff_reach_the_queue(client):
    UserFactory(username="citizen")
    assert client.get(URL).status_code == 302


def test_every_feedback_admin_page_opens(staff_client, old):
    from tests.feedback.factories import national_survey

    survey = national_survey()
    for path in [
        "/admin/feedback/replytemplate/",
        "/admin/feedback/survey/",
        f"/admin/feedback/survey/{survey.pk}/change/",
        "/admin/feedback/question/",
        "/admin/feedback/surveyresponse/",
        "/admin/feedback/answer/",
        f"/admin/feedback/feedback/{old.pk}/history/",
    ]:
        assert staff_client.get(path).status_code == 200, path
