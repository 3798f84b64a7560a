"""The daily retention command: old client hashes, sign-in records and expired sessions go, the
figures stay."""

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from certificates.models import BulkCheck, Inquiry
from servicedesk.models import StoredFile
from tests.certificates.factories import CertificateFactory, OrganisationFactory


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


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def logged(model, days: int, **fields):
    """An axes record made ``days`` ago (attempt_time is set on insert, so moved afterwards)."""
    fields.setdefault("username", "staff")
    fields.setdefault("ip_address", "203.0.113.7")
    record = model.objects.create(user_agent="Firefox", **fields)
    model.objects.filter(pk=record.pk).update(attempt_time=days_ago(days))
    return record


def test_old_sign_in_records_are_removed_and_recent_ones_kept(db, settings, capsys):
    settings.RETENTION_ACCESS_LOG_DAYS = 90
    old_log, recent_log = logged(AccessLog, 91), logged(AccessLog, 5)
    old_failure = logged(AccessFailureLog, 91, locked_out=False)
    old_attempt = logged(AccessAttempt, 91, failures_since_start=3, get_data="", post_data="")
    call_command("enforce_retention")
    out = capsys.readouterr().out
    assert "sign-in log entries: 2 removed" in out
    assert "failed sign-in attempts: 1 removed" in out
    assert not AccessLog.objects.filter(pk=old_log.pk).exists()
    assert AccessLog.objects.filter(pk=recent_log.pk).exists()
    assert not AccessFailureLog.objects.filter(pk=old_failure.pk).exists()
    assert not AccessAttempt.objects.filter(pk=old_attempt.pk).exists()


def test_a_failed_attempt_inside_its_lockout_window_is_kept(db, settings):
    settings.RETENTION_ACCESS_LOG_DAYS = 0
    settings.AXES_COOLOFF_TIME = 24.0
    attempt = logged(AccessAttempt, 0, failures_since_start=5, get_data="", post_data="")
    call_command("enforce_retention")
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_expired_sessions_are_removed_and_live_ones_kept(db, capsys):
    expired, live = SessionStore(), SessionStore()
    for store in (expired, live):
        store["x"] = 1
        store.create()
    Session.objects.filter(session_key=expired.session_key).update(expire_date=days_ago(1))
    call_command("enforce_retention")
    assert "expired sessions: 1 removed" in capsys.readouterr().out
    assert not Session.objects.filter(session_key=expired.session_key).exists()
    assert Session.objects.filter(session_key=live.session_key).exists()


def test_old_bulk_results_leave_the_private_storage_and_recent_ones_stay(db, settings, capsys):
    settings.RETENTION_BULK_RESULT_DAYS = 365
    organisation = OrganisationFactory()
    old, recent = (BulkCheck(organisation=organisation, rows=1) for _ in range(2))
    for record in (old, recent):
        record.result_csv.save("result.csv", ContentFile(b"line,status"), save=False)
        record.result_xlsx.save("result.xlsx", ContentFile(b"PK"))
    BulkCheck.objects.filter(pk=old.pk).update(
        created=timezone.now() - datetime.timedelta(days=366)
    )
    call_command("enforce_retention")
    assert "bulk check result files: 1 removed" in capsys.readouterr().out
    old.refresh_from_db()
    assert not old.result_csv
    assert not old.result_xlsx
    stored = set(StoredFile.objects.values_list("name", flat=True))
    assert stored == {recent.result_csv.name, recent.result_xlsx.name}
