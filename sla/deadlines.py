"""Deadlines of work the agreement promises an answer time for (suggestions and complaints,
manual inquiries): the promise an item keeps from its filing, which open items are due soon,
and how its first answer measured against the deadline.

The apps that file such work call these; sla imports none of them. An item is a model row with
the fields named here (``filed_at``, ``deadline``, ``answered_at``, ``answered_by``,
``working_days_taken``, ``met_deadline``).
"""

import datetime

from django.db.models import QuerySet

from sla.calendar import add_working_days, working_days_between
from sla.selectors import Promise

# "Due soon" in staff's queues ("Due within two working days"): the deadline falls within this
# many working days.
DUE_SOON_WORKING_DAYS = 2


def deadline_terms(promise: Promise | None, *, filed_at: datetime.datetime) -> dict:
    """The fields an item filed at ``filed_at`` keeps from the promise then in force: the
    agreement version, its working days and the deadline counted from filing. Empty when
    nothing was promised (no commitment, or one without an answer time)."""
    if promise is None or promise.working_days is None:
        return {}
    return {
        "agreement_version": promise.version,
        "promised_working_days": promise.working_days,
        "deadline": add_working_days(filed_at, promise.working_days),
    }


def due_soon(open_items: QuerySet, *, at: datetime.datetime) -> QuerySet:
    """Those of ``open_items`` not yet overdue at ``at`` whose deadline falls within the next
    ``DUE_SOON_WORKING_DAYS``."""
    return open_items.filter(
        deadline__gte=at, deadline__lte=add_working_days(at, DUE_SOON_WORKING_DAYS)
    )


def set_first_answer(item, *, by, at: datetime.datetime) -> list[str]:
    """Set on ``item`` (not saved) its first answer: when, by whom, the working days it took
    and whether that met its deadline (None without one). Returns the fields set, for
    ``save(update_fields=…)``."""
    item.answered_at = at
    item.answered_by = by
    item.working_days_taken = working_days_between(item.filed_at, at)
    item.met_deadline = None if item.deadline is None else at <= item.deadline
    return ["answered_at", "answered_by", "working_days_taken", "met_deadline"]
