"""The data migration: the directorate's statement as the first published version."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import timezone

from sla.models import AgreementVersion, Service

pytestmark = pytest.mark.django_db

STATEMENT = Path(settings.BASE_DIR) / "sla" / "data" / "sla-statement.fa.txt"
first_agreement = __import__("sla.migrations.0002_first_agreement", fromlist=["parse_statement"])


def test_the_repository_carries_the_directorates_text_unchanged():
    shared = Path("/work/shared/seed/sla-statement.fa.txt")
    if shared.exists():
        assert STATEMENT.read_bytes() == shared.read_bytes()


def test_the_first_version_is_the_statement_published_as_is():
    version = AgreementVersion.objects.get(
        title="توافقنامه سطح خدمت پاسخ به استعلام اصالت گواهینامه مهارت"
    )
    assert version.published_at is not None
    assert version.effective_from <= timezone.now()
    assert version.caption == "بیانیه توافقنامه سطح خدمت"
    assert [s.heading for s in version.sections.all()] == [
        "مقدمه",
        "هدف",
        "مسئولیت ها",
        "تعهدات متقابل خدمت گیرنده و دستگاه اجرایی",
        "هزینه ها و پرداخت ها",
        "دوره عملکرد",
        "خاتمه توافقنامه",
    ]
    # Every line of the document is in the version, word for word, in order.
    lines = [
        line.strip() for line in STATEMENT.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    published = [version.caption, version.title]
    for section in version.sections.all():
        published.append(section.heading)
        published.extend(section.paragraphs())
    assert [line.rstrip(":").rstrip() for line in lines] == published


def test_the_first_version_carries_commitments_for_the_certificate_service():
    version = AgreementVersion.objects.order_by("effective_from").first()
    service = Service.objects.get(service_id=settings.CERTIFICATE_SERVICE_ID)
    commitments = {(c.service_id, c.kind): c for c in version.commitments.all()}
    assert commitments[(service.pk, "inquiry_answer")].working_days == 7
    assert commitments[(service.pk, "feedback_answer")].working_days == 10
    assert "۲۴ ساعت" in commitments[(service.pk, "availability")].description
    assert commitments[(None, "feedback_answer")].working_days == 10


def test_the_migration_can_be_reversed_and_applied_again():
    first_agreement.unload_first_agreement(apps, None)
    assert not AgreementVersion.objects.exists()
    assert not Service.objects.filter(service_id=settings.CERTIFICATE_SERVICE_ID).exists()
    first_agreement.load_first_agreement(apps, None)
    assert AgreementVersion.objects.get().sections.count() == 7
