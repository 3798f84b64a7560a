"""Soak: ten minutes of mixed traffic at about 70 % of the measured capacity.

1. Starts a PostgreSQL cluster and a Redis server of its own on free loopback ports (the shared
   servers are not touched), migrates, loads the demo services and agreement, and imports a
   generated registry (--rows).
2. Serves the portal with the production gunicorn.conf.py (2 sync workers, persistent
   health-checked connections, REDIS_URL to the private Redis). Worker recycling
   (max_requests) is switched off so that a leak would show in the memory figure; --recycle
   keeps the production setting.
3. Measures the capacity as the certificate benchmark does (a wrk burst on the verification
   form's POST). A request of the mix costs more than a form check (pages with the catalogue,
   uploads, the load generator's own share of the two cores), so "70 % of capacity" is applied
   to the mix's own capacity, measured next with the same load generator offered more than the
   portal can serve; both figures are printed. Then drives the mixed traffic at --share (0.7)
   of it (or at --rate) with a rate-holding load generator (bench/loadgen.py): checks by form (GET,
   think, POST with CSRF), by API and by QR link, receipts, the catalogue and ID cards, the
   home page, feedback (form, the minimum fill time, POST, thanks page, tracking) and manual
   inquiries (form, POST with a PNG scan, tracking), some in English.
4. Records every response; afterwards looks up every receipt and tracking code the portal
   showed in the database, and compares the workers' resident memory after the warm-up with
   the end.

Targets: 0 server errors, every acknowledged code present, worker memory growth < 10 %.

    .venv/bin/python bench/soak.py [--minutes 10] [--rate N | --share 0.7] [--rows 100000]
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import traffic  # noqa: E402
from bench.common import wrk  # noqa: E402
from bench.loadgen import LoadGenerator, by_step, summary  # noqa: E402


def measure_capacity(base: str, fixtures, workdir: Path, seconds: int) -> dict:
    """The certificate benchmark's form burst: wrk, 32 connections, after a warm-up."""
    from bench.verification import check_once, scripts

    lua = scripts(workdir, fixtures.rows, fixtures.api_key)["form"]
    check_once(base, fixtures.rows)
    wrk(base + "/", script=lua, seconds=3)
    figures = wrk(base + "/", script=lua, seconds=seconds)
    if figures["non_2xx"] or figures["socket_errors"]:
        raise SystemExit(f"the capacity burst was not all answered normally: {figures}")
    return figures


def measure_mixed_capacity(base: str, visitors, over_rate: float, threads: int) -> float:
    """Throughput of the mixed traffic when offered more than the portal can serve: the
    generator runs at ``over_rate`` for 30 s; the completions of the last 20 s count."""
    generator = LoadGenerator(
        base, visitors.scenarios(), rate=over_rate, threads=threads, inspect=traffic.inspector()
    )
    generator.start()
    time.sleep(10)
    counted_from = time.monotonic()
    time.sleep(20)
    counted_until = time.monotonic()
    generator.stop(discard=True)
    done = [r for r in generator.results if counted_from <= r.finished < counted_until]
    return len(done) / (counted_until - counted_from)


def log_findings(path: Path) -> dict:
    text = path.read_text(errors="replace") if path.exists() else ""
    return {
        "tracebacks": text.count("Traceback"),
        "error_lines": sum(1 for line in text.splitlines() if '"level": "ERROR"' in line),
        "worker_timeouts": text.count("WORKER TIMEOUT"),
        "worker_boots": text.count("Booting worker"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--rate", type=float, help="requests/s (default: share × capacity)")
    parser.add_argument("--share", type=float, default=0.7, help="of the measured capacity")
    parser.add_argument("--rows", type=int, default=100_000, help="certificates in the registry")
    parser.add_argument("--warmup", type=float, default=60, help="seconds before measuring")
    parser.add_argument("--capacity-seconds", type=int, default=15)
    parser.add_argument("--threads", type=int, default=96)
    parser.add_argument("--recycle", action="store_true", help="keep gunicorn's max_requests")
    args = parser.parse_args()

    results: dict = {"load_average_start": traffic.load_average()}
    print(f"load average at start: {results['load_average_start']}", flush=True)
    extra = () if args.recycle else ("--max-requests", "0")
    with traffic.portal_on_private_services(args.rows, extra_args=extra) as portal:
        postgres, redis_server = portal.postgres, portal.redis
        server, fixtures, log = portal.server, portal.fixtures, portal.log
        visitors = traffic.Traffic(fixtures)
        capacity = measure_capacity(server.base, fixtures, portal.workdir, args.capacity_seconds)
        results["capacity_form"] = capacity
        print(
            f"capacity, certificate benchmark's way (wrk, form POST, 32 connections, "
            f"{args.capacity_seconds} s): {capacity['requests_per_second']:.0f} req/s, "
            f"p99 {capacity['p99_ms']:.0f} ms",
            flush=True,
        )
        if args.rate:
            rate = args.rate
        else:
            mixed = measure_mixed_capacity(
                server.base, visitors, capacity["requests_per_second"], args.threads
            )
            results["capacity_mixed"] = mixed
            rate = round(mixed * args.share, 1)
            print(
                f"capacity for the mixed traffic (load generator over capacity, 30 s): "
                f"{mixed:.0f} req/s = {mixed / capacity['requests_per_second']:.2f} × the form's; "
                f"driving at {args.share:.0%} of it = {rate} req/s",
                flush=True,
            )
            time.sleep(5)  # let the queue of the burst drain
        results["rate"] = rate
        generator = LoadGenerator(
            server.base,
            visitors.scenarios(),
            rate=rate,
            threads=args.threads,
            inspect=traffic.inspector(),
        )
        generator.start()
        try:
            time.sleep(args.warmup)
            measured_from = time.monotonic()
            rss_start = traffic.worker_rss(server.process.pid)
            master, postmaster = server.process.pid, postgres.pids()[0]
            cpu_readers = {
                "load generator (this process)": lambda: traffic.own_cpu_seconds(os.getpid()),
                "gunicorn": lambda: traffic.tree_cpu_seconds(master),
                "postgres": lambda: traffic.tree_cpu_seconds(postmaster),
                "redis": lambda: traffic.own_cpu_seconds(redis_server.process.pid),
            }
            cpu_start = {name: read() for name, read in cpu_readers.items()}
            samples = [(0, sum(rss_start.values()))]
            print(
                f"warm-up {args.warmup:.0f} s done; worker RSS "
                + ", ".join(f"{pid}: {kb / 1024:.1f} MiB" for pid, kb in rss_start.items()),
                flush=True,
            )
            end = measured_from + args.minutes * 60
            while (now := time.monotonic()) < end:
                time.sleep(min(30, end - now))
                elapsed = time.monotonic() - measured_from
                rss = traffic.worker_rss(server.process.pid)
                samples.append((round(elapsed), sum(rss.values())))
                window = [r for r in generator.results if r.finished >= time.monotonic() - 30]
                errors = sum(1 for r in generator.results if r.problem)
                print(
                    f"  {elapsed:5.0f} s  {len(window) / 30:6.1f} req/s  "
                    f"errors so far {errors}  backlog max {generator.max_backlog}  "
                    f"RSS {sum(rss.values()) / 1024:.1f} MiB  load {traffic.load_average()}",
                    flush=True,
                )
            rss_end = traffic.worker_rss(server.process.pid)
            seconds = time.monotonic() - measured_from
            results["cpu_cores_used"] = {
                name: round((read() - cpu_start[name]) / seconds, 2)
                for name, read in cpu_readers.items()
            }
        finally:
            generator.stop()
        results["load_average_end"] = traffic.load_average()
        all_results = generator.results
        measured = [r for r in all_results if r.scheduled >= measured_from]
        results["all"] = summary(all_results)
        results["measured"] = summary(measured, args.minutes * 60)
        results["steps"] = by_step(measured)
        results["max_backlog"] = generator.max_backlog
        results["acknowledged"] = traffic.acknowledged_missing(visitors.acknowledged)
        same_workers = set(rss_start) == set(rss_end)
        growth = (sum(rss_end.values()) - sum(rss_start.values())) / sum(rss_start.values())
        results["memory"] = {
            "workers_start_kb": rss_start,
            "workers_end_kb": rss_end,
            "same_workers": same_workers,
            "growth": round(growth, 4),
            "samples_kb": samples,
            "recycling": "gunicorn.conf.py max_requests" if args.recycle else "off",
        }
        results["log"] = log_findings(log)

    print_figures(results, args)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "soak.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))


def print_figures(results: dict, args) -> None:
    m = results["measured"]
    ack = results["acknowledged"]
    mem = results["memory"]
    print()
    print(
        f"soak: {args.minutes:g} min measured after {args.warmup:.0f} s warm-up, target {results['rate']} req/s"
    )
    print(
        f"  requests {m['requests']:,} ({m['per_second']} req/s)  statuses {m['statuses']}\n"
        f"  server errors (5xx) {m['server_errors']} (target 0)  no answer {m['no_answer']}  "
        f"other unexpected answers {m['problems'] - m['server_errors'] - m['no_answer']}"
    )
    if m["problem_kinds"]:
        print(f"  problems: {m['problem_kinds']}")
    print(
        f"  latency from schedule: p50 {m['p50_ms']} ms  p90 {m['p90_ms']} ms  "
        f"p99 {m['p99_ms']} ms  max {m['max_ms']} ms  (max backlog {results['max_backlog']})"
    )
    for name, figures in results["steps"].items():
        print(
            f"    {name:16} {figures['requests']:7,}  errors {figures['errors']:4}  "
            f"p50 {figures['p50_ms']:7.1f} ms  p99 {figures['p99_ms']:7.1f} ms"
        )
    whole = results["all"]
    print(
        f"  whole run incl. warm-up: {whole['requests']:,} requests, 5xx {whole['server_errors']}, problems {whole['problems']}"
    )
    for kind, figures in ack.items():
        print(
            f"  {kind:8} codes shown {figures['shown']:6,}  missing in the database {figures['missing']} (target 0)"
        )
    print(
        f"  worker RSS {sum(mem['workers_start_kb'].values()) / 1024:.1f} MiB → "
        f"{sum(mem['workers_end_kb'].values()) / 1024:.1f} MiB = {mem['growth']:+.1%} "
        f"(target < 10 %; same workers: {mem['same_workers']}; recycling {mem['recycling']})"
    )
    print(f"  CPU (cores) while measuring: {results['cpu_cores_used']}")
    print(f"  gunicorn/app log: {results['log']}")
    print(
        f"  load average: start {results['load_average_start']}, end {results['load_average_end']}"
    )


if __name__ == "__main__":
    main()
