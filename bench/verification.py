"""Benchmark: the certificate import, the bulk check and the online check, as ratios.

Every target is a ratio within one run, because the machine is shared and absolute figures
wander (issue 16):

1. Creates a fresh PostgreSQL database (BENCH_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/servicedesk_bench), migrates it, times a plain ``COPY``
   of the generated registry file into an unindexed table plus building its unique index, then
   imports the same file through the real import: **import ≥ 0.3 × that COPY** (rows/s, both
   timed in this process, start-up excluded). Vacuums and analyses the registry afterwards
   (timed apart) so autovacuum does not run during the measurements.
2. Times a 10,000-row bulk check end to end in process (median of 5).
3. Serves the portal and a bare Django view (the indexed lookup and a tiny template, no
   middleware) side by side with the production gunicorn.conf.py (2 sync workers unless
   ``--workers``) and drives them from wrk (a separate process, 32 connections) in interleaved
   rounds: bare, form POST (CSRF included), QR link, JSON API, again and again, so that others'
   load on the machine falls on all of them alike. Targets: **form ≥ 0.8 ×, QR ≥ 0.8 ×,
   API ≥ 0.9 × the bare view** (median of the rounds' ratios), and **the bulk check in less
   time than the bare view takes to answer 500 requests**.
4. Drives the form at 8 connections long enough for gunicorn.conf.py's worker recycling
   (``max_requests`` plus jitter) to happen, counting the workers replaced: **p99 < 50 ms**.
   Also prints the form's p50/p99 at 32 connections (two cores saturated by design).

Prints every figure and ratio with met / not met, and keeps them in
bench/results/verification.json.

    .venv/bin/python bench/verification.py [--rows 1000000] [--seconds 20] [--rounds 3]
        [--workers 2] [--keep]
"""

import argparse
import json
import math
import os
import runpy
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import recreate_database, serve, wrk  # noqa: E402
from bench.generate import HEADER, write_csv  # noqa: E402

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


def plain_copy(path: Path) -> dict:
    """PostgreSQL's own speed on the same file: COPY into an unindexed table (a text column per
    column of the file), then its unique index on the number; the table is dropped after."""
    from django.db import connection

    columns = ", ".join(f"{name} text" for name in HEADER)
    started = time.perf_counter()
    with connection.cursor() as cursor, path.open("rb") as handle:
        cursor.execute(f"CREATE TABLE bench_plain_copy ({columns})")
        cursor.copy_expert("COPY bench_plain_copy FROM STDIN (FORMAT csv, HEADER true)", handle)
        cursor.execute("CREATE UNIQUE INDEX bench_plain_copy_number ON bench_plain_copy (number)")
        cursor.execute("SELECT count(*) FROM bench_plain_copy")
        [(rows,)] = cursor.fetchall()
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_plain_copy")
    return {"rows": rows, "seconds": round(seconds, 2), "rows_per_second": round(rows / seconds)}


def import_registry(rows: int, workdir: Path) -> tuple[dict, dict]:
    """(plain COPY, real import) of the same generated file, in this process."""
    from django.core.management import call_command

    from certificates.imports.load import certificates_import

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    path = workdir / "registry.csv"
    print(f"generating {rows:,} certificates …", flush=True)
    write_csv(path, rows)
    print("plain COPY, then the import …", flush=True)
    copy = plain_copy(path)
    started = time.perf_counter()
    with path.open("rb") as handle:
        report = certificates_import(handle, source="benchmark")
    seconds = time.perf_counter() - started
    if not report.ok or report.created != rows:
        raise SystemExit(f"import failed: {report.summary()}")
    imported = {
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds),
    }
    return copy, imported


def settle_registry() -> float:
    """Vacuum and analyse the freshly imported tables, as autovacuum soon would, and write the
    import's pages out (a checkpoint): otherwise both happen during the measurements and take
    a core and the disk of this two-core machine from them."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in ("certificates_certificate", "certificates_historicalcertificate"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
        cursor.execute("CHECKPOINT")
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


TARGETS = {"form": 0.8, "qr": 0.8, "api": 0.9}  # × the bare view's requests/s
P99_TARGET_MS = 50  # the form at 8 connections
IMPORT_TARGET = 0.3  # × a plain COPY's rows/s
BARE_REQUESTS = 500  # the bulk check must take less time than the bare view for these


def verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


def recycling() -> tuple[int, int]:
    """(max_requests, max_requests_jitter) of the production gunicorn.conf.py."""
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    return config.get("max_requests", 0), config.get("max_requests_jitter", 0)


class WorkerWatch(threading.Thread):
    """Every worker process a gunicorn master has had while watched (from /proc)."""

    def __init__(self, master: int):
        super().__init__(daemon=True)
        self.master, self.seen, self.stopping = master, set(), threading.Event()

    def run(self):
        children = Path(f"/proc/{self.master}/task/{self.master}/children")
        while not self.stopping.wait(0.1):
            try:
                self.seen.update(children.read_text().split())
            except OSError:
                return

    def stop(self) -> int:
        self.stopping.set()
        self.join()
        return len(self.seen)


def summarise(rounds: list[dict]) -> dict:
    """One page's rounds: requests/s over all of them, median p50, worst p99."""
    seconds = sum(r["seconds"] for r in rounds)
    return {
        "requests_per_second": round(sum(r["requests"] for r in rounds) / seconds, 1),
        "p50_ms": statistics.median(r["p50_ms"] for r in rounds),
        "p99_ms": max(r["p99_ms"] for r in rounds),
        "non_2xx": sum(r["non_2xx"] for r in rounds),
        "socket_errors": sum(r["socket_errors"] for r in rounds),
        "rounds_requests_per_second": [r["requests_per_second"] for r in rounds],
    }


def interleaved(bases: dict[str, str], lua: dict[str, Path], *, rounds: int, seconds: int):
    """wrk at 32 connections on each page in turn, ``rounds`` times; figures per page."""
    names = list(bases)
    per_round = max(1, round(seconds / rounds))
    for name in names:
        wrk(bases[name] + "/", script=lua[name], seconds=2)  # warm up
    measured = {name: [] for name in names}
    for index in range(rounds):
        for name in names:
            figures = wrk(bases[name] + "/", script=lua[name], seconds=per_round)
            measured[name].append({**figures, "seconds": per_round})
        print(
            f"  round {index + 1}/{rounds}: "
            + ", ".join(f"{n} {measured[n][-1]['requests_per_second']:.0f}" for n in names)
            + " req/s",
            flush=True,
        )
    results = {name: summarise(measured[name]) for name in names}
    for name in TARGETS:
        ratios = [
            page["requests_per_second"] / bare["requests_per_second"]
            for page, bare in zip(measured[name], measured["bare"], strict=True)
        ]
        results[name]["ratio_to_bare"] = round(statistics.median(ratios), 2)
        results[name]["rounds_ratio_to_bare"] = [round(ratio, 2) for ratio in ratios]
    return results


def form_with_recycling(env, script: Path, *, workers: int, cap: int) -> dict:
    """The form at 8 connections on a fresh server, long enough for every worker to reach its
    ``max_requests`` (jitter included) at the rate a short first run at 8 connections shows;
    counts the workers gunicorn replaced."""
    max_requests, jitter = recycling()
    with serve("servicedesk.wsgi:application", env=env, workers=workers) as server:
        probe = wrk(server.base + "/", script=script, seconds=3, connections=8)
        needed = workers * (max_requests + jitter) * 1.2 / max(probe["requests_per_second"], 1)
        seconds = min(cap, max(10, math.ceil(needed))) if max_requests else 10
        watch = WorkerWatch(server.process.pid)
        watch.start()
        figures = wrk(server.base + "/", script=script, seconds=seconds, connections=8)
        replaced = max(0, watch.stop() - workers)
    return {
        **figures,
        "seconds": seconds,
        "max_requests": max_requests,
        "max_requests_jitter": jitter,
        "workers_replaced": replaced,
        "long_enough": not max_requests or replaced >= workers,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=20, help="per page, over all rounds")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--recycle-cap", type=int, default=600, help="longest 8-connection run (seconds)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    redis_url = REDIS_URL if redis_answers(REDIS_URL) else ""
    env = environment(redis_url)
    recreate_database(DATABASE_URL)
    results = {"cache": "redis" if redis_url else "database", "workers": args.workers}
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        setup_django(env)
        results["copy"], results["import"] = copy, imported = import_registry(args.rows, workdir)
        results["import"]["ratio_to_copy"] = round(
            imported["rows_per_second"] / copy["rows_per_second"], 2
        )
        print(
            f"plain COPY + unique index: {copy['rows']:,} rows in {copy['seconds']} s = "
            f"{copy['rows_per_second']:,} rows/s\n"
            f"import: {imported['rows']:,} rows in {imported['seconds']} s = "
            f"{imported['rows_per_second']:,} rows/s",
            flush=True,
        )
        results["vacuum_seconds"] = settle_registry()
        print(
            f"vacuum, analyse, checkpoint after the import: {results['vacuum_seconds']} s",
            flush=True,
        )
        rows = sample()
        from certificates import services

        organisation, _ = services.organisation_get_or_create(name="Benchmark employer")
        _record, api_key = services.api_key_create(
            organisation=organisation, name="bench", requests_per_minute=10**9
        )
        results["bulk"] = bulk_figures = bulk_timings(rows, organisation)
        print(
            f"bulk: {bulk_figures['rows']:,} rows end to end in {bulk_figures['median_seconds']} s "
            f"(median of 5, worst {bulk_figures['max_seconds']} s)",
            flush=True,
        )
        lua = scripts(workdir, rows, api_key)
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
        from django.db import connections

        connections.close_all()
        print(f"serving ({args.workers} workers each), {args.rounds} interleaved rounds …")
        with (
            serve("bench.bare_wsgi:application", env=env, workers=args.workers) as bare,
            serve("servicedesk.wsgi:application", env=env, workers=args.workers) as portal,
        ):
            check_once(portal.base, rows)
            bases = {"bare": bare.base, "form": portal.base, "qr": portal.base, "api": portal.base}
            results.update(interleaved(bases, lua, rounds=args.rounds, seconds=args.seconds))
        print("the form at 8 connections, through worker recycling …", flush=True)
        results["form_8"] = form_with_recycling(
            env,
            lua["form"],
            workers=args.workers,
            cap=args.recycle_cap,
        )
    results["bulk"]["bare_500_seconds"] = round(
        BARE_REQUESTS / results["bare"]["requests_per_second"], 3
    )
    report(results)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "verification.json").write_text(json.dumps(results, indent=2))
    if not args.keep:
        from django.db import connections

        connections.close_all()
        recreate_database(DATABASE_URL, drop_only=True)


def report(results: dict) -> None:
    for name in ("bare", "form", "qr", "api"):
        figures = results[name]
        line = (
            f"{name:5} {figures['requests_per_second']:8.0f} req/s  p50 {figures['p50_ms']:6.2f} ms"
            f"  p99 {figures['p99_ms']:6.2f} ms (32 connections; non-2xx {figures['non_2xx']}, "
            f"socket errors {figures['socket_errors']})"
        )
        if name in TARGETS:
            ratio = figures["ratio_to_bare"]
            line += (
                f"  {name}/bare = {ratio} (rounds {figures['rounds_ratio_to_bare']}; "
                f"target ≥ {TARGETS[name]}): {verdict(ratio >= TARGETS[name])}"
            )
        print(line)
    eight = results["form_8"]
    print(
        f"form at 8 connections for {eight['seconds']} s: p50 {eight['p50_ms']:.2f} ms, "
        f"p99 {eight['p99_ms']:.2f} ms (target < {P99_TARGET_MS}): "
        f"{verdict(eight['p99_ms'] < P99_TARGET_MS)}; workers replaced {eight['workers_replaced']} "
        f"(max_requests {eight['max_requests']} ± {eight['max_requests_jitter']}"
        + ("" if eight["long_enough"] else "; NOT every worker was recycled during the run")
        + ")"
    )
    budget = results["bulk"]["bare_500_seconds"]
    bulk = results["bulk"]["median_seconds"]
    print(
        f"bulk of {results['bulk']['rows']:,} rows {bulk} s against {budget:.2f} s for "
        f"{BARE_REQUESTS} bare requests (target: less): {verdict(bulk < budget)}"
    )
    ratio = results["import"]["ratio_to_copy"]
    print(
        f"import {results['import']['rows_per_second']:,} rows/s against a plain COPY + index "
        f"{results['copy']['rows_per_second']:,} rows/s = {ratio} (target ≥ {IMPORT_TARGET}): "
        f"{verdict(ratio >= IMPORT_TARGET)}; cache: {results['cache']}"
    )


if __name__ == "__main__":
    main()
