"""Two hosts run the daily overdue check at the same moment, each with its own database
connection: the supervisors are mailed once."""

import datetime
import io
import threading
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from casework import services

# serialized_rollback: the rows the migrations write (the first agreement…) come back after each.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def in_threads(work, count=2) -> list:
    """Run ``work()`` in ``count`` threads started together; each closes its own connection."""
    start = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            start.wait(timeout=10)
            results.append(work())
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


@pytest.fixture
def slow_supervisor_lookup(monkeypatch):
    """Reading the supervisors' addresses takes a while: both runs are inside the check at once."""
    lookup = services.supervisor_emails

    def slow(*args, **kwargs):
        time.sleep(0.5)
        return lookup(*args, **kwargs)

    monkeypatch.setattr(services, "supervisor_emails", slow)


@pytest.fixture
def queue(queues):
    """Manual inquiries (suggestions share the code; one kind is enough for the race)."""
    return queues[0]


def late_case(queue):
    return queue.file(now=timezone.now() - datetime.timedelta(days=40))


def test_two_concurrent_runs_of_flag_overdue_mail_the_supervisors_once(
    queue, settings, slow_supervisor_lookup
):
    setattr(settings, queue.supervisors_setting, ["boss@example.org"])
    late_case(queue)
    mail.outbox.clear()

    def command():
        out = io.StringIO()
        call_command("flag_overdue", stdout=out)
        return out.getvalue()

    outputs = in_threads(command)

    assert [message.to for message in mail.outbox] == [["boss@example.org"]]
    assert sum("already running" in output for output in outputs) == 1


def test_two_concurrent_checks_without_the_job_lock_still_report_each_case_once(
    queue, settings, slow_supervisor_lookup
):
    setattr(settings, queue.supervisors_setting, ["boss@example.org"])
    late_case(queue)
    mail.outbox.clear()

    reports = in_threads(lambda: services.cases_flag_overdue(model=queue.model))

    assert sorted(report.notified for report in reports) == [0, 1]
    assert [message.to for message in mail.outbox] == [["boss@example.org"]]
