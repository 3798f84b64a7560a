"""Mail and SMS leave through the durable task queue (Django's tasks API, the ``django-tasks``
backport with its database backend): a message is a row of the queue's table, written in the
transaction of the row it is about, so it exists exactly when that row does and no request ever
waits for SMTP or an SMS gateway. ``manage.py db_worker`` (the Procfile's ``worker:``) sends it.

A sending function is a *job*: a plain function taking JSON-friendly keyword arguments
(ids, not rows; dates as ISO text), registered with ``@job`` and queued with ``enqueue``. A
job that raises is queued again with a growing wait (``OUTBOX_RETRY_SECONDS`` doubled each
attempt, at most an hour); after ``OUTBOX_MAX_ATTEMPTS`` it stays FAILED in the admin's list of
tasks (Django tasks › Task results, filtered by status), with its traceback, for staff to see.
"""

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

LONGEST_WAIT_SECONDS = 3600
_jobs: dict[str, Callable[..., object]] = {}


def job(func: Callable[..., object]) -> Callable[..., object]:
    """Register ``func`` as something the worker may run from the queue."""
    _jobs[_name(func)] = func
    return func


def _name(func: Callable[..., object]) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def enqueue(func: Callable[..., object], **kwargs) -> None:
    """Queue ``func(**kwargs)`` in the current transaction (it leaves only if that commits)."""
    name = _name(func)
    if _jobs.get(name) is not func:
        raise ValueError(f"{name} is not a registered outbox job")
    deliver.enqueue(job=name, kwargs=kwargs, attempt=1)


def retry_wait(attempt: int) -> int:
    """Seconds to wait after failed attempt ``attempt`` (1, 2, …) before the next one."""
    return min(settings.OUTBOX_RETRY_SECONDS * 2 ** (attempt - 1), LONGEST_WAIT_SECONDS)


@task()
def deliver(*, job: str, kwargs: dict, attempt: int) -> dict:
    """Run one queued job; on failure queue the next attempt, or fail for good after the last."""
    module, _, _attr = job.rpartition(".")
    __import__(module)  # importing the job's module registers it
    func = _jobs.get(job)
    if func is None:
        raise LookupError(f"{job} is not a registered outbox job")
    try:
        func(**kwargs)
    except Exception as error:
        if attempt >= settings.OUTBOX_MAX_ATTEMPTS or not deliver.get_backend().supports_defer:
            logger.error("%s failed for good after %d attempts", job, attempt)
            raise
        wait = retry_wait(attempt)
        run_after = timezone.now() + datetime.timedelta(seconds=wait)
        deliver.using(run_after=run_after).enqueue(job=job, kwargs=kwargs, attempt=attempt + 1)
        # The error's class only: its text may hold an address or a number.
        logger.warning(
            "%s failed (attempt %d, %s); next attempt in %d s",
            job,
            attempt,
            type(error).__name__,
            wait,
        )
        return {"sent": False, "error": type(error).__name__, "retry_in_seconds": wait}
    return {"sent": True}
