"""The daily overdue command: flags late requests, mails the supervisors once, safe to re-run."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from certificates.manual import services
from tests.certificates.manual.factories import filed
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("promise")]


def run() -> str:
    out = io.StringIO()
    call_command("flag_overdue_requests", stdout=out)
    return out.getvalue()


def forty_days_ago():
    return timezone.now() - datetime.timedelta(days=40)


def test_the_command_flags_mails_once_and_is_safe_to_run_again():
    UserFactory(username="chief", is_superuser=True, is_staff=True, email="chief@example.org")
    late = filed(now=forty_days_ago())
    filed()  # on time
    answered = filed(now=forty_days_ago())
    services.manual_request_answer(manual_request=answered, verdict="authentic")

    first = run()
    assert f"overdue: {late.display_code}" in first
    assert (
        "Newly overdue: 1; overdue in total: 1; supervisors told about 1 (chief@example.org)."
        in first
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["chief@example.org"]
    assert late.display_code in mail.outbox[0].body
    assert "/admin/certificates/manualrequest/?due=overdue" in mail.outbox[0].body
    late.refresh_from_db()
    assert late.overdue_flagged_at is not None
    assert late.overdue_notified_at is not None
    assert late.events.filter(kind="overdue", is_public=False).count() == 1

    second = run()
    assert "Newly overdue: 0; overdue in total: 1; no new mail" in second
    assert len(mail.outbox) == 1
    assert late.events.filter(kind="overdue").count() == 1


def test_the_configured_supervisors_are_mailed_about_new_cases_only(settings):
    settings.MANUAL_REQUEST_SUPERVISOR_EMAILS = ["head@example.org", "deputy@example.org"]
    first = filed(now=forty_days_ago())
    run()
    second = filed(now=forty_days_ago())
    output = run()

    assert "Newly overdue: 1; overdue in total: 2; supervisors told about 1" in output
    assert [message.to for message in mail.outbox] == [
        ["head@example.org", "deputy@example.org"]
    ] * 2
    assert first.display_code not in mail.outbox[1].body
    assert second.display_code in mail.outbox[1].body


class BrokenEmailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def test_a_failed_mail_is_retried_by_the_next_run(settings):
    settings.MANUAL_REQUEST_SUPERVISOR_EMAILS = ["head@example.org"]
    late = filed(now=forty_days_ago())
    settings.EMAIL_BACKEND = f"{__name__}.BrokenEmailBackend"
    assert "no new mail" in run()
    late.refresh_from_db()
    assert late.overdue_flagged_at is not None
    assert late.overdue_notified_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert "supervisors told about 1" in run()
    assert len(mail.outbox) == 1


def test_without_anyone_to_mail_the_requests_are_still_flagged():
    late = filed(now=forty_days_ago())
    assert "Newly overdue: 1; overdue in total: 1; no new mail" in run()
    late.refresh_from_db()
    assert late.overdue_flagged_at is not None


def test_nothing_overdue_nothing_mailed():
    filed()
    assert "Newly overdue: 0; overdue in total: 0; no mail needed." in run()
    assert mail.outbox == []
