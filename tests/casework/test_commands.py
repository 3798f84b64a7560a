"""The daily overdue command, one for every queue: flags late cases, mails the supervisors once,
says why it could not, prints deadlines in Tehran time, and is safe to re-run."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.casework.conftest import TEHRAN
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def run() -> str:
    out = io.StringIO()
    call_command("flag_overdue", stdout=out)
    return out.getvalue()


def forty_days_ago():
    return timezone.now() - datetime.timedelta(days=40)


def summary(queue, text: str) -> str:
    return f"{queue.model._meta.label}: {text}"


def test_the_command_flags_mails_once_and_is_safe_to_run_again(queue):
    UserFactory(username="chief", is_superuser=True, is_staff=True, email="chief@example.org")
    late = queue.file(now=forty_days_ago())
    queue.file()  # on time
    queue.answer(queue.file(now=forty_days_ago()))
    mail.outbox.clear()

    first = run()
    assert f"overdue: {late.display_code}" in first
    told = "newly overdue: 1; overdue in total: 1; supervisors told about 1 (chief@example.org)."
    assert summary(queue, told) in first
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["chief@example.org"]
    assert late.display_code in mail.outbox[0].body
    assert f"{queue.changelist}?due=overdue" in mail.outbox[0].body
    late.refresh_from_db()
    assert late.overdue_flagged_at is not None
    assert late.overdue_notified_at is not None
    assert late.events.filter(kind="overdue", is_public=False).count() == 1

    second = run()
    already = (
        "newly overdue: 0; overdue in total: 1; no new mail: the supervisors were already told."
    )
    assert summary(queue, already) in second
    assert len(mail.outbox) == 1
    assert late.events.filter(kind="overdue").count() == 1


def test_one_run_covers_every_queue(queues, settings):
    settings.MANUAL_REQUEST_SUPERVISOR_EMAILS = ["inquiries@example.org"]
    settings.FEEDBACK_SUPERVISOR_EMAILS = ["feedback@example.org"]
    late = [queue.file(now=forty_days_ago()) for queue in queues]
    mail.outbox.clear()

    output = run()

    for queue, case in zip(queues, late, strict=True):
        assert f"overdue: {case.display_code}" in output
        assert summary(queue, "newly overdue: 1; overdue in total: 1; supervisors told") in output
    assert sorted(message.to[0] for message in mail.outbox) == [
        "feedback@example.org",
        "inquiries@example.org",
    ]


def test_the_configured_supervisors_are_mailed_about_new_cases_only(queue, settings):
    setattr(settings, queue.supervisors_setting, ["head@example.org", "deputy@example.org"])
    first = queue.file(now=forty_days_ago())
    run()
    second = queue.file(now=forty_days_ago())
    mail.outbox.clear()

    output = run()

    assert (
        summary(queue, "newly overdue: 1; overdue in total: 2; supervisors told about 1") in output
    )
    assert [message.to for message in mail.outbox] == [["head@example.org", "deputy@example.org"]]
    assert first.display_code not in mail.outbox[0].body
    assert second.display_code in mail.outbox[0].body


class BrokenEmailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def test_a_failed_mail_stays_queued_and_is_sent_by_a_later_attempt(queue, settings, task_queue):
    setattr(settings, queue.supervisors_setting, ["head@example.org"])
    late = queue.file(now=forty_days_ago())
    settings.EMAIL_BACKEND = f"{__name__}.BrokenEmailBackend"

    assert "supervisors told about 1 (head@example.org)" in run()
    task_queue.run()
    late.refresh_from_db()
    assert late.overdue_flagged_at is not None
    assert late.overdue_notified_at is not None
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    task_queue.tasks().filter(status="READY").update(run_after=timezone.now())
    assert "no new mail: the supervisors were already told" in run()
    task_queue.run()
    assert [message.to for message in mail.outbox].count(["head@example.org"]) == 1


def test_without_a_supervisor_address_the_command_says_so_and_tells_them_later(queue, settings):
    late = queue.file(now=forty_days_ago())

    output = run()

    assert summary(queue, "newly overdue: 1; overdue in total: 1; 1 not reported") in output
    assert f"no supervisor address (set {queue.supervisors_setting}" in output
    late.refresh_from_db()
    assert late.overdue_flagged_at is not None
    setattr(settings, queue.supervisors_setting, ["boss@example.org"])
    mail.outbox.clear()
    assert "supervisors told about 1 (boss@example.org)." in run()
    assert len(mail.outbox) == 1


def test_deadlines_are_printed_in_tehran_time(queue):
    late = queue.file(now=forty_days_ago())
    # Half past midnight in Tehran is still the evening before in UTC.
    deadline = datetime.datetime(2026, 3, 10, 0, 30, tzinfo=TEHRAN)
    queue.model.objects.filter(pk=late.pk).update(deadline=deadline)

    assert f"overdue: {late.display_code} (deadline 2026-03-10)" in run()


def test_nothing_overdue_nothing_mailed(queues):
    for queue in queues:
        queue.file()
    mail.outbox.clear()

    output = run()

    for queue in queues:
        assert summary(queue, "newly overdue: 0; overdue in total: 0; no mail needed.") in output
    assert mail.outbox == []
