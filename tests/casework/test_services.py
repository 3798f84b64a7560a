"""What every queue shares, run on each kind of case: assignment (staff only), status changes
by each kind's table, internal notes, the public timeline, telling the filer through the
queue without ever undoing the work, and the overdue check and its report."""

import datetime

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from casework import services
from casework.services import CaseError
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return UserFactory(username="examiner", is_staff=True)


def forty_days_ago():
    return timezone.now() - datetime.timedelta(days=40)


# --- assignment and status ----------------------------------------------------------------------
def test_taking_a_case_starts_its_review_and_leaves_an_internal_event(queue, staff):
    case = services.case_assign(case=queue.file(), assignee=staff, by=staff)
    assert case.status == "in_review"
    assert case.assigned_to == staff
    kinds = list(case.events.values_list("kind", "is_public"))
    assert kinds == [("received", True), ("assigned", False), ("in_review", True)]


def test_a_member_of_the_public_is_never_assigned_a_case(queue):
    case = queue.file()
    outsider = UserFactory(username="outsider", is_staff=False)
    with pytest.raises(CaseError, match="Only a member of staff"):
        services.case_assign(case=case, assignee=outsider)
    case.refresh_from_db()
    assert case.assigned_to is None
    assert not case.events.filter(kind="assigned").exists()


def test_assigning_the_same_person_again_changes_nothing(queue, staff):
    case = services.case_assign(case=queue.file(), assignee=staff)
    services.case_assign(case=case, assignee=staff)
    assert case.events.filter(kind="assigned").count() == 1


def test_answered_is_reached_only_by_answering(queue):
    with pytest.raises(CaseError, match="cannot go from"):
        services.case_change_status(case=queue.file(), status="answered")


def test_an_answered_case_is_reopened_into_review(queue, staff):
    case = queue.answer(queue.file())
    case = services.case_change_status(case=case, status="in_review", by=staff)
    assert case.status == "in_review"
    assert case.events.order_by("at", "id").last().kind == "reopened"


# --- notes and the timeline ---------------------------------------------------------------------
def test_an_internal_note_is_kept_apart_and_never_empty(queue, staff):
    case = queue.file()
    note = services.case_note_add(case=case, text="  Called the centre.  ", author=staff)
    assert (note.text, note.author, note.case) == ("Called the centre.", staff, case)
    assert note.created is not None
    assert note.updated is not None
    with pytest.raises(CaseError):
        services.case_note_add(case=case, text=" ", author=staff)
    assert not case.events.filter(detail__contains="Called").exists()


def test_the_tracking_page_reads_only_the_public_events(queue, staff):
    case = services.case_assign(case=queue.file(), assignee=staff)
    public = case.events.filter(is_public=True)
    assert list(public.values_list("kind", flat=True)) == ["received", "in_review"]


# --- telling the filer --------------------------------------------------------------------------
def test_the_filer_is_told_through_the_queue_only_once_the_work_commits(queue, task_queue):
    case = queue.file(contact_email="filer@example.org")
    task_queue.run()
    mail.outbox.clear()

    queue.answer(case)

    assert mail.outbox == []
    assert task_queue.tasks().filter(status="READY").count() == 1
    task_queue.run()
    assert [message.to for message in mail.outbox] == [["filer@example.org"]]


def test_a_mail_server_that_fails_never_undoes_the_answer(queue, task_queue, monkeypatch):
    case = queue.file(contact_email="filer@example.org")

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken)
    queue.answer(case)
    task_queue.run()

    case.refresh_from_db()
    assert case.status == "answered"
    # Both mails (received, answered) wait for their next attempt.
    assert task_queue.tasks().filter(status="READY").count() == 2


# --- the overdue check --------------------------------------------------------------------------
def test_overdue_cases_are_flagged_once_and_reported_once(queue, settings):
    setattr(settings, queue.supervisors_setting, ["boss@example.org"])
    late = queue.file(now=forty_days_ago())
    queue.answer(queue.file(now=forty_days_ago()))
    mail.outbox.clear()

    report = services.cases_flag_overdue(model=queue.model)
    assert [case.pk for case in report.flagged] == [late.pk]
    assert (report.notified, report.unreported, report.mailed_to) == (1, 0, ["boss@example.org"])
    assert late.display_code in mail.outbox[0].body

    again = services.cases_flag_overdue(model=queue.model)
    assert (again.flagged, again.notified, again.still_overdue) == ([], 0, 1)
    assert len(mail.outbox) == 1


def test_the_report_tells_when_nobody_could_be_told(queue, settings):
    queue.file(now=forty_days_ago())
    nobody = services.cases_flag_overdue(model=queue.model)
    assert (nobody.unreported, nobody.notified) == (1, 0)

    setattr(settings, queue.supervisors_setting, ["boss@example.org"])
    told = services.cases_flag_overdue(model=queue.model)
    assert (told.notified, told.unreported) == (1, 0)
