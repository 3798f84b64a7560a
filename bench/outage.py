"""Outages under load: the database stopped for 10 s (twice), then Redis stopped, then hung.

Starts a PostgreSQL cluster and a Redis server of its own on free loopback ports (the shared
servers are never touched), prepares the portal as bench/soak.py does, serves it with the
production gunicorn.conf.py (2 sync workers, persistent health-checked connections, REDIS_URL)
and keeps the mixed traffic of bench/traffic.py running at a moderate rate (--rate) throughout,
plus a probe that sends a real check (the form's POST) and /healthz in turn every 0.1 s.

1. Database, twice: ``pg_ctl stop -m fast``; 10 s later (--outage) ``pg_ctl start``. The first
   time the same workers live through it (their persistent connections break and must be
   replaced: no restart); the second time gunicorn replaces its workers halfway (SIGHUP), so
   workers that never saw the database must answer too. While it is down every answer must be
   the friendly translated 503 (the reader's language, Retry-After, no traceback) or a page
   that needs no database, and /healthz 503; never a 500 or a dropped connection. Measured:
   from the database's return (a direct connection succeeds) to the portal serving normally
   (target < 5 s), and the connections left open at the end.
2. Redis stopped (connections refused) for --redis-outage s: every answer must be normal, and
   the limits hold, counted per worker. A probe client sends checks of an unknown certificate
   until it is refused (429; the limit is 10 per 10 minutes): before (10), during (each of the
   2 workers counts for itself: at most 20) and after Redis is back (10).
3. Redis hung (SIGSTOP: connections accepted, nothing answered, as when the network to another
   host fails) for --redis-outage s: the same, with the latency it costs.
4. Afterwards every receipt and tracking code the portal showed, before, during and after the
   outages, must be in the database.

    .venv/bin/python bench/outage.py [--rate 40] [--outage 10] [--redis-outage 10] [--rows 20000]
"""

import argparse
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import traffic  # noqa: E402
from bench.loadgen import LoadGenerator, Problem, Visitor, summary  # noqa: E402

CSRF = "outagebenchcsrftoken0123456789ab"  # a cookie secret as a browser would hold it
ACCEPTABLE_DURING_OUTAGE = {"friendly 503"}


class Probe(threading.Thread):
    """Every ``interval`` seconds one real request: a check by form, then /healthz, in turn."""

    def __init__(self, generator: LoadGenerator, visitors: traffic.Traffic, interval=0.1):
        super().__init__(daemon=True, name="probe")
        self.generator, self.visitors, self.interval = generator, visitors, interval
        self.stopping = threading.Event()

    def run(self):
        visitor = Visitor(self.generator, address="10.254.0.1")
        visitor.cookies["csrftoken"] = CSRF
        turn = 0
        while not self.stopping.is_set():
            visitor._slot = time.monotonic()
            number, national_id, _ = self.visitors.fixtures.rows[turn % 100]
            try:
                if turn % 2:
                    visitor.get("probe-healthz", "/healthz")
                else:
                    page = visitor.post_form(
                        "probe-check",
                        "/certificates/verify/",
                        {"csrfmiddlewaretoken": CSRF, "number": number, "national_id": national_id},
                        check=lambda r: (
                            None
                            if 'data-verification-status="valid"' in r.body
                            else "the check answered "
                            + (r.find(r'data-verification-status="([^"]+)"') or "without a result")
                        ),
                    )
                    self.visitors._ack("receipt", page.find(r'data-receipt-code="([^"]+)"'))
            except Problem:
                pass
            turn += 1
            self.stopping.wait(self.interval)


def rate_limit_probe(generator: LoadGenerator, address: str, tries: int = 45) -> dict:
    """Checks of a certificate that does not exist, from one client, until refused (429) five
    times: how many were answered before the first refusal. The limit is 10 per 10 minutes.

    Each try names a number of its own that no certificate has: the failure budget of a number
    (20 a day, whoever asks) must neither refuse these tries nor the probe's real checks."""
    visitor = Visitor(generator, address=address)
    visitor.cookies["csrftoken"] = CSRF
    from bench.generate import certificate_number, national_code

    first = 9_000_000 + 1000 * int(address.rsplit(".", 1)[1])

    answered, refused, other = 0, 0, 0
    first_refusal = None
    for n in range(tries):
        visitor._slot = time.monotonic()
        try:
            response = visitor.post_form(
                "probe-limit",
                "/certificates/verify/",
                {
                    "csrfmiddlewaretoken": CSRF,
                    "number": certificate_number(first + n),
                    "national_id": national_code(3_000_000 + n),
                },
                expect=(200, 429),
            )
        except Problem:
            other += 1
            continue
        if response.status == 429:
            refused += 1
            first_refusal = first_refusal or n + 1
            if refused >= 5:
                break
        else:
            answered += 1
    return {
        "answered_before_first_429": (first_refusal or 0) - 1 if first_refusal else answered,
        "answered": answered,
        "refused": refused,
        "other": other,
    }


def wait_for_database(postgres, since: float, deadline: float = 60) -> float:
    """The moment a direct connection first succeeds (polled every 20 ms)."""
    while time.monotonic() - since < deadline:
        if postgres.answers(timeout=1):
            return time.monotonic()
        time.sleep(0.02)
    raise RuntimeError("the database did not come back")


def judge(results, phases: list, outages: list) -> dict:
    """Tally each phase; a friendly 503 is acceptable only for requests overlapping an outage
    of the database ([stop, recovery])."""
    figures = {"unacceptable": [], "by_phase": {}}
    for name, start, end in phases:
        inside = [r for r in results if start <= r.started < end]
        figures["by_phase"][name] = summary(inside, end - start) if inside else {"requests": 0}
    origin = phases[0][1]
    for r in results:
        if not r.problem:
            continue
        in_outage = any(r.finished >= a and r.started <= b for a, b in outages)
        if r.problem in ACCEPTABLE_DURING_OUTAGE and in_outage:
            continue
        figures["unacceptable"].append(
            {
                "step": r.step,
                "path": r.path,
                "status": r.status,
                "problem": r.problem,
                "at_s": round(r.started - origin, 2),
                "request_id": r.request_id,
            }
        )
    return figures


def recovery(results, db_back: float) -> dict:
    """From the database's return: the first normal answer, and the end of the last failed one
    (among requests started after the return)."""
    after = sorted((r for r in results if r.started >= db_back), key=lambda r: r.started)
    failures = [r for r in after if r.problem]
    normal = [r for r in after if not r.problem]
    last_failure_end = max((r.finished for r in failures), default=db_back)
    return {
        "first_normal_s": round(normal[0].finished - db_back, 3) if normal else None,
        "last_failure_s": round(last_failure_end - db_back, 3),
        "failures_after_return": len(failures),
        "failure_kinds": sorted({r.problem for r in failures}),
    }


def while_down(results, down: float, until: float) -> dict:
    """Requests made entirely while the database was down."""
    inside = [r for r in results if down <= r.started and r.finished < until]
    return {
        "requests": len(inside),
        "friendly_503": sum(1 for r in inside if r.problem == "friendly 503"),
        "friendly_503_english": sum(
            1 for r in inside if r.problem == "friendly 503" and r.path.startswith("/en/")
        ),
        "healthz": sum(1 for r in inside if r.step == "probe-healthz"),
        "healthz_503": sum(1 for r in inside if r.step == "probe-healthz" and r.status == 503),
        "served_without_database": sum(1 for r in inside if not r.problem),
        "steps_served_without_database": sorted({r.step for r in inside if not r.problem}),
        "other": sum(1 for r in inside if r.problem and r.problem != "friendly 503"),
    }


def database_outage(postgres, server, generator, *, seconds: float, calm: float, reload: bool):
    """Stop the database (fast: sessions are ended), wait, start it; with ``reload`` gunicorn
    replaces its workers halfway through."""
    marks = {"stop": time.monotonic()}
    postgres.stop("fast")
    marks["down"] = time.monotonic()
    workers_before = traffic.worker_pids(server.process.pid)
    if reload:
        time.sleep(seconds / 2)
        os.kill(server.process.pid, signal.SIGHUP)  # fresh workers, mid-outage
        time.sleep(seconds / 2)
    else:
        time.sleep(seconds)
    marks["start"] = time.monotonic()
    starter = threading.Thread(target=postgres.start)
    starter.start()
    marks["back"] = wait_for_database(postgres, marks["start"])
    starter.join()
    workers_after = traffic.worker_pids(server.process.pid)
    print(
        f"  down {marks['start'] - marks['down']:.1f} s; accepting connections "
        f"{marks['back'] - marks['start']:.2f} s after pg_ctl start; workers "
        f"{workers_before} → {workers_after}",
        flush=True,
    )
    time.sleep(calm)
    rec = recovery(generator.results, marks["back"])
    marks["recovered"] = marks["back"] + rec["last_failure_s"]
    return marks, {
        "workers_before": workers_before,
        "workers_at_return": workers_after,
        "reloaded_mid_outage": reload,
        "down_s": round(marks["start"] - marks["down"], 2),
        "recovery": rec,
        "while_down": while_down(generator.results, marks["down"], marks["start"]),
    }


def database_connections(postgres) -> int:
    import psycopg2

    with (
        psycopg2.connect(
            host="127.0.0.1", port=postgres.port, user="postgres", dbname="postgres"
        ) as connection,
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
            "AND backend_type = 'client backend'",
            [postgres.database],
        )
        return cursor.fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=40, help="requests/s of mixed traffic")
    parser.add_argument("--outage", type=float, default=10, help="seconds without the database")
    parser.add_argument("--redis-outage", type=float, default=10)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--calm", type=float, default=15, help="seconds between the phases")
    args = parser.parse_args()

    from servicedesk.ratelimits import SHARED_STORE_RETRY_SECONDS

    results: dict = {"load_average_start": traffic.load_average(), "rate": args.rate}
    print(f"load average at start: {results['load_average_start']}", flush=True)
    with traffic.portal_on_private_services(args.rows) as portal:
        postgres, redis_server = portal.postgres, portal.redis
        server, fixtures, log = portal.server, portal.fixtures, portal.log
        visitors = traffic.Traffic(fixtures)
        generator = LoadGenerator(
            server.base, visitors.scenarios(), rate=args.rate, inspect=traffic.inspector()
        )
        probe = Probe(generator, visitors)
        limits: dict[str, dict] = {}
        phases: list[tuple[str, float, float]] = []
        outages: list[tuple[float, float]] = []
        mark = time.monotonic()

        def phase(name: str) -> None:
            nonlocal mark
            now = time.monotonic()
            phases.append((name, mark, now))
            mark = now

        generator.start()
        probe.start()
        try:
            time.sleep(args.calm)
            phase("normal")
            for n, reload in ((1, False), (2, True)):
                how = "gunicorn reloads its workers halfway" if reload else "same workers"
                print(f"database outage {n} ({how}): pg_ctl stop -m fast …", flush=True)
                marks, figures = database_outage(
                    postgres,
                    server,
                    generator,
                    seconds=args.outage,
                    calm=args.calm,
                    reload=reload,
                )
                results[f"database_outage_{n}"] = figures
                outages.append((marks["stop"], marks["recovered"]))
                phases.append((f"db outage {n}", mark, marks["back"]))
                mark = marks["back"]
                phase(f"after db {n}")

            limits["before"] = rate_limit_probe(generator, "10.254.1.1")
            phase("redis up")
            print("redis: stopped (connections refused) …", flush=True)
            redis_server.stop()
            time.sleep(args.redis_outage / 2)
            limits["during"] = rate_limit_probe(generator, "10.254.1.2")
            time.sleep(args.redis_outage / 2)
            redis_server.start()
            phase("redis stopped")
            # Each worker tries the shared store again SHARED_STORE_RETRY_SECONDS after
            # its last failure.
            time.sleep(SHARED_STORE_RETRY_SECONDS + 1)
            limits["after"] = rate_limit_probe(generator, "10.254.1.3")
            time.sleep(args.calm)
            phase("after redis")

            print("redis: hung (SIGSTOP: connections accepted, nothing answered) …", flush=True)
            hang_began = time.monotonic()
            os.kill(redis_server.process.pid, signal.SIGSTOP)
            time.sleep(args.redis_outage / 2)
            limits["hung"] = rate_limit_probe(generator, "10.254.1.4")
            time.sleep(max(0.0, hang_began + args.redis_outage - time.monotonic()))
            os.kill(redis_server.process.pid, signal.SIGCONT)
            phase("redis hung")
            time.sleep(SHARED_STORE_RETRY_SECONDS + 1)
            limits["after hang"] = rate_limit_probe(generator, "10.254.1.5")
            time.sleep(args.calm)
        finally:
            probe.stopping.set()
            probe.join()
            generator.stop()
            phase("after hang")
        results["database_connections_at_end"] = database_connections(postgres)
        results["load_average_end"] = traffic.load_average()
        results["judgement"] = judge(generator.results, phases, outages)
        results["rate_limit_probes"] = limits
        results["acknowledged"] = traffic.acknowledged_missing(visitors.acknowledged)
        results["acknowledged_during_outages"] = sum(
            1 for a in visitors.acknowledged if any(s <= a.at <= e for s, e in outages)
        )
        text = log.read_text(errors="replace")
        results["log"] = {"worker_timeouts": text.count("WORKER TIMEOUT")}
        out = ROOT / "bench" / "results"
        out.mkdir(exist_ok=True)
        if results["judgement"]["unacceptable"]:
            # The temporary directory goes with the services: keep the portal's log.
            kept = out / time.strftime("outage-%Y%m%d-%H%M%S.log")
            kept.write_text(text)
            results["log"]["kept"] = str(kept.relative_to(ROOT))
    print_figures(results, args)
    if results["judgement"]["unacceptable"]:
        print_tracebacks(results["judgement"]["unacceptable"], text)
    (out / "outage.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))


def print_tracebacks(unacceptable: list, log_text: str) -> None:
    """The portal's log lines (JSON, with any traceback) of each unacceptable answer, found by
    the X-Request-ID the load generator sent."""
    records: dict[str, list[dict]] = {}
    for line in log_text.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and record.get("request_id"):
            records.setdefault(record["request_id"], []).append(record)
    print()
    for item in unacceptable[:20]:
        print(f"--- {item['status']} {item['path']} at {item['at_s']} s ({item['request_id']})")
        for record in records.get(item["request_id"], []):
            print(f"  {record.get('level')} {record.get('logger')}: {record.get('message')}")
            if record.get("exc_info"):
                print("  " + record["exc_info"].replace("\n", "\n  "))
        if item["request_id"] not in records:
            print("  (nothing in the portal's log for this request)")


def print_figures(results: dict, args) -> None:
    j = results["judgement"]
    print()
    print(f"outage: mixed traffic at {args.rate} req/s plus a probe every 0.1 s")
    for name, s in j["by_phase"].items():
        if s["requests"]:
            print(
                f"  {name:13} {s['requests']:6,} requests  statuses {s['statuses']}  "
                f"p50 {s['p50_ms']} ms  p99 {s['p99_ms']} ms  max {s['max_ms']} ms"
            )
    for n in (1, 2):
        o = results[f"database_outage_{n}"]
        down, rec = o["while_down"], o["recovery"]
        print(
            f"  database outage {n} ({o['down_s']} s down; workers {o['workers_before']} → "
            f"{o['workers_at_return']}): {down['requests']} requests while down: friendly "
            f"translated 503 {down['friendly_503']} ({down['friendly_503_english']} of them in "
            f"English), served without the database "
            f"{down['served_without_database']} {down['steps_served_without_database']}, "
            f"anything else {down['other']}; /healthz 503 {down['healthz_503']} of {down['healthz']}"
        )
        print(
            f"    after its return: first normal answer +{rec['first_normal_s']} s, last failed "
            f"answer ended +{rec['last_failure_s']} s (target < 5 s); {rec['failures_after_return']} "
            f"failed {rec['failure_kinds']}"
        )
    print(
        f"  database connections at the end: {results['database_connections_at_end']} (2 workers)"
    )
    for phase, p in results["rate_limit_probes"].items():
        print(
            f"  rate limit (10 failed checks / 10 min), {phase:10}: "
            f"{p['answered_before_first_429']} answered before the first 429 "
            f"({p['answered']} answered, {p['refused']} refused, {p['other']} other)"
        )
    print(
        f"  unacceptable answers (5xx other than an outage's friendly 503, no answer, traceback, "
        f"unexpected status): {len(j['unacceptable'])} (target 0)"
    )
    for item in j["unacceptable"][:15]:
        print(f"    {item}")
    for kind, figures in results["acknowledged"].items():
        print(
            f"  {kind:8} codes shown {figures['shown']:6,}  missing in the database "
            f"{figures['missing']} (target 0)"
        )
    print(f"  codes shown during the database outages: {results['acknowledged_during_outages']}")
    print(f"  gunicorn log: {results['log']}")
    print(
        f"  load average: start {results['load_average_start']}, end {results['load_average_end']}"
    )


if __name__ == "__main__":
    main()
