"""Fixtures of the casework tests: every test runs once per kind of case (a manual inquiry, a
suggestion), each filed through its own public service under an agreement that promises both an
answer time."""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone, translation

from certificates.manual import services as manual_services
from certificates.models import ManualRequest
from feedback import services as feedback_services
from feedback.models import Feedback
from sla.models import Commitment
from tests.certificates.manual.conftest import scan_storage  # noqa: F401 (autouse: scans apart)
from tests.certificates.manual.factories import filed
from tests.feedback.factories import submitted
from tests.sla.factories import ServiceFactory, published_version

TEHRAN = datetime.timezone(datetime.timedelta(hours=3, minutes=30))


@dataclass
class Queue:
    """One kind of case, as the tests drive it."""

    model: Any
    file: Any  # file(now=…) -> a case, filed with a contact email
    answer: Any  # answer(case) -> the case, answered
    supervisors_setting: str
    changelist: str


@pytest.fixture(autouse=True)
def _casework_settings(settings):
    settings.WEEKLY_DAYS_OFF = ["friday"]
    settings.MANUAL_REQUEST_SUPERVISOR_EMAILS = []
    settings.FEEDBACK_SUPERVISOR_EMAILS = []
    settings.SMS_BACKEND = "servicedesk.sms.LocmemBackend"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def promise(db):
    """An agreement in force since a month ago: five working days for manual inquiries, three
    for suggestions."""
    ServiceFactory(service_id=settings.CERTIFICATE_SERVICE_ID)
    return published_version(
        effective_from=timezone.now() - datetime.timedelta(days=30),
        commitments=[
            (None, Commitment.Kind.INQUIRY_ANSWER, 5),
            (None, Commitment.Kind.FEEDBACK_ANSWER, 3),
        ],
    )


def _manual_queue() -> Queue:
    return Queue(
        model=ManualRequest,
        file=lambda **fields: filed(**fields),
        answer=lambda case: manual_services.manual_request_answer(
            manual_request=case, verdict="authentic"
        ),
        supervisors_setting="MANUAL_REQUEST_SUPERVISOR_EMAILS",
        changelist="/admin/certificates/manualrequest/",
    )


def _feedback_queue() -> Queue:
    service = ServiceFactory()
    return Queue(
        model=Feedback,
        file=lambda **fields: submitted(
            service, **{"contact_email": "sender@example.org", **fields}
        ),
        answer=lambda case: feedback_services.feedback_answer(feedback=case, answer="Done."),
        supervisors_setting="FEEDBACK_SUPERVISOR_EMAILS",
        changelist="/admin/feedback/feedback/",
    )


@pytest.fixture(params=["manual inquiry", "suggestion"])
def queue(request, promise) -> Queue:
    return _manual_queue() if request.param == "manual inquiry" else _feedback_queue()


@pytest.fixture
def queues(promise) -> list[Queue]:
    return [_manual_queue(), _feedback_queue()]
