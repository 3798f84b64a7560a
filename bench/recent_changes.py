"""Benchmark: the staff page of recent changes with a million rows of certificate history.

Creates a fresh PostgreSQL database (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/servicedesk_bench_changes), migrates it, loads the demo,
imports --certificates generated certificates (one history row each), then multiplies their
history with INSERT … SELECT generate_series up to --rows rows spread over the last year, as
a million-row import and its corrections would leave it. A supervisor (both sign-in factors)
then opens /en/admin/changes/ through Django's test client: the first page of every source,
a later page, and the certificates alone; 3 warm-up renders, then --renders timed ones each.
Prints the figures (target: median under 300 ms) and whether each history table has its date
index. The database is dropped at the end (--keep keeps it).

    .venv/bin/python bench/recent_changes.py [--rows 1000000] [--renders 20] [--keep]
"""

import io
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault(
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/servicedesk_bench_changes"
)
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings")
os.environ.setdefault(
    "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ["DEBUG"] = "0"
warnings.filterwarnings("ignore", message="No directory at")

from bench.common import fresh_django, recreate_database  # noqa: E402

PAGES = {
    "every source, page 1": "/en/admin/changes/",
    "every source, page 3": "/en/admin/changes/?page=3",
    "certificates, page 1": "/en/admin/changes/?source=certificate",
}


def timed(function):
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def multiply_history(total: int) -> int:
    """Copies of the certificate history rows, each copy an older moment, up to ``total``."""
    from django.db import connection

    from certificates.models import Certificate

    historical = Certificate.history.model._meta
    columns = [
        f.column
        for f in historical.concrete_fields
        if f.column not in ("history_id", "history_date")
    ]
    names = ", ".join(columns)
    selected = ", ".join(f"h.{column}" for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {historical.db_table}")
        existing = cursor.fetchone()[0]
        copies = -(-(total - existing) // existing)
        # Spread over the last year: copy g of every row is g * 31 s older than the row.
        cursor.execute(
            f"INSERT INTO {historical.db_table} ({names}, history_date) "
            f"SELECT {selected}, h.history_date - g * interval '31 seconds' "
            f"FROM {historical.db_table} h CROSS JOIN generate_series(1, %s) g "
            f"ORDER BY g LIMIT %s",
            [copies, total - existing],
        )
        cursor.execute(f"ANALYZE {historical.db_table}")
        cursor.execute(f"SELECT count(*) FROM {historical.db_table}")
        return cursor.fetchone()[0]


def date_indexes() -> dict[str, bool]:
    """Per history table of the page: is there an index whose first column is history_date?"""
    from django.db import connection

    from servicedesk.staff.changes import SOURCES

    found = {}
    with connection.cursor() as cursor:
        for source in SOURCES:
            table = source.model.history.model._meta.db_table
            cursor.execute(
                "SELECT count(*) FROM pg_index i JOIN pg_attribute a "
                "ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
                "WHERE i.indrelid = %s::regclass AND a.attname = 'history_date'",
                [table],
            )
            found[table] = cursor.fetchone()[0] > 0
    return found


def main() -> None:
    args = fresh_django(
        __doc__.splitlines()[0], ("--certificates", {"type": int, "default": 2_000})
    )
    url = args.url
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench.generate import write_csv
    from certificates.imports.load import certificates_import
    from tests.conftest import verified_login
    from tests.factories import UserFactory

    call_command("migrate", verbosity=0)
    call_command("load_demo", force=True, stdout=io.StringIO())
    with tempfile.TemporaryDirectory() as tmp:
        path = write_csv(Path(tmp) / "registry.csv", args.certificates)
        with path.open("rb") as handle:
            report = certificates_import(handle, source="benchmark")
    if not report.ok:
        sys.exit(f"import failed: {report.summary()}")
    rows, seconds = timed(lambda: multiply_history(args.rows))
    print(f"==> certificate history: {rows:,} rows (INSERT … SELECT in {seconds:.1f} s)")

    supervisor = UserFactory(username="bench-supervisor", is_staff=True, is_superuser=True)
    client = verified_login(Client(), supervisor)
    figures = {}
    for label, path in PAGES.items():
        for _ in range(3):  # warm up: connection, templates, the database's cache
            assert client.get(path).status_code == 200
        durations = []
        for _ in range(args.renders):
            response, seconds = timed(lambda path=path: client.get(path))
            assert response.status_code == 200
            durations.append(seconds * 1000)
        shown = response.content.decode().count("<tr data-change=")
        figures[label] = (statistics.median(durations), max(durations), shown)

    print()
    print(f"History rows of certificates: {rows:,}; renders per page: {args.renders} after 3")
    for table, indexed in date_indexes().items():
        print(f"  {table:<40} date index: {'yes' if indexed else 'NO'}")
    for label, (median_ms, worst_ms, shown) in figures.items():
        print(
            f"  {label:<22} median {median_ms:7.1f} ms   worst {worst_ms:7.1f} ms   "
            f"({shown} changes shown)"
        )
    met = all(median_ms < 300 for median_ms, _worst, _shown in figures.values())
    print(f"Target (median render under 300 ms): {'met' if met else 'NOT met'}")

    if not args.keep:
        connection.close()
        recreate_database(url, drop_only=True)
        print("==> benchmark database dropped")


if __name__ == "__main__":
    main()
