"""The outbox: jobs queued in the caller's transaction, run by the worker, tried again with a
growing wait, and left FAILED for staff to see after the last attempt."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from servicedesk import outbox

pytestmark = pytest.mark.django_db

calls: list[str] = []


@outbox.job
def flaky(*, word: str) -> None:
    calls.append(word)
    raise ConnectionRefusedError("nobody answers")


@outbox.job
def steady(*, word: str) -> None:
    calls.append(word)


@pytest.fixture(autouse=True)
def _no_calls():
    calls.clear()


def next_attempt(task_queue):
    return task_queue.tasks().filter(status="READY").get()


def test_a_job_queued_in_a_transaction_that_rolls_back_never_runs(task_queue):
    def save_then_fail():
        with transaction.atomic():
            outbox.enqueue(steady, word="hello")
            raise RuntimeError("the row it was about is not saved")

    with pytest.raises(RuntimeError):
        save_then_fail()
    assert task_queue.run() == 0
    assert calls == []


def test_a_failed_job_is_tried_again_after_a_wait_that_doubles(task_queue, settings):
    settings.OUTBOX_RETRY_SECONDS = 30
    outbox.enqueue(flaky, word="hello")

    waits = []
    for _attempt in (1, 2, 3):
        before = timezone.now()
        task_queue.run()
        retry = next_attempt(task_queue)
        waits.append(round((retry.run_after - before).total_seconds()))
        # The clock moves on: the next attempt is due.
        task_queue.tasks().filter(pk=retry.pk).update(run_after=timezone.now())

    assert waits == [30, 60, 120]
    assert calls == ["hello"] * 3
    assert retry.args_kwargs["kwargs"]["attempt"] == 4


def test_the_wait_between_attempts_stops_growing_at_an_hour(settings):
    settings.OUTBOX_RETRY_SECONDS = 30
    assert [outbox.retry_wait(attempt) for attempt in (1, 2, 8, 20)] == [30, 60, 3600, 3600]


def test_a_job_that_fails_its_last_attempt_stays_failed_in_the_admin(
    task_queue, settings, staff_client
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    outbox.enqueue(flaky, word="hello")
    task_queue.run()
    task_queue.tasks().filter(status="READY").update(
        run_after=timezone.now() - datetime.timedelta(seconds=1)
    )
    task_queue.run()

    assert calls == ["hello", "hello"]
    assert not task_queue.tasks().filter(status="READY").exists()
    failed = task_queue.tasks().get(status="FAILED")
    assert "ConnectionRefusedError" in failed.traceback
    page = staff_client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    assert page.status_code == 200
    assert str(failed.pk) in page.content.decode()


def test_only_a_registered_job_can_be_queued(task_queue):
    def stray(**kwargs):
        pass

    with pytest.raises(ValueError, match="not a registered outbox job"):
        outbox.enqueue(stray)
    assert not task_queue.tasks().exists()
