"""Jobs that run once across every app host: each takes a PostgreSQL advisory lock named after
it, and a second run that finds the lock taken (on this host or another) does nothing.

The lock belongs to the database session, so a host that dies mid-run frees it with its
connection. SQLite (the demo) has one host and no advisory locks: every run goes ahead.
"""

import functools
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection


def _key(name: str) -> int:
    """A stable 64-bit key for ``name`` (advisory locks are numbered, not named)."""
    digest = hashlib.sha256(f"servicedesk:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def run_once(name: str) -> Iterator[bool]:
    """Yield True while this session holds the lock of job ``name``, False when another holds
    it (the caller then does nothing)."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = _key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def once_across_hosts(name: str) -> Callable:
    """For a management command's ``handle``: run it under ``run_once(name)``; when another run
    holds the lock, say so and do nothing."""

    def decorate(handle: Callable) -> Callable:
        @functools.wraps(handle)
        def wrapper(command, *args, **options):
            with run_once(name) as held:
                if not held:
                    command.stdout.write(
                        f"{name} is already running (on this or another host): nothing done."
                    )
                    return None
                return handle(command, *args, **options)

        return wrapper

    return decorate
