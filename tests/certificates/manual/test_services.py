"""Writes of manual inquiries, called directly: the life of a request with its deadline, what
sla records, the notifications after commit, and the scan kept together with its row."""

import datetime
import logging
import stat
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError

from casework import services as case_services
from certificates.manual import services
from certificates.models import ManualRequest
from servicedesk import sms
from servicedesk.jalali import to_jalali
from servicedesk.text import to_persian_digits
from sla.models import Commitment, Measurement
from tests.certificates.manual.conftest import tehran
from tests.certificates.manual.factories import filed
from tests.certificates.manual.scans import pdf_bytes, upload
from tests.factories import UserFactory
from tests.sla.factories import HolidayFactory, published_version

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

Status = ManualRequest.Status
Verdict = ManualRequest.Verdict
FILED = tehran(2026, 3, 18, 10, 0)  # a Wednesday, before Nowruz


@pytest.fixture
def march_promise(certificate_service):
    """Version in force from 1 March 2026: manual inquiries answered within three working days."""
    return published_version(
        effective_from=tehran(2026, 3, 1),
        commitments=[(None, Commitment.Kind.INQUIRY_ANSWER, 3)],
    )


@pytest.fixture
def holiday(db):
    """Saturday 21 March 2026 (Nowruz) is an official holiday; Friday 20 is the weekly day off."""
    return HolidayFactory(date=datetime.date(2026, 3, 21), title="نوروز")


@pytest.fixture
def staff(db):
    return UserFactory(username="examiner", is_staff=True)


def kinds(manual_request) -> list[str]:
    return list(manual_request.events.order_by("at", "id").values_list("kind", flat=True))


def measurements() -> list[tuple]:
    return list(
        Measurement.objects.filter(kind=Measurement.Kind.INQUIRY_ANSWERED).values_list(
            "service__service_id", "value", "met_deadline"
        )
    )


# --- filing ---------------------------------------------------------------------------------
def test_filing_stores_the_request_its_scan_and_a_public_receipt_event(promise, new_scans):
    manual_request = filed(certificate_number="14021000123", contact_mobile="09121234567")

    assert manual_request.status == Status.RECEIVED
    assert len(manual_request.tracking_code) == 12
    assert manual_request.scan_type == "pdf"
    assert manual_request.scan_size == len(pdf_bytes())
    # Stored under a name of our own, never the sender's file name.
    assert manual_request.scan.name.startswith("requests/")
    assert manual_request.scan.name.endswith(".pdf")
    assert "scan" not in manual_request.scan.name.rsplit("/", 1)[-1]
    assert new_scans() == {manual_request.scan.name}
    with manual_request.scan.open("rb") as stored:
        assert stored.read() == pdf_bytes()
    assert kinds(manual_request) == ["received"]
    assert manual_request.events.get().is_public


@pytest.mark.usefixtures("filesystem_storage")
def test_a_scan_saved_on_disk_is_readable_by_the_portal_and_its_group_only(promise, new_scans):
    manual_request = filed()
    path = Path(manual_request.scan.path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    root = Path(manual_request.scan.storage.location)
    for directory in path.relative_to(root).parents[:-1]:
        assert stat.S_IMODE((root / directory).stat().st_mode) == 0o750


def test_a_request_needs_a_way_to_reach_the_filer(promise, new_scans):
    with pytest.raises(services.ManualRequestError):
        filed(contact_email="", contact_mobile="")
    assert not ManualRequest.objects.exists()
    assert new_scans() == set()


def test_the_scan_and_the_row_are_saved_together_or_not_at_all(promise, new_scans, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "case_event", broken)
    with pytest.raises(RuntimeError):
        filed()
    assert not ManualRequest.objects.exists()
    assert new_scans() == set()


def test_the_service_itself_refuses_a_scan_that_is_not_one(promise, new_scans):
    with pytest.raises(ValidationError):
        filed(scan=upload("scan.pdf", b"plain text, not a PDF"))
    assert not ManualRequest.objects.exists()
    assert new_scans() == set()


def test_a_taken_tracking_code_is_drawn_again(promise, monkeypatch):
    first = filed()
    codes = iter([first.tracking_code, "ABCD2345"])
    monkeypatch.setattr("servicedesk.codes.new_tracking_code", lambda: next(codes))
    assert filed().tracking_code == "ABCD2345"


# --- the life of a request --------------------------------------------------------------------
def test_a_request_is_assigned_reviewed_and_answered_on_time(promise, staff):
    manual_request = filed(now=FILED)

    manual_request = case_services.case_assign(
        case=manual_request, assignee=staff, by=staff, now=FILED
    )
    assert manual_request.status == Status.IN_REVIEW
    assert manual_request.assigned_to == staff

    answered_at = FILED + datetime.timedelta(days=1)
    manual_request = services.manual_request_answer(
        manual_request=manual_request,
        verdict=Verdict.AUTHENTIC,
        note="در بایگانی مرکز ساری یافت شد.",
        by=staff,
        now=answered_at,
    )
    manual_request.refresh_from_db()
    assert manual_request.status == Status.ANSWERED
    assert manual_request.verdict == Verdict.AUTHENTIC
    assert manual_request.answered_at == answered_at
    assert manual_request.answered_by == staff
    assert manual_request.working_days_taken == 1
    assert manual_request.met_deadline is True
    assert kinds(manual_request) == ["received", "assigned", "in_review", "answered"]
    assert not manual_request.events.get(kind="assigned").is_public
    assert measurements() == [(settings.CERTIFICATE_SERVICE_ID, Decimal("1.00"), True)]


def test_a_late_answer_is_recorded_as_late_with_the_working_days_it_took(march_promise, holiday):
    manual_request = filed(now=FILED)  # deadline Mon 23 March
    manual_request = services.manual_request_answer(
        manual_request=manual_request,
        verdict=Verdict.NOT_AUTHENTIC,
        now=tehran(2026, 3, 25, 9, 0),  # Wednesday
    )
    # Thu 19, Sun 22, Mon 23, Tue 24, Wed 25: five working days.
    assert manual_request.working_days_taken == 5
    assert manual_request.met_deadline is False
    assert measurements() == [(settings.CERTIFICATE_SERVICE_ID, Decimal("5.00"), False)]


def test_a_corrected_answer_is_an_update_and_is_measured_once(promise):
    manual_request = filed()
    services.manual_request_answer(manual_request=manual_request, verdict=Verdict.AUTHENTIC)
    services.manual_request_answer(
        manual_request=manual_request, verdict=Verdict.AUTHENTIC, note="با امضای رئیس مرکز"
    )
    services.manual_request_answer(
        manual_request=manual_request, verdict=Verdict.AUTHENTIC, note="با امضای رئیس مرکز"
    )
    assert kinds(manual_request) == ["received", "answered", "answer_updated"]
    assert len(measurements()) == 1


def test_cannot_be_determined_needs_a_note():
    manual_request = ManualRequest(status=Status.RECEIVED)
    with pytest.raises(services.ManualRequestError):
        services.manual_request_answer(manual_request=manual_request, verdict=Verdict.UNDETERMINED)
    with pytest.raises(services.ManualRequestError):
        services.manual_request_answer(manual_request=manual_request, verdict="maybe")


def test_a_rejection_needs_a_reason_and_counts_as_the_answer(promise):
    manual_request = filed()
    with pytest.raises(services.ManualRequestError):
        services.manual_request_reject(manual_request=manual_request, reason="  ")

    manual_request = services.manual_request_reject(
        manual_request=manual_request, reason="تصویر خوانا نیست."
    )
    assert manual_request.status == Status.REJECTED
    assert manual_request.verdict == ""
    assert manual_request.met_deadline is True
    assert len(measurements()) == 1


def test_a_rejected_request_is_reopened_before_it_gets_a_verdict(promise, staff):
    manual_request = filed()
    services.manual_request_reject(manual_request=manual_request, reason="تصویر خوانا نیست.")
    with pytest.raises(services.ManualRequestError):
        services.manual_request_answer(manual_request=manual_request, verdict=Verdict.AUTHENTIC)

    case_services.case_change_status(case=manual_request, status=Status.IN_REVIEW, by=staff)
    manual_request = services.manual_request_answer(
        manual_request=manual_request, verdict=Verdict.AUTHENTIC, by=staff
    )
    assert manual_request.status == Status.ANSWERED
    assert kinds(manual_request) == ["received", "rejected", "reopened", "answered"]
    assert len(measurements()) == 1  # the first closing counted; a reopening does not


@pytest.mark.parametrize("target", [Status.ANSWERED, Status.REJECTED])
def test_answered_and_rejected_are_reached_only_by_a_decision(promise, target):
    manual_request = filed()
    with pytest.raises(services.ManualRequestError):
        case_services.case_change_status(case=manual_request, status=target)
    manual_request.refresh_from_db()
    assert manual_request.status == Status.RECEIVED


def test_every_change_is_kept_in_the_history(promise, staff):
    manual_request = filed()
    case_services.case_assign(case=manual_request, assignee=staff, by=staff)
    services.manual_request_answer(manual_request=manual_request, verdict=Verdict.AUTHENTIC)
    statuses = list(manual_request.history.order_by("history_id").values_list("status", flat=True))
    assert statuses == ["received", "received", "in_review", "answered"]


# --- notifications ------------------------------------------------------------------------------
def test_the_filer_is_told_by_email_and_sms_after_the_commit(
    promise, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        manual_request = filed(
            contact_email="zahra@example.org", contact_mobile="09121234567", language="en"
        )
    assert [m.to for m in mail.outbox] == [["zahra@example.org"]]
    assert manual_request.display_code in mail.outbox[0].subject
    # The link leads to the English tracking page.
    assert f"/en/certificates/requests/track/?code={manual_request.tracking_code}" in (
        mail.outbox[0].body
    )
    assert [m["to"] for m in sms.outbox] == ["09121234567"]
    assert manual_request.display_code in sms.outbox[0]["text"]

    with django_capture_on_commit_callbacks(execute=True):
        services.manual_request_answer(
            manual_request=manual_request, verdict=Verdict.NOT_AUTHENTIC, note="No such record."
        )
    answer = mail.outbox[-1]
    assert "Not authentic" in answer.body
    assert "No such record." in answer.body
    assert answer.alternatives[0][1] == "text/html"
    assert "Not authentic" in sms.outbox[-1]["text"]


def test_mail_is_written_in_the_language_the_request_was_filed_in(
    promise, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        manual_request = filed(contact_email="zahra@example.org", language="fa")
    html = mail.outbox[0].alternatives[0][0]
    assert '<html lang="fa" dir="rtl">' in html
    jalali_year = str(to_jalali(manual_request.deadline).year)
    assert to_persian_digits(jalali_year) in mail.outbox[0].body
    tracking = (
        f"{settings.SITE_URL}/certificates/requests/track/?code={manual_request.tracking_code}"
    )
    assert tracking in mail.outbox[0].body


def test_mail_and_sms_are_queued_with_the_request_and_sent_by_the_worker(promise, task_queue):
    filed(contact_email="zahra@example.org", contact_mobile="09121234567")
    assert mail.outbox == []
    assert sms.outbox == []
    assert task_queue.run() == 2
    assert len(mail.outbox) == 1
    assert [message["to"] for message in sms.outbox] == ["09121234567"]


def test_nothing_is_queued_when_the_filing_fails_after_the_mail_was_queued(
    promise, task_queue, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("the SMS could not be queued")

    monkeypatch.setattr("certificates.manual.notifications.queue_sms", broken)
    with pytest.raises(RuntimeError):
        filed(contact_email="zahra@example.org", contact_mobile="09121234567")
    assert not task_queue.tasks().exists()


class BrokenEmailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


class BrokenSmsBackend:
    def send(self, *, to, text):
        raise TimeoutError("the SMS gateway did not answer")


def test_a_failing_mail_server_or_gateway_never_loses_the_answer(
    promise, settings, task_queue, caplog
):
    manual_request = filed(contact_email="zahra@example.org", contact_mobile="09121234567")
    settings.EMAIL_BACKEND = f"{__name__}.BrokenEmailBackend"
    settings.SMS_BACKEND = f"{__name__}.BrokenSmsBackend"

    services.manual_request_answer(manual_request=manual_request, verdict=Verdict.AUTHENTIC)
    with caplog.at_level(logging.WARNING):
        assert task_queue.run() == 4

    manual_request.refresh_from_db()
    assert manual_request.status == Status.ANSWERED
    assert len(measurements()) == 1
    assert task_queue.tasks().filter(status="READY").count() == 4  # each tried again later
    logged = caplog.text
    assert "mail_filer failed (attempt 1, ConnectionRefusedError)" in logged
    assert "sms_filer failed (attempt 1, TimeoutError)" in logged
    assert "zahra@example.org" not in logged
    assert "09121234567" not in logged


def test_the_logging_sms_backend_keeps_numbers_and_texts_out_of_the_log(
    promise, settings, django_capture_on_commit_callbacks, caplog
):
    settings.SMS_BACKEND = "servicedesk.sms.LoggingBackend"
    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        manual_request = filed(contact_email="", contact_mobile="09121234567")
    assert "SMS not sent" in caplog.text
    assert "09121234567" not in caplog.text
    assert manual_request.tracking_code not in caplog.text
