"""Fixtures of the feedback tests: a published service with an answer-time promise, a
private rate-limit store per test, and form data a person would send."""

import datetime
import time
import uuid

import pytest
from django.utils import timezone, translation

from feedback.forms import sign_start
from sla.models import Commitment, Service
from tests.sla.factories import HolidayFactory, ServiceFactory, published_version

TEHRAN = datetime.timezone(datetime.timedelta(hours=3, minutes=30))
PROMISED_DAYS = 3


def tehran(*args) -> datetime.datetime:
    """A moment in Tehran local time (UTC+03:30 all year since 2022)."""
    return datetime.datetime(*args, tzinfo=TEHRAN)


@pytest.fixture(autouse=True)
def private_rate_limit_store(settings):
    """Each test counts attempts in its own memory, never in a store other runs share."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"feedback-tests-{uuid.uuid4()}",
        },
        "ratelimit-fallback": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    settings.WEEKLY_DAYS_OFF = ["friday"]


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def service(db) -> Service:
    return ServiceFactory(service_id="14039990001", title="خدمت نمونه", title_en="Sample service")


@pytest.fixture
def promise(service):
    """An agreement version in force since a month ago promising answers in three working days
    (the default for every service)."""
    return published_version(
        effective_from=timezone.now() - datetime.timedelta(days=30),
        commitments=[(None, Commitment.Kind.FEEDBACK_ANSWER, PROMISED_DAYS)],
    )


@pytest.fixture
def nowruz(db):
    """Saturday 2026-03-21 and Sunday 2026-03-22 are holidays; Friday 2026-03-20 is a day off."""
    return [
        HolidayFactory(date=datetime.date(2026, 3, 21), title="نوروز"),
        HolidayFactory(date=datetime.date(2026, 3, 22), title="نوروز"),
    ]


def form_data(service_, /, **fields) -> dict:
    """What a person sends after a minute of typing."""
    data = {
        "service": service_.service_id,
        "kind": "suggestion",
        "message": "لطفاً ساعت پاسخ‌گویی تلفنی را طولانی‌تر کنید.",
        "contact_email": "",
        "contact_phone": "",
        "website": "",
        "started": sign_start(time.time() - 60),
    }
    data.update(fields)
    return data
