"""The portal's mixed traffic for the load and outage benchmarks, and what they check afterwards.

- ``environment``: the production settings for gunicorn on loopback (private PostgreSQL and
  Redis, persistent health-checked connections), with one proxy trusted so that every simulated
  visitor has its own address and the per-client rate limits keep their real values.
- ``prepare``: migrate, the demo services and agreement (``load_demo``), a generated registry.
- ``portal_on_private_services``: all of that on a private PostgreSQL and Redis, served by
  gunicorn with the production configuration.
- ``Traffic``: the visitors' steps, each one real request as a browser sends it (GET the form,
  wait, POST with the CSRF token, follow the redirect, read the tracking code, track it later);
  each kind of visitor has its module in bench/visitors/.
- ``acknowledged_missing``: every receipt and tracking code the portal showed, looked up in
  the database afterwards.
- ``worker_rss``: the resident memory of gunicorn's workers, from /proc.
"""

import contextlib
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.common import Server, serve
from bench.loadgen import Response
from bench.private import PrivatePostgres, PrivateRedis, private_services
from bench.visitors.base import Acknowledgement, Fixtures
from bench.visitors.certificates import CertificateSteps
from bench.visitors.feedback import FeedbackSteps
from bench.visitors.requests import ManualRequestSteps
from bench.visitors.services import CatalogueSteps

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


# --- the visitors -------------------------------------------------------------------------------
class Traffic(CertificateSteps, CatalogueSteps, FeedbackSteps, ManualRequestSteps):
    """Every kind of visitor, mixed."""

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
