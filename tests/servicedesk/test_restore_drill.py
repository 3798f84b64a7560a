"""Backups that restore: the drill runs on a small registry here, as it would on the real one."""

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tests.certificates.factories import CertificateFactory
from tests.certificates.manual.factories import filed
from tests.sla.factories import ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def small_registry(client):
    for index in range(12):
        CertificateFactory(status="revoked" if index % 5 == 0 else "valid", status_reason="x")
    CertificateFactory(number="555", national_id="0499370899")
    for _ in range(3):
        client.post("/certificates/verify/", {"number": "555", "national_id": "0499370899"})
    ServiceFactory(service_id=settings.CERTIFICATE_SERVICE_ID)
    return filed()


def test_the_restored_copy_answers_like_the_original(small_registry, capsys):
    call_command("restore_drill", "--sample", "20")
    out = capsys.readouterr().out
    assert "Re-checked 13 certificates and 3 receipts; looked for 1 scans." in out
    assert "Restore drill passed." in out


def test_the_drill_notices_a_missing_scan(small_registry):
    small_registry.scan.storage.delete(small_registry.scan.name)
    with pytest.raises(CommandError, match="differs from the original"):
        call_command("restore_drill", "--sample", "5")
