"""The deadline every case keeps from its filing, run on each kind: counted in working days
(weekly day off and official holidays skipped) from the agreement version in force, never
changed by a later version, the service's own commitment before the default."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.utils import timezone

from certificates.manual import services as manual_services
from feedback import services as feedback_services
from sla.models import Commitment, Service
from tests.casework.conftest import TEHRAN
from tests.certificates.manual.factories import filed
from tests.feedback.factories import submitted
from tests.sla.factories import HolidayFactory, ServiceFactory, published_version

pytestmark = pytest.mark.django_db


def tehran(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=TEHRAN)


def end_of(year, month, day):
    return datetime.datetime(
        year, month, day, 23, 59, 59, 999999, tzinfo=timezone.get_default_timezone()
    )


FILED = tehran(2026, 3, 18, 10, 0)  # a Wednesday, before Nowruz


@dataclass
class Filing:
    commitment: str  # the kind of promise the case keeps
    service: Service  # the service it is measured against
    file: Callable  # file(now=…) -> a case
    answer: Callable  # answer(case, now=…) -> the case, answered


@pytest.fixture(params=["manual inquiry", "suggestion"])
def filing(request, db) -> Filing:
    if request.param == "manual inquiry":
        return Filing(
            commitment=Commitment.Kind.INQUIRY_ANSWER,
            service=ServiceFactory(service_id=settings.CERTIFICATE_SERVICE_ID),
            file=lambda **fields: filed(**fields),
            answer=lambda case, now: manual_services.manual_request_answer(
                manual_request=case, verdict="authentic", now=now
            ),
        )
    service = ServiceFactory()
    return Filing(
        commitment=Commitment.Kind.FEEDBACK_ANSWER,
        service=service,
        file=lambda **fields: submitted(service, **fields),
        answer=lambda case, now: feedback_services.feedback_answer(
            feedback=case, answer="Done.", now=now
        ),
    )


@pytest.fixture
def march_promise(filing):
    """Version in force from 1 March 2026: answers within three working days."""
    return published_version(
        effective_from=tehran(2026, 3, 1), commitments=[(None, filing.commitment, 3)]
    )


@pytest.fixture
def holiday(db):
    """Saturday 21 March 2026 (Nowruz) is an official holiday; Friday 20 is the weekly day off."""
    return HolidayFactory(date=datetime.date(2026, 3, 21), title="نوروز")


@pytest.fixture(autouse=True)
def _fridays_off(settings):
    settings.WEEKLY_DAYS_OFF = ["friday"]


def test_the_deadline_skips_the_friday_and_the_official_holiday(filing, march_promise, holiday):
    case = filing.file(now=FILED)

    # Thu 19 is the first working day, Fri 20 is the weekly day off, Sat 21 a holiday: the
    # second is Sun 22 and the third Mon 23.
    assert case.deadline == end_of(2026, 3, 23)
    assert case.agreement_version == march_promise
    assert case.promised_working_days == 3


def test_without_the_holiday_the_same_promise_ends_a_day_sooner(filing, march_promise):
    assert filing.file(now=FILED).deadline == end_of(2026, 3, 22)  # Thu 19, Sat 21, Sun 22


def test_a_case_filed_on_a_friday_starts_counting_on_saturday(filing, march_promise, holiday):
    case = filing.file(now=tehran(2026, 3, 20, 22, 0))
    # Sat 21 holiday; Sun 22, Mon 23, Tue 24.
    assert case.deadline == end_of(2026, 3, 24)


def test_a_newer_agreement_never_changes_a_deadline_already_promised(
    filing, march_promise, holiday
):
    before = filing.file(now=FILED)
    newer = published_version(
        effective_from=tehran(2026, 3, 19, 8, 0), commitments=[(None, filing.commitment, 1)]
    )
    after = filing.file(now=tehran(2026, 3, 19, 9, 0))

    before.refresh_from_db()
    assert before.agreement_version == march_promise
    assert before.promised_working_days == 3
    assert before.deadline == end_of(2026, 3, 23)
    assert after.agreement_version == newer
    assert after.deadline == end_of(2026, 3, 22)  # Fri off, Sat holiday: Sunday

    # Answering on Mon 23 meets the old case's own promise, not the newer one's.
    assert filing.answer(before, now=tehran(2026, 3, 23, 12, 0)).met_deadline is True


def test_the_service_s_own_commitment_wins_over_the_default(filing):
    published_version(
        effective_from=tehran(2026, 3, 1),
        commitments=[(None, filing.commitment, 10), (filing.service, filing.commitment, 2)],
    )
    assert filing.file(now=FILED).promised_working_days == 2


def test_without_a_promise_a_case_is_filed_without_a_deadline(filing):
    published_version(effective_from=tehran(2026, 3, 1))
    case = filing.file(now=FILED)
    assert case.deadline is None
    assert case.agreement_version is None
    assert case.is_overdue(at=tehran(2027, 1, 1)) is False
