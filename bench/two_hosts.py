"""Two app hosts behind HAProxy: one killed and restarted mid-run, SMTP stopped for a while.

A private PostgreSQL and Redis (bench/private.py), the portal prepared on them as the load
benchmarks do, two gunicorn hosts with the production gunicorn.conf.py (separate processes,
each with its own PRIVATE_MEDIA_ROOT and MEDIA_ROOT, so nothing can hide on one disk), HAProxy
from Debian in front (health checks on /healthz every second, two failures mark a host down),
the queue's worker (``db_worker``) and an SMTP sink (aiosmtpd). The mixed traffic of
bench/traffic.py runs through HAProxy throughout. Meanwhile:

1. a file uploaded through host A (an employer's bulk check) is downloaded through host B;
2. host A is killed (SIGKILL of its gunicorn) and, --down seconds later, started again;
3. the SMTP sink is stopped for --smtp-down seconds (mail waits in the queue);
4. one client's failed checks, spread by HAProxy over both hosts, meet the shared limit.

Checks afterwards: no 5xx but in the seconds HAProxy needs to notice the dead host; every
receipt and tracking code shown is in the database; every mail queued while SMTP was down is
delivered after it returns (matched by tracking code); the limit held across the hosts.

    make two-hosts   (installs haproxy, wrk and redis-server when missing), or
    .venv/bin/python bench/two_hosts.py [--rate 20] [--rows 5000] [--down 10] [--smtp-down 20]
"""

import argparse
import csv
import email
import email.policy
import http.cookiejar
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import traffic  # noqa: E402
from bench.common import PYTHON, free_port  # noqa: E402
from bench.loadgen import LoadGenerator  # noqa: E402
from bench.outage import rate_limit_probe  # noqa: E402
from bench.private import private_services  # noqa: E402

MEMBER, PASSWORD = "bench-employer", "two-hosts-bench-password-0123"
HEALTH = "inter 1s fall 2 rise 2"


class Host:
    """One app host: gunicorn on a fixed port (HAProxy knows it) with directories of its own."""

    def __init__(self, name: str, env: dict, workdir: Path):
        self.name, self.port = name, free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        own = workdir / name
        (own / "private-media").mkdir(parents=True)
        (own / "media").mkdir()
        self.env = {
            **env,
            "PRIVATE_MEDIA_ROOT": str(own / "private-media"),
            "MEDIA_ROOT": str(own / "media"),
        }
        self.log = own / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    *(PYTHON, "-m", "gunicorn", "servicedesk.wsgi:application"),
                    *("-c", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{self.port}"),
                    *("--workers", "2", "--access-logfile", "/dev/null"),
                ],
                cwd=ROOT,
                env={**os.environ, **self.env},
                start_new_session=True,
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + 60
        while not healthy(self.base):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"{self.name} did not start: see {self.log}")
            time.sleep(0.2)

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


class SmtpSink:
    """An SMTP server in this process that keeps every message; stopped and started at will."""

    def __init__(self):
        self.port = free_port()
        self.messages: list[email.message.EmailMessage] = []
        self.controller = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                sink.messages.append(
                    email.message_from_bytes(envelope.content, policy=email.policy.default)
                )
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None

    def texts(self) -> list[str]:
        texts = []
        for message in self.messages:
            parts = [message.get("Subject", "")]
            for part in message.walk():
                if part.get_content_maintype() == "text":
                    parts.append(part.get_content())
            texts.append("\n".join(parts))
        return texts


def haproxy_config(port: int, stats_port: int, hosts: list[Host]) -> str:
    servers = "\n".join(
        f"    server {host.name} 127.0.0.1:{host.port} check {HEALTH}" for host in hosts
    )
    return f"""global
    maxconn 512
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    retries 2
    option redispatch
listen portal
    bind 127.0.0.1:{port}
    balance roundrobin
    option forwardfor
    option httpchk GET /healthz
    http-check expect status 200
{servers}
listen stats
    bind 127.0.0.1:{stats_port}
    stats enable
    stats uri /stats
"""


def server_states(stats_port: int) -> dict[str, str]:
    """HAProxy's view of each host (UP, DOWN, …); empty while HAProxy is not listening yet."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{stats_port}/stats;csv", timeout=2) as page:
            rows = list(csv.DictReader(io.StringIO(page.read().decode().lstrip("# "))))
    except OSError:
        return {}
    return {
        row["svname"]: row["status"]
        for row in rows
        if row["pxname"] == "portal" and row["svname"] not in ("FRONTEND", "BACKEND")
    }


def wait_for_state(stats_port: int, name: str, state: str, since: float) -> float:
    """Seconds from ``since`` until HAProxy reports ``name`` in ``state`` (polled every 0.1 s)."""
    while time.monotonic() - since < 60:
        if server_states(stats_port).get(name, "").startswith(state):
            return time.monotonic() - since
        time.sleep(0.1)
    raise RuntimeError(f"HAProxy never saw {name} {state}")


def browser(base: str):
    """An opener with its own cookies, and a function sending a form with the CSRF token."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def csrf() -> str:
        return next(cookie.value for cookie in jar if cookie.name == "csrftoken")

    return opener, csrf


def multipart(fields: dict, name: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = "----two-hosts-bench"
    lines = []
    for key, value in fields.items():
        lines += [f"--{boundary}", f'Content-Disposition: form-data; name="{key}"', "", value]
    head = "\r\n".join(
        [
            *lines,
            f"--{boundary}",
            f'Content-Disposition: form-data; name="{name}"; filename="{filename}"',
            "Content-Type: text/csv",
            "",
            "",
        ]
    ).encode()
    body = head + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def file_across_hosts(host_a: Host, host_b: Host, fixtures) -> dict:
    """An employer signs in and uploads a bulk check through host A; the result (CSV, and the
    XLSX copy written on its first download) is fetched through host B, then A again."""
    opener, csrf = browser(host_a.base)
    opener.open(f"{host_a.base}/en/accounts/login/", timeout=10).read()
    login = urllib.parse.urlencode(
        {"username": MEMBER, "password": PASSWORD, "csrfmiddlewaretoken": csrf()}
    ).encode()
    opener.open(
        urllib.request.Request(
            f"{host_a.base}/en/accounts/login/",
            login,
            headers={"Referer": f"{host_a.base}/en/accounts/login/"},
        ),
        timeout=10,
    ).read()
    opener.open(f"{host_a.base}/en/certificates/bulk/", timeout=10).read()
    rows = ["number,national_id"] + [f"{n},{i}" for n, i, _token in fixtures.rows[:20]]
    body, kind = multipart(
        {"csrfmiddlewaretoken": csrf()}, "file", "list.csv", "\n".join(rows).encode()
    )
    uploaded = opener.open(
        urllib.request.Request(
            f"{host_a.base}/en/certificates/bulk/",
            body,
            headers={"Content-Type": kind, "Referer": f"{host_a.base}/en/certificates/bulk/"},
        ),
        timeout=60,
    )
    page = urllib.parse.urlparse(uploaded.geturl()).path  # /en/certificates/bulk/<pk>/
    figures = {"uploaded_through": host_a.name, "result_page": page}
    for label, base, name in (
        ("csv_through_b", host_b.base, "result.csv"),
        ("xlsx_through_b", host_b.base, "result.xlsx"),
        ("xlsx_again_through_a", host_a.base, "result.xlsx"),
    ):
        with opener.open(f"{base}{page}{name}", timeout=30) as response:
            data = response.read()
            figures[label] = {"status": response.status, "bytes": len(data)}
            if name == "result.csv":
                figures[label]["valid_rows"] = data.decode("utf-8-sig").count(",valid,")
    return figures


def mails_while_down(sink: SmtpSink, down: float, back: float) -> dict:
    """Tracking codes of the requests (with an email address) filed while SMTP was down, and
    whether a delivered mail names each."""
    from django.db import connections

    from certificates.models import ManualRequest

    connections.close_all()
    codes = list(
        ManualRequest.objects.exclude(contact_email="")
        .filter(filed_at__range=(down, back))
        .values_list("tracking_code", flat=True)
    )
    texts = "\n".join(sink.texts())
    missing = [code for code in codes if code not in texts]
    return {"queued_while_down": len(codes), "not_delivered": len(missing), "examples": missing[:5]}


def wait_for_queue(seconds: float) -> dict:
    """Wait until the queue has no task waiting; count tasks by status."""
    from django.db import connections
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + seconds
    while True:
        connections.close_all()
        waiting = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count()
        if not waiting or time.monotonic() > deadline:
            figures = dict(Counter(DBTaskResult.objects.values_list("status", flat=True)))
            # A failed attempt ends its task normally and queues the next one (servicedesk.outbox).
            figures["attempts_that_failed_and_were_queued_again"] = DBTaskResult.objects.filter(
                return_value__sent=False
            ).count()
            return figures
        time.sleep(1)


def prepare_member() -> None:
    from django.db import connections

    from certificates import services

    organisation, _ = services.organisation_get_or_create(name="Two hosts employer")
    membership, _password = services.member_create(organisation=organisation, username=MEMBER)
    membership.user.set_password(PASSWORD)
    membership.user.save()
    connections.close_all()


def fivexx_windows(results, origin: float) -> list[dict]:
    return [
        {"at_s": round(r.started - origin, 2), "status": r.status, "path": r.path}
        for r in results
        if r.status >= 500 or r.status == 0
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=20, help="requests/s of mixed traffic")
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--calm", type=float, default=10)
    parser.add_argument("--down", type=float, default=10, help="seconds host A stays dead")
    parser.add_argument("--smtp-down", type=float, default=20)
    args = parser.parse_args()
    out: dict = {"rate": args.rate}
    with ExitStack() as stack:
        postgres, redis_server = stack.enter_context(private_services())
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        sink = SmtpSink()
        sink.start()
        stack.callback(sink.stop)
        env = {
            **traffic.environment(postgres.url, redis_server.url, workdir),
            "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
            "EMAIL_TIMEOUT": "2",
            "OUTBOX_RETRY_SECONDS": "2",
            "OUTBOX_MAX_ATTEMPTS": "20",
        }
        traffic.setup_django(env)
        print(f"preparing: migrate, demo services, {args.rows:,} certificates …", flush=True)
        fixtures = traffic.prepare(args.rows, workdir)
        prepare_member()
        hosts = [Host("host-a", env, workdir), Host("host-b", env, workdir)]
        for host in hosts:
            host.start()
            stack.callback(host.stop)
        worker_log = (workdir / "worker.log").open("ab")
        worker = subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--queue-name=*", "--no-reload", "--interval=0.5"],
            cwd=ROOT,
            env={**os.environ, **hosts[1].env},
            stdout=worker_log,
            stderr=worker_log,
            start_new_session=True,
        )
        stack.callback(lambda: (os.killpg(worker.pid, signal.SIGTERM), worker.wait(timeout=30)))
        port, stats_port = free_port(), free_port()
        config = workdir / "haproxy.cfg"
        config.write_text(haproxy_config(port, stats_port, hosts))
        haproxy = subprocess.Popen(
            ["haproxy", "-db", "-f", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=(workdir / "haproxy.log").open("ab"),
            start_new_session=True,
        )
        stack.callback(lambda: (haproxy.terminate(), haproxy.wait(timeout=10)))
        balancer = f"http://127.0.0.1:{port}"
        wait_for_state(stats_port, "host-b", "UP", time.monotonic())
        print(f"HAProxy on :{port} in front of {[h.port for h in hosts]}", flush=True)

        visitors = traffic.Traffic(fixtures)
        generator = LoadGenerator(
            balancer, visitors.scenarios(), rate=args.rate, inspect=traffic.inspector()
        )
        origin = time.monotonic()
        generator.start()
        time.sleep(args.calm)
        out["file_across_hosts"] = file_across_hosts(hosts[0], hosts[1], fixtures)
        print(f"file across hosts: {out['file_across_hosts']}", flush=True)

        print("host A: SIGKILL …", flush=True)
        killed = time.monotonic()
        hosts[0].kill()
        detected = wait_for_state(stats_port, "host-a", "DOWN", killed)
        time.sleep(max(0.0, args.down - (time.monotonic() - killed)))
        restarted = time.monotonic()
        hosts[0].start()
        back_up = wait_for_state(stats_port, "host-a", "UP", restarted)
        out["host_a"] = {
            "killed_at_s": round(killed - origin, 2),
            "seconds_to_detect_dead": round(detected, 2),
            "restarted_at_s": round(restarted - origin, 2),
            "seconds_until_up_again_after_start": round(back_up, 2),
        }
        print(f"host A: {out['host_a']}", flush=True)
        time.sleep(args.calm)

        print("SMTP sink: stopped …", flush=True)
        from django.utils import timezone

        smtp_down_at, smtp_down = timezone.now(), time.monotonic()
        sink.stop()
        time.sleep(args.smtp_down)
        smtp_back_at = timezone.now()
        sink.start()
        out["smtp"] = {
            "stopped_at_s": round(smtp_down - origin, 2),
            "seconds_stopped": args.smtp_down,
        }
        out["rate_limit_across_hosts"] = rate_limit_probe(generator, "10.254.9.1")
        time.sleep(args.calm)
        generator.stop()
        out["seconds"] = round(time.monotonic() - origin, 1)

        results = generator.results
        out["requests"] = len(results)
        out["statuses"] = dict(Counter(r.status for r in results))
        out["problems"] = dict(Counter(r.problem for r in results if r.problem))
        out["5xx_or_dropped"] = fivexx_windows(results, origin)
        noticed = (killed - origin, killed - origin + detected)
        out["5xx_or_dropped_outside_the_detection_window"] = [
            failure
            for failure in out["5xx_or_dropped"]
            if not noticed[0] <= failure["at_s"] <= noticed[1]
        ]
        out["acknowledged"] = traffic.acknowledged_missing(visitors.acknowledged)
        out["queue_after_wait"] = wait_for_queue(120)
        out["mail"] = {
            "delivered": len(sink.messages),
            **mails_while_down(sink, smtp_down_at, smtp_back_at),
        }
        Path(ROOT / "bench" / "results").mkdir(exist_ok=True)
        (ROOT / "bench" / "results" / "two_hosts.json").write_text(
            json.dumps(out, indent=2, ensure_ascii=False)
        )
        print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
