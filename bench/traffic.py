"""The portal's mixed traffic for the load and outage benchmarks, and what they check afterwards.

- ``environment``: the production settings for gunicorn on loopback (private PostgreSQL and
  Redis, persistent health-checked connections), with one proxy trusted so that every simulated
  visitor has its own address and the per-client rate limits keep their real values.
- ``prepare``: migrate, the demo services and agreement (``load_demo``), a generated registry.
- ``portal_on_private_services``: all of that on a private PostgreSQL and Redis, served by
  gunicorn with the production configuration.
- ``Traffic``: the visitors' steps, each one real request as a browser sends it (GET the form,
  wait, POST with the CSRF token, follow the redirect, read the tracking code, track it later).
- ``acknowledged_missing``: every receipt and tracking code the portal showed, looked up in
  the database afterwards.
- ``worker_rss``: the resident memory of gunicorn's workers, from /proc.
"""

import contextlib
import io
import json
import os
import random
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import Server, serve
from bench.loadgen import Problem, Response, Visitor
from bench.private import PrivatePostgres, PrivateRedis, private_services

SECRET_KEY = "benchmark-only-secret-key-with-enough-different-characters-123456"
FRIENDLY_503 = {"fa": "موقتاً در دسترس نیست", "en": "Temporarily unavailable"}


def environment(database_url: str, redis_url: str, workdir: Path) -> dict:
    (workdir / "private-media").mkdir(exist_ok=True)
    (workdir / "media").mkdir(exist_ok=True)
    return {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": SECRET_KEY,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        # The load generator stands for many people behind one proxy on loopback: each visitor
        # sends its own X-Forwarded-For, so the per-client limits (RATE_LIMIT_*) stay at their
        # real values.
        "TRUSTED_PROXIES": "127.0.0.1",
        # Plain static storage: no collectstatic into the shared working tree (the pages are
        # measured, not their CSS).
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "PRIVATE_MEDIA_ROOT": str(workdir / "private-media"),
        "MEDIA_ROOT": str(workdir / "media"),
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
    }


def setup_django(env: dict) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings")
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()


@dataclass
class Fixtures:
    rows: list[tuple[str, str, str]]  # number, national_id, token of real certificates
    api_key: str
    service_ids: list[str]
    scan_png: bytes


def prepare(rows: int, workdir: Path) -> Fixtures:
    """Migrate, publish the demo services and agreement, import ``rows`` generated
    certificates; return what the visitors need. Django must be set up."""
    from django.core.management import call_command
    from django.db import connection, connections

    from bench.generate import write_csv
    from certificates import services
    from certificates.imports.load import certificates_import
    from feedback.selectors import feedback_services

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", force=True, stdout=quiet)
    path = write_csv(workdir / "registry.csv", rows)
    with path.open("rb") as handle:
        report = certificates_import(handle, source="benchmark")
    if not report.ok:
        raise SystemExit(f"import failed: {report.summary()}")
    path.unlink()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT number, national_id, token FROM certificates_certificate "
            "WHERE status = 'valid' ORDER BY random() LIMIT 5000"
        )
        sample = cursor.fetchall()
    organisation, _ = services.organisation_get_or_create(name="Benchmark employer")
    _record, api_key = services.api_key_create(
        organisation=organisation, name="load", requests_per_minute=10**9
    )
    service_ids = list(feedback_services().values_list("service_id", flat=True))
    connections.close_all()
    return Fixtures(sample, api_key, service_ids, _png())


@dataclass
class Portal:
    postgres: PrivatePostgres
    redis: PrivateRedis
    server: Server
    fixtures: Fixtures
    workdir: Path  # temporary: removed with the services
    log: Path  # gunicorn's and the application's output


@contextlib.contextmanager
def portal_on_private_services(rows: int, *, extra_args: tuple[str, ...] = ()):
    """A private PostgreSQL and Redis, the portal prepared on them with ``rows`` certificates
    and served by gunicorn with the production gunicorn.conf.py (2 sync workers)."""
    with private_services() as (postgres, redis_server), tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        env = environment(postgres.url, redis_server.url, workdir)
        setup_django(env)
        print(f"private PostgreSQL on :{postgres.port}, Redis on :{redis_server.port}")
        print(f"preparing: migrate, demo services, {rows:,} certificates …", flush=True)
        fixtures = prepare(rows, workdir)
        log = workdir / "gunicorn.log"
        with serve(
            "servicedesk.wsgi:application", env=env, workers=2, extra_args=extra_args, log=log
        ) as server:
            yield Portal(postgres, redis_server, server, fixtures, workdir, log)


def _png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 220), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 310, 210), outline="navy", width=4)
    draw.text((30, 100), "certificate scan", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


# --- what is wrong with an answer, whatever the step --------------------------------------------
def language_of(path: str) -> str:
    return "en" if path.startswith("/en/") else "fa"


def inspector():
    """A function judging any response: '' when nothing is wrong by itself; 'friendly 503'
    for the translated outage page; otherwise what is wrong."""

    def inspect(response: Response, path: str = "") -> str:
        body = response.body
        if "Traceback" in body or "django.db.utils" in body:
            return "traceback or exception detail in the answer"
        if response.status == 503:
            if body.lstrip().startswith("{") and '"unavailable"' in body:
                return "friendly 503"  # /healthz: JSON for load balancers
            language = language_of(path)
            if FRIENDLY_503[language] in body and response.headers.get("retry-after"):
                return "friendly 503"
            return "503 without the translated page"
        if response.status >= 500:
            return f"server error {response.status}"
        return ""

    return inspect


# --- the visitors -----------------------------------------------------------------------------
_TOKEN = r'name="csrfmiddlewaretoken" value="([^"]+)"'


@dataclass
class Acknowledgement:
    kind: str  # receipt | feedback | request
    code: str
    at: float  # time.monotonic() when the page showing it arrived


@dataclass
class Traffic:
    fixtures: Fixtures
    min_fill_seconds: float = 4
    english_share: float = 0.1
    acknowledged: list[Acknowledgement] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _random: random.Random = field(default_factory=lambda: random.Random(1405))
    _serial: int = 0

    # mix: weights of the first steps (each visitor then makes 1 to 4 requests)
    def scenarios(self):
        return [
            (22, self.verify_form_get),
            (12, self.verify_api),
            (18, self.qr),
            (14, self.catalogue),
            (5, self.home),
            (5, self.feedback_get),
            (3, self.request_get),
        ]

    # helpers
    def _pick(self, items):
        with self._lock:
            return self._random.choice(items)

    def _chance(self, p: float) -> bool:
        with self._lock:
            return self._random.random() < p

    def _uniform(self, a: float, b: float) -> float:
        with self._lock:
            return self._random.uniform(a, b)

    def _prefix(self, visitor: Visitor) -> str:
        if "prefix" not in visitor.data:
            visitor.data["prefix"] = "/en" if self._chance(self.english_share) else ""
        return visitor.data["prefix"]

    def _ack(self, kind: str, code: str | None) -> None:
        if not code:
            raise Problem(f"no {kind} code on the page")
        with self._lock:
            self.acknowledged.append(Acknowledgement(kind, code, time.monotonic()))

    @staticmethod
    def _marker(name: str):
        def check(response: Response):
            return None if f'{name}="' in response.body else f"no {name} on the page"

        return check

    # certificates
    def verify_form_get(self, v: Visitor):
        page = v.get("verify-form", f"{self._prefix(v)}/certificates/verify/")
        v.data["csrf"] = page.find(_TOKEN)
        return [(self._uniform(1, 4), self.verify_form_post)]

    def verify_form_post(self, v: Visitor):
        number, national_id, _ = self._pick(self.fixtures.rows)
        if self._chance(0.05):  # someone else's national code: not_found, counted as a failure
            from bench.generate import national_code

            national_id = national_code(2_000_000 + int(self._uniform(0, 10**6)))
        page = v.post_form(
            "verify-post",
            f"{self._prefix(v)}/certificates/verify/",
            {"csrfmiddlewaretoken": v.data["csrf"], "number": number, "national_id": national_id},
            check=self._marker("data-verification-status"),
        )
        code = page.find(r'data-receipt-code="([^"]+)"')
        self._ack("receipt", code)
        v.data["receipt"] = code
        return [(self._uniform(2, 6), self.receipt)] if self._chance(0.15) else []

    def receipt(self, v: Visitor):
        v.get(
            "receipt",
            f"{self._prefix(v)}/certificates/receipts/{v.data['receipt']}/",
            check=self._marker("data-receipt-code"),
        )

    def verify_api(self, v: Visitor):
        number, national_id, _ = self._pick(self.fixtures.rows)
        response = v.request(
            "api",
            "POST",
            "/api/v1/verifications",
            body=json.dumps({"number": number, "national_id": national_id}).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.fixtures.api_key}",
            },
        )
        try:
            self._ack("receipt", json.loads(response.body)["receipt"])
        except (ValueError, KeyError):
            raise Problem("API answer without a receipt") from None

    def qr(self, v: Visitor):
        _, _, token = self._pick(self.fixtures.rows)
        page = v.get("qr", f"{self._prefix(v)}/c/{token}", check=self._marker("data-receipt-code"))
        self._ack("receipt", page.find(r'data-receipt-code="([^"]+)"'))

    # services
    def catalogue(self, v: Visitor):
        path = f"{self._prefix(v)}/services/"
        if self._chance(0.3):
            path += "?q=" + self._pick(
                ["%DA%AF%D9%88%D8%A7%D9%87%DB%8C", "certificate", "14031548"]
            )
        v.get("catalogue", path)
        return [(self._uniform(2, 6), self.card)] if self._chance(0.6) else []

    def card(self, v: Visitor):
        service_id = self._pick(self.fixtures.service_ids)
        v.get(
            "card",
            f"{self._prefix(v)}/services/{service_id}/",
            check=self._marker("data-service-id"),
        )

    def home(self, v: Visitor):
        v.get("home", f"{self._prefix(v)}/")

    # feedback: read the form, take the time a person takes, send, read the code, track it
    def feedback_get(self, v: Visitor):
        v.data["service"] = self._pick(self.fixtures.service_ids)
        page = v.get(
            "feedback-form", f"{self._prefix(v)}/feedback/new/?service={v.data['service']}"
        )
        v.data["csrf"] = page.find(_TOKEN)
        v.data["started"] = page.find(r'name="started" value="([^"]+)"')
        if not v.data["csrf"] or not v.data["started"]:
            raise Problem("feedback form without its hidden fields")
        return [(self.min_fill_seconds + self._uniform(1, 4), self.feedback_post)]

    def feedback_post(self, v: Visitor):
        with self._lock:
            self._serial += 1
            serial = self._serial
        fields = {
            "csrfmiddlewaretoken": v.data["csrf"],
            "started": v.data["started"],
            "website": "",
            "service": v.data["service"],
            "kind": self._pick(["suggestion", "complaint", "praise", "question"]),
            "message": f"پیام آزمایشی شماره {serial}: صف پاسخگویی حضوری طولانی بود و پیشنهاد نوبت‌دهی دارم.",
            "contact_email": "citizen@example.org" if serial % 3 == 0 else "",
            "contact_phone": "09121234567" if serial % 3 == 1 else "",
        }
        response = v.post_form(
            "feedback-post", f"{self._prefix(v)}/feedback/new/", fields, expect=(302,)
        )
        v.data["next"] = _location(response)
        return [(0, self.feedback_thanks)]

    def feedback_thanks(self, v: Visitor):
        page = v.get("feedback-thanks", v.data["next"], check=self._marker("data-tracking-code"))
        v.data["code"] = page.find(r'data-tracking-code="([^"]+)"')
        self._ack("feedback", v.data["code"])
        return [(self._uniform(3, 15), self.feedback_track)]

    def feedback_track(self, v: Visitor):
        v.get(
            "feedback-track",
            f"{self._prefix(v)}/feedback/track/?code={v.data['code']}",
            check=self._marker("data-feedback-status"),
        )

    # manual inquiries: the same, with a scan
    def request_get(self, v: Visitor):
        page = v.get("request-form", f"{self._prefix(v)}/certificates/requests/new/")
        v.data["csrf"] = page.find(_TOKEN)
        return [(self._uniform(4, 10), self.request_post)]

    def request_post(self, v: Visitor):
        from bench.generate import national_code

        with self._lock:
            self._serial += 1
            serial = self._serial
        fields = {
            "csrfmiddlewaretoken": v.data["csrf"],
            "certificate_number": "" if serial % 2 else f"8{serial:07d}",
            "national_id": national_code(900_000 + serial),
            "holder_name": "علی رضایی",
            "issue_year": "1385",
            "training_centre": "آموزشگاه فنی و حرفه‌ای ساری",
            "contact_email": "holder@example.org" if serial % 2 else "",
            "contact_mobile": "" if serial % 2 else "09121234567",
        }
        body, content_type = _multipart(
            fields, "scan", "scan.png", "image/png", self.fixtures.scan_png
        )
        response = v.request(
            "request-post",
            "POST",
            f"{self._prefix(v)}/certificates/requests/new/",
            body=body,
            headers={"Content-Type": content_type},
            expect=(302,),
        )
        v.data["next"] = _location(response)
        return [(0, self.request_created)]

    def request_created(self, v: Visitor):
        page = v.get("request-created", v.data["next"], check=self._marker("data-tracking-code"))
        v.data["code"] = page.find(r'data-tracking-code="([^"]+)"')
        self._ack("request", v.data["code"])
        return [(self._uniform(3, 15), self.request_track)]

    def request_track(self, v: Visitor):
        v.get(
            "request-track",
            f"{self._prefix(v)}/certificates/requests/track/?code={v.data['code']}",
            check=self._marker("data-request-status"),
        )


def _location(response: Response) -> str:
    location = response.headers.get("location", "")
    if location.startswith("http"):
        location = "/" + location.split("/", 3)[3]
    if not location.startswith("/"):
        raise Problem("redirect without a location")
    return location


def _multipart(fields: dict, file_field: str, filename: str, content_type: str, data: bytes):
    boundary = f"----servicedesk-bench-{random.getrandbits(64):016x}"
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        ).encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# --- afterwards ----------------------------------------------------------------------------------
def acknowledged_missing(acknowledged: list[Acknowledgement]) -> dict[str, dict]:
    """For each kind: how many codes were shown and how many of them the database lacks."""
    from django.db import connections

    from certificates.models import Inquiry, ManualRequest
    from feedback.models import Feedback

    connections.close_all()  # the database may have restarted since this process last used it
    models = {"receipt": (Inquiry, "receipt_code"), "feedback": (Feedback, "tracking_code")}
    models["request"] = (ManualRequest, "tracking_code")
    figures = {}
    for kind, (model, column) in models.items():
        codes = {a.code for a in acknowledged if a.kind == kind}
        found: set[str] = set()
        ordered = sorted(codes)
        for start in range(0, len(ordered), 5000):
            chunk = ordered[start : start + 5000]
            found.update(
                model.objects.filter(**{f"{column}__in": chunk}).values_list(column, flat=True)
            )
        missing = sorted(codes - found)
        figures[kind] = {"shown": len(codes), "missing": len(missing), "examples": missing[:5]}
    return figures


def worker_pids(master_pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
        return sorted(int(pid) for pid in children)
    except OSError:
        pids = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if f"\nPPid:\t{master_pid}\n" in text:
                pids.append(int(status.parent.name))
        return sorted(pids)


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def worker_rss(master_pid: int) -> dict[int, int]:
    """Resident memory (KiB) of each worker of the gunicorn master."""
    figures = {}
    for pid in worker_pids(master_pid):
        with contextlib.suppress(OSError):
            figures[pid] = rss_kb(pid)
    return figures


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_fields(pid: int) -> tuple[int, int]:
    """(own, reaped children's) user + system CPU ticks of a process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


def own_cpu_seconds(pid: int) -> float:
    return _cpu_fields(pid)[0] / _TICKS


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds used so far by a process, its children, and the children it has reaped
    (a backend that ended, a recycled worker): differences of two readings are exact."""
    own, reaped = _cpu_fields(root)
    total = own + reaped
    children = Path(f"/proc/{root}/task/{root}/children").read_text().split()
    for child in children:
        with contextlib.suppress(OSError, IndexError, ValueError):
            total += sum(_cpu_fields(int(child)))
    return total / _TICKS


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])
