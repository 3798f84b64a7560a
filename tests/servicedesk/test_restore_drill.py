"""Backups that restore: the drill runs on a small registry here, as it would on the real one."""

import psycopg2
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
    assert "Re-checked 13 certificates and 3 receipts; looked for 1 private files" in out
    assert "(1 in the database)" in out
    assert "Restore drill passed." in out


def test_files_in_the_database_come_back_with_the_database_alone(
    small_registry, settings, tmp_path, capsys
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "nothing-on-this-disk"
    call_command("restore_drill", "--sample", "5")
    assert "(1 in the database)" in capsys.readouterr().out


def test_the_drill_notices_a_scan_that_came_back_different(
    small_registry, settings, tmp_path, monkeypatch
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "nothing-on-this-disk"
    from servicedesk.management.commands import restore_drill

    def restore_then_spoil(self, params, drill_name, *args):
        restore(self, params, drill_name, *args)
        copy = psycopg2.connect(dbname=drill_name, host="127.0.0.1", user="postgres")
        with copy, copy.cursor() as cursor:
            cursor.execute("UPDATE servicedesk_storedfile SET content = 'spoilt'::bytea")
        copy.close()

    restore = restore_drill.Command.restore
    monkeypatch.setattr(restore_drill.Command, "restore", restore_then_spoil)
    with pytest.raises(CommandError, match="differs from the original"):
        call_command("restore_drill", "--sample", "5")


def test_the_drill_notices_a_missing_scan(small_registry):
    small_registry.scan.storage.delete(small_registry.scan.name)
    with pytest.raises(CommandError, match="differs from the original"):
        call_command("restore_drill", "--sample", "5")
