"""Fixtures shared by the whole suite: personas and a real headless Chromium."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches

from tests.factories import UserFactory

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(autouse=True)
def _fresh_page_fragments():
    """Page chrome and invitations are cached per process; every test starts without them."""
    caches["fragments"].clear()


@pytest.fixture(autouse=True)
def _shared_rate_limit_store_tried_again():
    """A test that made the shared rate-limit store fail (the database down, say) must not send
    the next tests' counting to process memory: servicedesk.ratelimits leaves a failed store
    alone for a few seconds."""
    from servicedesk import ratelimits

    ratelimits._shared_store_skipped_until = 0.0
    caches["ratelimit-fallback"].clear()


# --- personas -----------------------------------------------------------------------------
@pytest.fixture
def citizen(client):
    """Anyone on the internet: no account, a phone, a Persian keyboard."""
    return client


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True, is_superuser=True, username="staff")


@pytest.fixture
def staff_client(client, staff_user):
    return verified_login(client, staff_user)


def verified_login(client, user):
    """Sign ``user`` in as after both steps of the staff sign-in: the password and a code from
    a confirmed authenticator (outside DEBUG the admin refuses staff without the second)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=user, name="authenticator")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def totp_now(device) -> str:
    """The code an authenticator app would show now for ``device``."""
    from django_otp.oath import totp

    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


# --- the browser ----------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    """A page in a 360 px wide phone viewport. CSP is bypassed only so axe can be injected."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=1, bypass_csp=True
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def save_screenshot(page, name: str, **options) -> Path:
    """Keep a screenshot as a test artefact in test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True, **options)
    return path


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (WCAG 2 A/AA) on the page; return the violations of the given impacts."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def has_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


# --- the task queue -------------------------------------------------------------------------
class TaskQueue:
    """The durable queue as production runs it: tasks are rows, sent by the worker."""

    def run(self) -> int:
        """Run every task that is due, as ``manage.py db_worker --batch`` does; how many ran."""
        from unittest import mock

        from django_tasks_db.management.commands import db_worker

        worker = db_worker.Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        )
        # The worker closes connections between tasks; the test's own must stay open.
        with mock.patch.object(db_worker, "close_old_connections"):
            worker.run()
        return worker._run_tasks

    @staticmethod
    def tasks():
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.order_by("enqueued_at")


@pytest.fixture
def task_queue(settings):
    """Mail and SMS queued in the database (not sent at once, as elsewhere in the tests)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return TaskQueue()
