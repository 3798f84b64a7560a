"""Read-only pages may read from a streaming replica (``DATABASE_REPLICA_URL``).

A view marked ``@reads_from_replica`` (the catalogue, the agreement, the performance page,
receipts) sends the reads of the portal's own apps to the replica while it answers; everything
else, and every write, goes to the primary. Sessions, users and the cache table stay on the
primary. When the replica does not answer, the page reads the primary instead and the replica is
left alone for a few seconds, so a dead replica costs one failed connection now and then, not
one per request. Without ``DATABASE_REPLICA_URL`` nothing changes.
"""

import logging
import time
from contextvars import ContextVar
from functools import wraps

from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
# The apps whose data may be read a little late: what the public read-only pages show.
REPLICATED_APPS = frozenset({"sla", "certificates", "feedback", "casework"})
RETRY_SECONDS = 5.0

_reading = ContextVar("reads_from_replica", default=False)
_down_until = 0.0


def configured() -> bool:
    return REPLICA in connections.settings


def reads_from_replica(view):
    """Let ``view`` read from the replica, when there is one and it answers."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not configured():
            return view(*args, **kwargs)
        token = _reading.set(True)
        try:
            return view(*args, **kwargs)
        finally:
            _reading.reset(token)

    return wrapper


def reading() -> bool:
    """Whether reads go to the replica now (a page marked for it, and the replica answers)."""
    return _reading.get() and _replica_answers()


def _replica_answers() -> bool:
    global _down_until
    if time.monotonic() < _down_until:
        return False
    replica = connections[REPLICA]
    try:
        replica.close_if_health_check_failed()
        replica.ensure_connection()
    except DatabaseError:
        replica.close()
        _down_until = time.monotonic() + RETRY_SECONDS
        logger.warning("read replica unavailable; reading the primary for %s s", RETRY_SECONDS)
        return False
    return True


class ReplicaRouter:
    """Sends the reads of marked pages to the replica; the primary keeps everything else."""

    def db_for_read(self, model, **hints):
        if model._meta.app_label in REPLICATED_APPS and reading():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA
