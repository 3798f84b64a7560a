"""A job's advisory lock: held by one database session at a time, freed when the run ends."""

import psycopg2
import pytest
from django.db import connection

from servicedesk.locks import _key, run_once

pytestmark = pytest.mark.django_db


def held_elsewhere(name: str) -> bool:
    """Whether another session (another host) could take the lock of ``name`` now."""
    other = psycopg2.connect(**connection.get_connection_params())
    try:
        with other, other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [_key(name)])
            taken = cursor.fetchone()[0]
            if taken:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_key(name)])
        return not taken
    finally:
        other.close()


def test_a_run_holds_its_jobs_lock_against_other_sessions_until_it_ends():
    with run_once("flag_overdue") as held:
        assert held is True
        assert held_elsewhere("flag_overdue")
        assert not held_elsewhere("enforce_retention")
    assert not held_elsewhere("flag_overdue")


def test_a_second_run_in_another_session_is_told_to_do_nothing():
    other = psycopg2.connect(**connection.get_connection_params())
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [_key("enforce_retention")])
        with run_once("enforce_retention") as held:
            assert held is False
    finally:
        other.close()
