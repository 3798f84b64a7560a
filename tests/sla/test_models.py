"""What the database and the models guard: IDs, immutability of published versions, uniqueness."""

import pytest
from django.db import DataError, IntegrityError
from django.utils import translation

from sla.models import AgreementSection, Commitment, PublishedVersionImmutable, Service
from tests.sla.factories import (
    CommitmentFactory,
    ServiceFactory,
    draft_version,
    published_version,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("service_id", ["1403154810", "140315481000", "1403154810a"])
def test_a_service_id_has_exactly_eleven_digits(service_id):
    with pytest.raises((IntegrityError, DataError)):
        ServiceFactory(service_id=service_id)


def test_a_service_is_not_its_own_parent(service):
    service.parent = service
    with pytest.raises(IntegrityError):
        service.save()


def test_the_search_text_is_kept_normalised(service):
    service.title = "استعلام مدرك"  # Arabic kaf
    service.save(update_fields=["title"])
    service.refresh_from_db()
    assert "مدرک" in service.search_text


def test_a_service_reads_as_its_id_and_title_and_links_to_its_card(service):
    assert str(service) == f"{service.service_id} {service.title}"
    with translation.override("fa"):
        assert service.get_absolute_url() == f"/services/{service.service_id}/"
    with translation.override("en"):
        assert service.get_absolute_url() == f"/en/services/{service.service_id}/"


def test_a_published_version_cannot_be_edited_or_deleted():
    version = published_version()
    version.title = "عنوان دیگر"
    with pytest.raises(PublishedVersionImmutable):
        version.save()
    with pytest.raises(PublishedVersionImmutable):
        version.delete()


def test_the_text_and_commitments_of_a_published_version_cannot_change(service):
    version = published_version(commitments=[(service, Commitment.Kind.INQUIRY_ANSWER, 5)])
    section = version.sections.get()
    section.body = "متن تازه"
    with pytest.raises(PublishedVersionImmutable):
        section.save()
    with pytest.raises(PublishedVersionImmutable):
        AgreementSection.objects.create(version=version, heading="بند تازه", body="...")
    commitment = version.commitments.get()
    commitment.working_days = 1
    with pytest.raises(PublishedVersionImmutable):
        commitment.save()
    with pytest.raises(PublishedVersionImmutable):
        commitment.delete()
    with pytest.raises(PublishedVersionImmutable):
        CommitmentFactory(version=version, service=ServiceFactory())


def test_a_draft_can_be_edited_freely():
    version = draft_version()
    version.title = "عنوان دیگر"
    version.save()
    section = version.sections.get()
    section.body = "متن تازه"
    section.save()


def test_one_commitment_per_service_and_kind_in_a_version(service):
    version = draft_version(commitments=[(service, Commitment.Kind.INQUIRY_ANSWER, 5)])
    with pytest.raises(IntegrityError):
        CommitmentFactory(version=version, service=service, kind="inquiry_answer")


def test_one_default_commitment_per_kind_in_a_version():
    version = draft_version(commitments=[(None, Commitment.Kind.FEEDBACK_ANSWER, 5)])
    with pytest.raises(IntegrityError):
        CommitmentFactory(version=version, service=None, kind="feedback_answer")


def test_an_answer_time_commitment_needs_its_working_days(service):
    with pytest.raises(IntegrityError):
        CommitmentFactory(
            version=draft_version(), service=service, kind="feedback_answer", working_days=None
        )


def test_several_other_promises_may_stand_side_by_side(service):
    version = draft_version()
    for text in ("پاسخ تلفنی", "پاسخ پیامکی"):
        CommitmentFactory(
            version=version, service=service, kind="other", description=text, working_days=None
        )
    assert version.commitments.count() == 2


def test_a_service_referenced_by_a_commitment_cannot_be_deleted(certificate_service):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        certificate_service.delete()
    assert Service.objects.filter(pk=certificate_service.pk).exists()
