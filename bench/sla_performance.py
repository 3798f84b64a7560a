"""Benchmark: the performance page with a million measurement rows.

Creates a fresh PostgreSQL database (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/servicedesk_bench_sla), migrates it, publishes the demo
services, loads 1,000,000 measurement rows of the last year with COPY, builds the daily
tallies, then renders /sla/performance/ through Django's test client: a few warm-up renders,
then ~20 timed ones. Prints the figures; the target is a median under 300 ms. The database is
dropped at the end (--keep keeps it).

    .venv/bin/python bench/sla_performance.py [--rows 1000000] [--renders 20] [--keep]
"""

import datetime
import io
import os
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/servicedesk_bench_sla")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings")
os.environ.setdefault(
    "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ["DEBUG"] = "0"
# Static files come from the finders here; there is no collectstatic output to look at.
warnings.filterwarnings("ignore", message="No directory at")

from bench.common import fresh_django, recreate_database  # noqa: E402


def timed(function):
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def measurement_rows(services, *, total: int, today: datetime.date, seed: int = 1405):
    """Tab-separated COPY lines: a year of daily online-check totals for every service, and
    events (answered inquiries and suggestions, survey scores) up to ``total`` rows."""
    from django.utils import timezone

    rng = random.Random(seed)
    tz = timezone.get_default_timezone()
    certificate = services[0]
    days = [today - datetime.timedelta(days=offset) for offset in range(365)]
    now = timezone.now().isoformat()
    count = 0
    for service in services:
        for day in days:
            moment = datetime.datetime.combine(day, datetime.time(), tzinfo=tz).isoformat()
            yield f"{service.pk}\tonline_checks\t{moment}\t{day}\t{rng.randint(20, 400)}\t\\N\tt\t{now}\t{now}\n"
            count += 1
    weights_days = [5, 12, 16, 15, 12, 10, 8, 7, 5, 4, 3, 2, 1]
    while count < total:
        day = days[rng.randrange(365)]
        moment = datetime.datetime.combine(
            day, datetime.time(rng.randint(7, 15), rng.randint(0, 59)), tzinfo=tz
        ).isoformat()
        roll = rng.random()
        if roll < 0.2:
            service, kind = certificate, "inquiry_answered"
        elif roll < 0.55:
            service, kind = rng.choice(services), "feedback_answered"
        else:
            service, kind = rng.choice(services), "satisfaction"
        if kind == "satisfaction":
            value = rng.choices([1, 2, 3, 4, 5], weights=[3, 5, 12, 35, 45])[0]
            met = "\\N"
        else:
            value = rng.choices(range(1, 14), weights=weights_days)[0]
            met = "t" if value <= (7 if kind == "inquiry_answered" else 10) else "f"
        yield f"{service.pk}\t{kind}\t{moment}\t{day}\t{value}\t{met}\tf\t{now}\t{now}\n"
        count += 1


def copy_rows(lines, *, batch: int = 200_000) -> int:
    from django.db import connection

    columns = (
        "service_id, kind, occurred_at, day, value, met_deadline, is_daily_total, created, updated"
    )
    loaded = 0
    buffer = io.StringIO()
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg2's own cursor, for COPY
        for line in lines:
            buffer.write(line)
            loaded += 1
            if loaded % batch == 0:
                buffer.seek(0)
                raw.copy_expert(f"COPY sla_measurement ({columns}) FROM STDIN", buffer)
                buffer = io.StringIO()
                print(f"  … {loaded:,} rows", flush=True)
        buffer.seek(0)
        raw.copy_expert(f"COPY sla_measurement ({columns}) FROM STDIN", buffer)
    return loaded


def main() -> None:
    args = fresh_django(__doc__.splitlines()[0])
    url = args.url
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from sla import demo, services
    from sla.models import DailyTally, Measurement, Service

    call_command("migrate", verbosity=0)
    demo.load(io.StringIO())
    Measurement.objects.all().delete()  # the demo's own year; the benchmark brings its own
    DailyTally.objects.all().delete()
    published = list(Service.objects.filter(is_published=True).order_by("service_id"))
    print(f"==> {len(published)} published services")

    today = timezone.localdate()
    loaded, seconds = timed(
        lambda: copy_rows(measurement_rows(published, total=args.rows, today=today))
    )
    print(f"==> loaded {loaded:,} measurement rows with COPY in {seconds:.1f} s")
    tallies, seconds = timed(services.daily_tally_rebuild)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE sla_measurement")
        cursor.execute("ANALYZE sla_dailytally")
    print(f"==> built {tallies:,} daily tallies from them in {seconds:.1f} s")

    client = Client()
    report = {}
    for path in ["/sla/performance/", "/en/sla/performance/", "/sla/performance.csv"]:
        for _ in range(3):  # warm up: connections, templates, the database's cache
            assert client.get(path).status_code == 200
        durations = []
        for _ in range(args.renders):
            response, seconds = timed(lambda path=path: client.get(path))
            assert response.status_code == 200
            durations.append(seconds * 1000)
        report[path] = (statistics.median(durations), max(durations), len(response.content))

    # Recording stays cheap with a million rows: one insert and one upsert per event.
    certificate = published[0]
    _, seconds = timed(
        lambda: [
            services.measurement_record(
                service=certificate,
                kind="feedback_answered",
                occurred_at=timezone.now(),
                value=3,
                met_deadline=True,
            )
            for _ in range(200)
        ]
    )
    record_ms = seconds / 200 * 1000

    # The page's percentiles agree with PostgreSQL's percentile_cont over the raw rows.
    from sla.performance import build_report

    figures = build_report(services=[certificate], today=today, monthly=False).services[0]
    median_cell = next(r for r in figures.rows if r.measure == "inquiry_days").cells[-1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY value),"
            " percentile_cont(0.9) WITHIN GROUP (ORDER BY value) FROM sla_measurement"
            " WHERE service_id = %s AND kind = 'inquiry_answered' AND day > %s AND day <= %s",
            [certificate.pk, today - datetime.timedelta(days=365), today],
        )
        median, p90 = cursor.fetchone()
    agrees = (float(median_cell.value), float(median_cell.second)) == (
        round(median, 1),
        round(p90, 1),
    )

    print()
    print(f"Measurement rows: {Measurement.objects.count():,}   daily tallies: {tallies:,}")
    print(f"Renders per page: {args.renders} after 3 warm-up renders")
    for path, (median_ms, worst_ms, size) in report.items():
        print(
            f"  {path:<24} median {median_ms:6.1f} ms   worst {worst_ms:6.1f} ms   ({size:,} bytes)"
        )
    print(f"measurement_record: {record_ms:.2f} ms per event (200 events)")
    print(
        f"Median/p90 of 365 days vs percentile_cont over raw rows: {'agree' if agrees else 'DIFFER'}"
    )
    target = report["/sla/performance/"][0] < 300
    print(f"Target (median render under 300 ms): {'met' if target else 'NOT met'}")

    if not args.keep:
        connection.close()
        recreate_database(url, drop_only=True)
        print("==> benchmark database dropped")


if __name__ == "__main__":
    main()
