"""A read replica for real: a primary, a streaming replica made with pg_basebackup, and the
portal under gunicorn reading its read-only pages from the replica, whichever of the two stops."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings

from bench.private import PrivatePostgres, postgres_bindir
from tests.processes import gunicorn, session_database_url

RECEIPT = "REPL1CAT3ST2"
PAGES = [
    "/en/sla/",
    "/en/services/",
    "/en/sla/performance/",
    f"/en/certificates/receipts/{RECEIPT}/",
]

pytestmark = pytest.mark.skipif(
    not list(Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup")),
    reason="no PostgreSQL binaries",
)


def manage(database_url: str, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url},
        check=True,
        capture_output=True,
        timeout=300,
    )


def status(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=10).status
    except urllib.error.HTTPError as error:
        return error.code


def wait_for_row(database_url: str, receipt: str) -> None:
    """Until the replica has replayed the primary's write."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with psycopg2.connect(database_url) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM certificates_inquiry WHERE receipt_code = %s", [receipt])
            if cursor.fetchone():
                return
        time.sleep(0.2)
    raise AssertionError("the replica never received the row")


def copy_schema(source_url: str, target_url: str) -> None:
    """The migrated schema of the test session's database, with its data migrations' rows:
    much faster than running every migration again."""
    bindir = postgres_bindir()
    dump = subprocess.run(
        [bindir / "pg_dump", "--format=custom", "--no-owner", source_url],
        check=True,
        capture_output=True,
        timeout=120,
    )
    subprocess.run(
        [bindir / "pg_restore", "--no-owner", "--exit-on-error", "--dbname", target_url],
        input=dump.stdout,
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.fixture
def primary_and_replica(db):
    directories = [Path(tempfile.mkdtemp(prefix="servicedesk-replication-")) for _ in range(2)]
    primary = PrivatePostgres(directories[0])
    primary.init()
    replica = None
    try:
        copy_schema(session_database_url(), primary.url)
        manage(
            primary.url,
            "shell",
            "-c",
            "from certificates.models import Inquiry; "
            f"Inquiry.objects.create(receipt_code='{RECEIPT}', channel='form', "
            "outcome='not_found', checked_number='14021000123', "
            "checked_national_id='04******99', language='en')",
        )
        replica = primary.replica(directories[1])
        wait_for_row(replica.url, RECEIPT)
        yield primary, replica
    finally:
        for cluster in (replica, primary):
            if cluster is not None and cluster.running():
                cluster.stop("immediate")
        for directory in directories:
            shutil.rmtree(directory, ignore_errors=True)


def test_read_only_pages_answer_from_whichever_copy_is_up(primary_and_replica):
    primary, replica = primary_and_replica
    env = {"DATABASE_URL": primary.url, "DATABASE_REPLICA_URL": replica.url, "REDIS_URL": ""}
    with gunicorn(workers=1, env=env) as base:
        assert [status(base + page) for page in PAGES] == [200] * len(PAGES)

        primary.stop("immediate")
        assert status(base + "/healthz") == 503  # the primary is really gone
        assert [status(base + page) for page in PAGES] == [200] * len(PAGES)

        primary.start()
        replica.stop("immediate")
        assert [status(base + page) for page in PAGES] == [200] * len(PAGES)
        assert status(base + "/healthz") == 200
