"""Fixtures of the manual-inquiry tests: the certificate service with an answer-time promise,
scans of each kind (made here, not shipped), SMS kept in memory, and the private storage left
as it was found."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.test import override_settings
from django.utils import timezone, translation

from certificates.models import ManualRequest
from servicedesk import sms
from servicedesk.models import StoredFile
from servicedesk.storage import private_storage
from sla.models import Commitment
from tests.sla.factories import ServiceFactory, published_version

TEHRAN = datetime.timezone(datetime.timedelta(hours=3, minutes=30))
PROMISED_DAYS = 5


def tehran(*args) -> datetime.datetime:
    """A moment in Tehran local time (UTC+03:30 all year since 2022)."""
    return datetime.datetime(*args, tzinfo=TEHRAN)


@pytest.fixture(autouse=True)
def _manual_settings(settings):
    settings.WEEKLY_DAYS_OFF = ["friday"]
    settings.SMS_BACKEND = "servicedesk.sms.LocmemBackend"
    settings.MANUAL_REQUEST_SUPERVISOR_EMAILS = []
    settings.MANUAL_REQUEST_MAX_UPLOAD_BYTES = 5 * 1024 * 1024
    sms.outbox.clear()
    yield
    sms.outbox.clear()


SCAN_FIELD = ManualRequest._meta.get_field("scan")
PRIVATE_STORAGE = SCAN_FIELD.storage


@pytest.fixture(autouse=True)
def scan_storage(request, tmp_path, monkeypatch):
    """Each test stores scans in a private storage of its own (runs in parallel never touch each
    other's files); it is the real private storage of the PRIVATE_STORAGE setting, only elsewhere
    on disk."""
    if "filesystem_storage" in request.fixturenames:
        request.getfixturevalue("filesystem_storage")
    with override_settings(PRIVATE_MEDIA_ROOT=tmp_path / "private-media"):
        storage = private_storage()
    monkeypatch.setattr(SCAN_FIELD, "storage", storage)
    return storage


@pytest.fixture
def filesystem_storage(settings):
    """The single-host choice: scans under PRIVATE_MEDIA_ROOT on this disk."""
    settings.PRIVATE_STORAGE = "filesystem"


@pytest.fixture
def new_scans(scan_storage):
    """A function: the names of the scans stored by the test so far, looked up in the storage
    (the database table, or the folder on disk)."""
    if not isinstance(scan_storage, FileSystemStorage):
        return lambda: set(StoredFile.objects.values_list("name", flat=True))
    root = Path(scan_storage.location)
    return lambda: (
        {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}
        if root.exists()
        else set()
    )


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def certificate_service(db):
    return ServiceFactory(
        service_id=settings.CERTIFICATE_SERVICE_ID,
        title="پاسخ به استعلام اصالت گواهینامه‌های مهارت",
        title_en="Answering inquiries about the authenticity of skill certificates",
    )


@pytest.fixture
def promise(certificate_service):
    """An agreement version in force since a month ago promising answers to manual inquiries
    in five working days (the default for every service)."""
    return published_version(
        effective_from=timezone.now() - datetime.timedelta(days=30),
        commitments=[(None, Commitment.Kind.INQUIRY_ANSWER, PROMISED_DAYS)],
    )


def form_data(**fields) -> dict:
    """What a person sends (the scan goes in separately, or as ``scan=``)."""
    data = {
        "certificate_number": "",
        "national_id": "۰۴۹۹۳۷۰۸۹۹",
        "holder_name": "زهرا  كريمي",
        "issue_year": "۱۳۸۵",
        "training_centre": "مرکز آموزش فنی و حرفه‌ای ساری",
        "contact_email": "",
        "contact_mobile": "۰۹۱۲ ۱۲۳ ۴۵۶۷",
    }
    data.update(fields)
    return data
