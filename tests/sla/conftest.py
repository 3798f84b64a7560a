"""Fixtures of the sla tests."""

import datetime

import pytest
from django.conf import settings

from sla.models import Service
from tests.sla.factories import ServiceFactory

TEHRAN = datetime.timezone(datetime.timedelta(hours=3, minutes=30))


def tehran(*args) -> datetime.datetime:
    """A moment in Tehran local time (UTC+03:30 all year since 2022)."""
    return datetime.datetime(*args, tzinfo=TEHRAN)


@pytest.fixture
def certificate_service(db) -> Service:
    """The certificate-authenticity service the first data migration creates."""
    return Service.objects.get(service_id=settings.CERTIFICATE_SERVICE_ID)


@pytest.fixture
def service(db) -> Service:
    return ServiceFactory()


@pytest.fixture
def fridays_only(settings):
    settings.WEEKLY_DAYS_OFF = ["friday"]


@pytest.fixture
def thursdays_and_fridays(settings):
    settings.WEEKLY_DAYS_OFF = ["thursday", "friday"]
