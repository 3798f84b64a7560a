"""Benchmark: bomb files against the portal under gunicorn + PostgreSQL, while /healthz is polled.

1. Creates a fresh PostgreSQL database (BENCH_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/servicedesk_bench_uploads), an employer with a signed-in
   member and an API key.
2. Serves the portal with the production gunicorn.conf.py (2 sync workers) on loopback.
3. Sends each bomb (the ones tests/certificates/test_hostile_uploads.py builds, and a CSV over
   the size limit) to the API's multipart bulk and to the web bulk page, two at a time, while
   another thread asks /healthz every 100 ms.
4. Prints each answer's status and seconds, /healthz's answers (count, worst latency, any
   non-200), and each worker's resident memory (from /proc) before and after.

    .venv/bin/python bench/hostile_uploads.py [--keep]
"""

import argparse
import http.client
import os
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import recreate_database, serve  # noqa: E402
from bench.verification import CSRF, environment, setup_django  # noqa: E402

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/servicedesk_bench_uploads"
)
MB = 1024 * 1024


def bombs() -> dict[str, tuple[str, bytes]]:
    from tests.certificates import bombs as built

    csv = b"number,national_id\n" + b"14021000123,0499370899\n" * (6 * MB // 23)
    return {
        "dimension (A1:XFD1048576)": ("bomb.xlsx", built.dimension_bomb()),
        "shared strings (512 MB)": ("bomb.xlsx", built.shared_strings_bomb()),
        "ratio (200 MB of spaces)": ("bomb.xlsx", built.ratio_bomb()),
        "shared strings (5 MB, 200,000)": ("bomb.xlsx", built.many_shared_strings()),
        "wide row (2,000,000 cells)": ("bomb.xlsx", built.wide_row_bomb()),
        "CSV over the limit (6 MB)": ("bomb.csv", csv),
    }


def prepare() -> dict[str, str]:
    """An employer, a member's session cookie and an API key."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from certificates import services
    from tests.certificates.factories import MembershipFactory

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    member = MembershipFactory(organisation__name="Bench employer", user__username="bench")
    _record, key = services.api_key_create(organisation=member.organisation, name="bench")
    session = SessionStore()
    session[SESSION_KEY] = str(member.user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = member.user.get_session_auth_hash()
    session.create()
    return {"key": key, "session": session.session_key}


def multipart(fields: dict[str, str], name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"\r\n\r\n{value}\r\n'.encode()
        for field, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post(port: int, path: str, body: bytes, headers: dict) -> tuple[str, float]:
    """(status, seconds); a connection the server closed while the body was still being sent
    counts by the status it had already answered, if any."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        # Answered before the body was all read: the answer may still be there to read.
        with suppress(BrokenPipeError, ConnectionResetError):
            connection.request("POST", path, body=body, headers=headers)
        try:
            response = connection.getresponse()
            response.read()
            status = str(response.status)
        except (ConnectionResetError, http.client.RemoteDisconnected) as error:
            status = f"closed ({type(error).__name__})"
    finally:
        connection.close()
    return status, time.perf_counter() - started


class HealthPoller(threading.Thread):
    def __init__(self, port: int):
        super().__init__(daemon=True)
        self.port = port
        self.stop = threading.Event()
        self.answers: list[tuple[str, float]] = []

    def run(self):
        while not self.stop.is_set():
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                connection.request("GET", "/healthz")
                response = connection.getresponse()
                response.read()
                status = str(response.status)
                connection.close()
            except OSError as error:
                status = type(error).__name__
            self.answers.append((status, time.perf_counter() - started))
            self.stop.wait(0.1)


def workers_of(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def memory(master: int) -> str:
    return ", ".join(f"{pid}: {rss_mb(pid):.0f} MB" for pid in workers_of(master))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    # Plain static storage: the pages render without collectstatic.
    env = {
        **environment(""),
        "DATABASE_URL": DATABASE_URL,
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }
    recreate_database(DATABASE_URL)
    setup_django(env)
    secrets = prepare()
    files = bombs()
    from django.db import connections

    connections.close_all()
    with tempfile.TemporaryDirectory() as directory:
        log = Path(directory) / "gunicorn.log"
        with serve("servicedesk.wsgi:application", env=env, workers=2, log=log) as server:
            port = int(server.base.rsplit(":", 1)[1])
            print(f"workers before: {memory(server.process.pid)}", flush=True)
            poller = HealthPoller(port)
            poller.start()
            for label, (name, data) in files.items():
                api_body, api_type = multipart({}, name, data)
                web_body, web_type = multipart({"csrfmiddlewaretoken": CSRF}, name, data)
                targets = {
                    "api": (
                        "/api/v1/verifications/bulk",
                        api_body,
                        {"Authorization": f"Bearer {secrets['key']}", "Content-Type": api_type},
                    ),
                    "web": (
                        "/en/certificates/bulk/",
                        web_body,
                        {
                            "Cookie": f"csrftoken={CSRF}; sessionid={secrets['session']}",
                            "Content-Type": web_type,
                            "Referer": server.base + "/en/certificates/bulk/",
                        },
                    ),
                }
                for target, (path, body, headers) in targets.items():
                    with ThreadPoolExecutor(2) as pool:
                        sent = [pool.submit(post, port, path, body, headers) for _ in range(2)]
                        answers = [future.result() for future in sent]
                    shown = ", ".join(f"{status} in {seconds:.2f} s" for status, seconds in answers)
                    print(f"{label:28} {len(data) / 1024:8.1f} KB  {target}: {shown}", flush=True)
            time.sleep(0.5)
            poller.stop.set()
            poller.join()
            print(f"workers after:  {memory(server.process.pid)}")
            statuses = [status for status, _ in poller.answers]
            worst = max(seconds for _, seconds in poller.answers)
            others = sorted({status for status in statuses if status != "200"})
            print(
                f"/healthz: {len(statuses)} answers, worst {worst * 1000:.0f} ms, "
                f"non-200: {others or 'none'}"
            )
        restarts = log.read_text(errors="replace").count("WORKER TIMEOUT")
        print(f"worker timeouts in gunicorn's log: {restarts}")
    if not args.keep:
        recreate_database(DATABASE_URL, drop_only=True)


if __name__ == "__main__":
    main()
