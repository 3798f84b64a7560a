"""The daily retention command: old client hashes go, the figures stay."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from certificates.models import Inquiry
from tests.certificates.factories import CertificateFactory


def test_old_client_hashes_are_removed_and_the_checks_kept(client, db, settings, capsys):
    settings.RETENTION_CLIENT_HASH_DAYS = 90
    certificate = CertificateFactory(number="555", national_id="0499370899")
    for _ in range(2):
        client.post("/certificates/verify/", {"number": "555", "national_id": "0499370899"})
    old = Inquiry.objects.first()
    Inquiry.objects.filter(pk=old.pk).update(created=timezone.now() - datetime.timedelta(days=91))
    call_command("enforce_retention")
    assert "inquiry client hashes: 1 removed" in capsys.readouterr().out
    assert Inquiry.objects.get(pk=old.pk).client_hash == ""
    assert Inquiry.objects.exclude(pk=old.pk).get().client_hash != ""
    assert Inquiry.objects.filter(certificate=certificate).count() == 2
    call_command("enforce_retention")
    assert "inquiry client hashes: 0 removed" in capsys.readouterr().out
