"""What every queue shares, run on each kind of case: assignment (staff only), status changes
by each kind's table, internal notes, the public timeline, telling the filer after the commit
without ever undoing the work, and the overdue check and its report."""

import datetime
import logging

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
def test_a_notifier_that_fails_after_the_commit_never_undoes_the_answer(
    queue, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("the mail queue is gone")

    monkeypatch.setattr("casework.notifications.mail_filer", broken)
    monkeypatch.setattr("certificates.manual.notifications.notify_filer", broken)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        case = queue.answer(queue.file())
    case.refresh_from_db()
    assert case.status == "answered"
    assert "the mail queue is gone" in caplog.text


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


def test_the_report_tells_no_supervisor_address_from_a_failed_mail(queue, settings, monkeypatch):
    queue.file(now=forty_days_ago())
    nobody = services.cases_flag_overdue(model=queue.model)
    assert (nobody.unreported, nobody.no_recipients, nobody.mail_failed) == (1, True, False)

    setattr(settings, queue.supervisors_setting, ["boss@example.org"])
    original = EmailMultiAlternatives.send

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken)
    failed = services.cases_flag_overdue(model=queue.model)
    assert (failed.unreported, failed.no_recipients, failed.mail_failed) == (1, False, True)

    monkeypatch.setattr(EmailMultiAlternatives, "send", original)
    told = services.cases_flag_overdue(model=queue.model)
    assert (told.notified, told.unreported, told.mail_failed) == (1, 0, False)
