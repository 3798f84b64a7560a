"""Benchmark: the certificate import and the online check under gunicorn + PostgreSQL.

1. Creates a fresh PostgreSQL database (BENCH_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/servicedesk_bench), migrates it and imports 1,000,000
   generated certificates through the real import (rows/s printed; target ≥ 50,000), then
   vacuums and analyses the registry (timed apart) so autovacuum does not run during step 2.
2. Serves the portal with the production gunicorn.conf.py (2 sync workers, persistent
   database connections, Redis for the cache and rate-limit counters when it answers) and,
   from a separate process (wrk, 32 connections), drives the verification form's POST (CSRF
   included) and the QR link; then does the same against a bare Django view that performs only
   the indexed lookup and renders a tiny template without middleware.
3. Drives the JSON API's single check the same way (target: at least the form's throughput),
   and times a 10,000-row bulk check end to end in process (target < 1 s).
4. Prints requests/s, p50 and p99 of each and the ratio to the bare view. Targets: the form
   check ≥ 0.7 × the bare view's throughput with p99 < 50 ms.

    .venv/bin/python bench/verification.py [--rows 1000000] [--seconds 20] [--keep]
"""

import argparse
import json
import os
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import gunicorn, recreate_database, wrk  # noqa: E402
from bench.generate import write_csv  # noqa: E402

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/servicedesk_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
CSRF = "benchmarkcsrftoken0123456789abcd"  # a cookie secret as a browser would hold it


def environment(redis_url: str) -> dict:
    env = {
        "DATABASE_URL": DATABASE_URL,
        "SECRET_KEY": "benchmark-only-secret-key-with-enough-different-characters-123456",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        # wrk is one client: lift the per-client limits, the counting itself still happens.
        "RATE_LIMIT_QR": "1000000000/10m",
        "RATE_LIMIT_RECEIPTS": "1000000000/10m",
        "RATE_LIMIT_VERIFY_FAILURES": "1000000000/10m",
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def redis_answers(url: str) -> bool:
    try:
        import redis

        client = redis.Redis.from_url(url, socket_timeout=1)
        client.flushdb()
        return True
    except Exception:
        return False


def setup_django(env: dict):
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings")
    import django

    django.setup()


def import_registry(rows: int, workdir: Path) -> dict:
    from django.core.management import call_command

    from certificates.imports.load import certificates_import

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    path = workdir / "registry.csv"
    print(f"generating {rows:,} certificates …", flush=True)
    write_csv(path, rows)
    print("importing …", flush=True)
    started = time.perf_counter()
    with path.open("rb") as handle:
        report = certificates_import(handle, source="benchmark")
    seconds = time.perf_counter() - started
    if not report.ok or report.created != rows:
        raise SystemExit(f"import failed: {report.summary()}")
    return {"rows": rows, "seconds": round(seconds, 2), "rows_per_second": round(rows / seconds)}


def settle_registry() -> float:
    """Vacuum and analyse the freshly imported tables, as autovacuum soon would: otherwise it
    runs during the measurements and takes a core of this two-core machine from them."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in ("certificates_certificate", "certificates_historicalcertificate"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    return round(time.perf_counter() - started, 1)


def sample(count: int = 5000) -> list[tuple[str, str, str]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT number, national_id, token FROM certificates_certificate "
            "ORDER BY random() LIMIT %s",
            [count],
        )
        return cursor.fetchall()


def lua_table(rows) -> str:
    return "{" + ",".join("{" + ",".join(f'"{v}"' for v in row) + "}" for row in rows) + "}"


def scripts(workdir: Path, rows, api_key: str) -> dict[str, Path]:
    table = f"local samples = {lua_table(rows)}\n"
    texts = {
        "form": table
        + f"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "csrftoken={CSRF}"
request = function()
  local s = samples[math.random(#samples)]
  return wrk.format("POST", "/certificates/verify/", nil,
    "csrfmiddlewaretoken={CSRF}&number=" .. s[1] .. "&national_id=" .. s[2])
end
""",
        "qr": table
        + """
request = function()
  local s = samples[math.random(#samples)]
  return wrk.format("GET", "/c/" .. s[3])
end
""",
        "api": table
        + f"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {api_key}"
request = function()
  local s = samples[math.random(#samples)]
  return wrk.format("POST", "/api/v1/verifications", nil,
    '{{"number": "' .. s[1] .. '", "national_id": "' .. s[2] .. '"}}')
end
""",
        "bare": table
        + """
request = function()
  local s = samples[math.random(#samples)]
  return wrk.format("GET", "/bare/" .. s[1] .. "/" .. s[2])
end
""",
    }
    paths = {}
    for name, text in texts.items():
        paths[name] = workdir / f"{name}.lua"
        paths[name].write_text(text)
    return paths


def bulk_timings(rows, organisation) -> dict:
    """10,000 rows end to end, in process: file parsed, checked, inquiries and run recorded,
    result files (CSV and XLSX) written. Median of 5 runs."""
    import io
    import statistics

    from certificates import bulk
    from certificates.models import Inquiry

    lines = ["number,national_id,reference"] + [
        f"{number},{national_id},ref-{index}"
        for index, (number, national_id, _) in enumerate(rows * 2)
    ]
    data = "\n".join(lines[: bulk.MAX_ROWS + 1]).encode()
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        parsed = bulk.read_rows(io.BytesIO(data))
        outcome = bulk.bulk_verify(
            parsed,
            channel=Inquiry.Channel.BULK,
            language="fa",
            organisation=organisation,
            source_name="bench.csv",
        )
        timings.append(time.perf_counter() - started)
    assert outcome.record.valid == bulk.MAX_ROWS, outcome.record.valid
    return {
        "rows": bulk.MAX_ROWS,
        "median_seconds": round(statistics.median(timings), 3),
        "max_seconds": round(max(timings), 3),
    }


def check_once(base: str, rows) -> None:
    """One real check before measuring, so a broken page cannot pass for a fast one."""
    number, national_id, _ = rows[0]
    request = urllib.request.Request(
        base + "/certificates/verify/",
        data=f"csrfmiddlewaretoken={CSRF}&number={number}&national_id={national_id}".encode(),
        headers={"Cookie": f"csrftoken={CSRF}"},
    )
    html = urllib.request.urlopen(request).read().decode()
    assert 'data-verification-status="valid"' in html, "the check did not find a valid certificate"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    redis_url = REDIS_URL if redis_answers(REDIS_URL) else ""
    env = environment(redis_url)
    recreate_database(DATABASE_URL)
    results = {"cache": "redis" if redis_url else "database"}
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        setup_django(env)
        results["import"] = imported = import_registry(args.rows, workdir)
        print(
            f"import: {imported['rows']:,} rows in {imported['seconds']} s = "
            f"{imported['rows_per_second']:,} rows/s (target ≥ 50,000)",
            flush=True,
        )
        results["vacuum_seconds"] = settle_registry()
        print(f"vacuum and analyse after the import: {results['vacuum_seconds']} s", flush=True)
        rows = sample()
        from certificates import services

        organisation, _ = services.organisation_get_or_create(name="Benchmark employer")
        _record, api_key = services.api_key_create(
            organisation=organisation, name="bench", requests_per_minute=10**9
        )
        results["bulk"] = bulk_figures = bulk_timings(rows, organisation)
        print(
            f"bulk: {bulk_figures['rows']:,} rows end to end in {bulk_figures['median_seconds']} s "
            f"(median of 5, worst {bulk_figures['max_seconds']} s; target < 1 s)",
            flush=True,
        )
        lua = scripts(workdir, rows, api_key)
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
        from django.db import connections

        connections.close_all()
        runs = [
            ("bare", "bench.bare_wsgi:application", lua["bare"]),
            ("form", "servicedesk.wsgi:application", lua["form"]),
            ("qr", "servicedesk.wsgi:application", lua["qr"]),
            ("api", "servicedesk.wsgi:application", lua["api"]),
        ]
        for name, app, script in runs:
            with gunicorn(app, env=env, workers=2) as base:
                if name == "form":
                    check_once(base, rows)
                wrk(base + "/", script=script, seconds=3)  # warm up
                figures = wrk(base + "/", script=script, seconds=args.seconds)
            results[name] = figures
            print(
                f"{name:5} {figures['requests_per_second']:8.0f} req/s  "
                f"p50 {figures['p50_ms']:6.2f} ms  p99 {figures['p99_ms']:6.2f} ms  "
                f"non-2xx {figures['non_2xx']}  socket errors {figures['socket_errors']}",
                flush=True,
            )
    bare = results["bare"]["requests_per_second"]
    for name in ("form", "qr", "api"):
        results[name]["ratio_to_bare"] = round(results[name]["requests_per_second"] / bare, 2)
    print(
        f"form/bare = {results['form']['ratio_to_bare']} (target ≥ 0.7), "
        f"form p99 = {results['form']['p99_ms']} ms (target < 50); "
        f"qr/bare = {results['qr']['ratio_to_bare']}; api/bare = {results['api']['ratio_to_bare']} "
        f"(target: api ≥ form); cache: {results['cache']}"
    )
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "verification.json").write_text(json.dumps(results, indent=2))
    if not args.keep:
        from django.db import connections

        connections.close_all()
        recreate_database(DATABASE_URL, drop_only=True)


if __name__ == "__main__":
    main()
