"""Reads: the catalogue search, the agreement in force, and promises that are never retroactive."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from sla import calendar, selectors
from sla.models import Commitment, Service
from sla.selectors import Promise, promise_in_force
from tests.sla.conftest import tehran
from tests.sla.factories import (
    ServiceChannelFactory,
    ServiceFactory,
    ServiceRecipientFactory,
    published_version,
)

pytestmark = pytest.mark.django_db

INQUIRY = Commitment.Kind.INQUIRY_ANSWER
FEEDBACK = Commitment.Kind.FEEDBACK_ANSWER


# --- services -------------------------------------------------------------------------------------
def test_a_service_is_found_by_its_id_typed_in_persian_digits(certificate_service):
    assert selectors.service_get(service_id="۱۴۰۳۱۵۴۸۱۰۰") == certificate_service


def test_service_get_finds_drafts_too_and_raises_for_an_unknown_id():
    draft = ServiceFactory(is_published=False)
    assert selectors.service_get(service_id=draft.service_id) == draft
    with pytest.raises(Service.DoesNotExist):
        selectors.service_get(service_id="99999999999")


def test_published_services_leave_drafts_out():
    published, draft = ServiceFactory(), ServiceFactory(is_published=False)
    services = list(selectors.published_services())
    assert published in services
    assert draft not in services


@pytest.mark.parametrize(
    "query",
    [
        "گواهينامه مهارت",  # Arabic yeh, as old Windows keyboards type it
        "گواهی‌نامه",  # with a zero-width non-joiner
        "گواهی نامه",  # with a space instead
        "مهارت ۲۰۲۴",  # Persian digits
        "مهارت ٢٠٢٤",  # Arabic-Indic digits
        "SKILL",  # English title, any case
    ],
)
def test_the_catalogue_search_matches_whatever_letters_and_digits_are_typed(query):
    wanted = ServiceFactory(title="صدور گواهی‌نامه مهارت ۲۰۲۴", title_en="Skill certificates 2024")
    ServiceFactory(title="ثبت‌نام دوره آموزشی", title_en="Courses")
    assert list(selectors.service_catalogue(query=query)) == [wanted]


def test_the_catalogue_search_finds_a_service_by_its_id_in_persian_digits():
    wanted = ServiceFactory(service_id="14031548199")
    ServiceFactory()
    assert list(selectors.service_catalogue(query="۱۴۰۳۱۵۴۸۱۹۹")) == [wanted]


def test_stored_arabic_letters_are_found_with_persian_ones():
    wanted = ServiceFactory(title="استعلام مدرك كاري")  # Arabic kaf and yeh, stored as typed
    assert list(selectors.service_catalogue(query="مدرک کاری")) == [wanted]


def test_the_catalogue_filters_by_recipient_type_channel_and_full_electronic_service():
    full = ServiceFactory(
        service_type=Service.Type.G2B,
        informing_online=True,
        request_online=True,
        production_online=True,
        delivery_online=True,
    )
    partial = ServiceFactory(service_type=Service.Type.G2C, request_online=True)
    ServiceRecipientFactory(service=full, recipient="businesses")
    ServiceRecipientFactory(service=partial, recipient="citizens")
    ServiceChannelFactory(service=full, channel="web")
    ServiceChannelFactory(service=partial, channel="in_person")
    ServiceChannelFactory(service=partial, channel="web")

    def ids(**filters):
        found = selectors.service_catalogue(**filters).exclude(
            service_id=settings.CERTIFICATE_SERVICE_ID
        )
        return {s.pk for s in found}

    assert ids(recipient="businesses") == {full.pk}
    assert ids(service_type="g2c") == {partial.pk}
    assert ids(channel="web") == {full.pk, partial.pk}
    assert ids(channel="in_person") == {partial.pk}
    assert ids(fully_electronic=True) == {full.pk}


# --- agreement versions ---------------------------------------------------------------------------
def test_the_first_version_is_in_force_until_another_is_published():
    first = selectors.agreement_version_in_force()
    assert first.caption == "بیانیه توافقنامه سطح خدمت"
    second = published_version()
    assert selectors.agreement_version_in_force() == second
    assert (
        selectors.agreement_version_in_force(
            at=second.effective_from - datetime.timedelta(seconds=1)
        )
        == first
    )


def test_on_the_day_of_a_change_both_versions_were_in_force():
    first = selectors.agreement_version_in_force()
    second = published_version()
    today = timezone.localdate()
    assert selectors.agreement_versions_on(day=today) == [first, second]
    assert selectors.agreement_versions_on(day=today - datetime.timedelta(days=1)) == [first]
    assert selectors.agreement_versions_on(day=datetime.date(2020, 1, 1)) == []


def test_a_scheduled_version_is_not_yet_in_force():
    first = selectors.agreement_version_in_force()
    later = published_version(effective_from=timezone.now() + datetime.timedelta(days=7))
    assert selectors.agreement_version_in_force() == first
    assert selectors.agreement_version_in_force(at=later.effective_from) == later


# --- promises ---------------------------------------------------------------------------------------
def test_the_first_version_promises_answer_times_for_the_certificate_service(certificate_service):
    promise = promise_in_force(service=certificate_service, kind=INQUIRY, at=timezone.now())
    assert isinstance(promise, Promise)
    assert promise.working_days == 7
    assert promise.commitment.service == certificate_service
    assert (
        promise_in_force(service=certificate_service, kind=FEEDBACK, at=timezone.now()).working_days
        == 10
    )


def test_a_service_without_its_own_commitment_gets_the_default_one(service):
    promise = promise_in_force(service=service, kind=FEEDBACK, at=timezone.now())
    assert promise.commitment.service is None
    assert promise.working_days == 10


def test_there_is_no_promise_of_a_kind_nobody_committed_to(service):
    assert promise_in_force(service=service, kind=INQUIRY, at=timezone.now()) is None


def test_there_is_no_promise_before_any_agreement(certificate_service):
    assert (
        promise_in_force(service=certificate_service, kind=INQUIRY, at=tehran(2020, 1, 1, 9))
        is None
    )


def test_a_newer_version_never_changes_the_promise_of_a_moment_before_it(certificate_service):
    """Never retroactive: a request filed under version 1 keeps version 1's deadline."""
    filed_at = timezone.now() - datetime.timedelta(hours=2)
    before = promise_in_force(service=certificate_service, kind=INQUIRY, at=filed_at)
    deadline_before = calendar.add_working_days(filed_at, before.working_days)

    newer = published_version(commitments=[(certificate_service, INQUIRY, 3)])

    after = promise_in_force(service=certificate_service, kind=INQUIRY, at=filed_at)
    assert after == before
    assert after.working_days == 7
    assert calendar.add_working_days(filed_at, after.working_days) == deadline_before
    now = promise_in_force(service=certificate_service, kind=INQUIRY, at=timezone.now())
    assert (now.version, now.working_days) == (newer, 3)


def test_a_newer_version_without_a_default_ends_the_old_default(service):
    published_version(commitments=[(None, INQUIRY, 4)])
    assert promise_in_force(service=service, kind=FEEDBACK, at=timezone.now()) is None
    assert promise_in_force(service=service, kind=INQUIRY, at=timezone.now()).working_days == 4
