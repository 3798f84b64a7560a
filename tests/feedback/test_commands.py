"""The daily overdue command: flags, mails the supervisors once, safe to run again."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.factories import UserFactory
from tests.feedback.factories import submitted

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("promise")]


def run() -> str:
    out = io.StringIO()
    call_command("flag_overdue_feedback", stdout=out)
    return out.getvalue()


def test_the_command_flags_mails_and_is_safe_to_run_again(service, settings):
    settings.FEEDBACK_SUPERVISOR_EMAILS = []
    UserFactory(username="chief", is_superuser=True, is_staff=True, email="chief@example.org")
    late = submitted(service, now=timezone.now() - datetime.timedelta(days=30))
    submitted(service)  # on time

    first = run()
    assert f"overdue: {late.display_code}" in first
    assert (
        "Newly overdue: 1; overdue in total: 1; supervisors told about 1 (chief@example.org)."
        in first
    )
    assert len(mail.outbox) == 1
    late.refresh_from_db()
    assert late.overdue_flagged_at is not None
    assert late.events.filter(kind="overdue", is_public=False).count() == 1

    second = run()
    assert "overdue in total: 1; no new mail: the supervisors were already told." in second
    assert len(mail.outbox) == 1
    assert late.events.filter(kind="overdue").count() == 1


def test_nothing_overdue_nothing_mailed(service):
    submitted(service)
    assert "Newly overdue: 0; overdue in total: 0; no mail needed." in run()
    assert mail.outbox == []


def test_without_a_supervisor_address_the_command_says_so_and_tells_them_later(service, settings):
    settings.FEEDBACK_SUPERVISOR_EMAILS = []
    submitted(service, now=timezone.now() - datetime.timedelta(days=30))
    assert "1 not reported: no supervisor address" in run()
    assert mail.outbox == []
    settings.FEEDBACK_SUPERVISOR_EMAILS = ["boss@example.org"]
    assert (
        "Newly overdue: 0; overdue in total: 1; supervisors told about 1 (boss@example.org)."
        in run()
    )
