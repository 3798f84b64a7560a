"""What is forgotten about manual inquiries, and what is kept."""

import datetime

import pytest
from django.utils import timezone

from certificates import retention
from certificates.manual import services
from certificates.models import ManualRequest
from sla.models import Measurement
from tests.certificates.manual.factories import filed

pytestmark = pytest.mark.django_db(transaction=True)


def answered_days_ago(days: int) -> ManualRequest:
    manual_request = filed(contact_mobile="09121234567")
    services.manual_request_answer(manual_request=manual_request, verdict="authentic")
    answered_at = timezone.now() - datetime.timedelta(days=days)
    ManualRequest.objects.filter(pk=manual_request.pk).update(
        filed_at=answered_at - datetime.timedelta(days=3), answered_at=answered_at
    )
    manual_request.refresh_from_db()
    return manual_request


def test_contacts_of_long_answered_requests_go_everywhere_but_the_answer_stays(promise, settings):
    settings.RETENTION_CONTACT_DAYS = 180
    old = answered_days_ago(200)
    recent = answered_days_ago(10)
    counts = retention.purge(now=timezone.now())
    assert counts["manual inquiry contacts"] == 1
    old.refresh_from_db()
    assert (old.contact_email, old.contact_mobile, old.client) == ("", "", "")
    assert old.verdict == "authentic"
    assert not ManualRequest.history.filter(id=old.pk).exclude(contact_email="").exists()
    assert not ManualRequest.history.filter(id=old.pk).exclude(contact_mobile="").exists()
    recent.refresh_from_db()
    assert recent.contact_email == "zahra@example.org"
    # The numbers behind the performance page survive.
    assert Measurement.objects.filter(kind=Measurement.Kind.INQUIRY_ANSWERED).count() == 2


def test_scans_of_long_answered_requests_are_deleted(promise, settings, new_scans):
    settings.RETENTION_SCAN_DAYS = 365
    old = answered_days_ago(400)
    recent = answered_days_ago(10)
    assert len(new_scans()) == 2
    counts = retention.purge(now=timezone.now())
    assert counts["manual inquiry scans"] == 1
    old.refresh_from_db()
    assert not old.scan
    assert not ManualRequest.history.filter(id=old.pk).exclude(scan="").exists()
    assert len(new_scans()) == 1
    recent.refresh_from_db()
    assert recent.scan


def test_the_holders_identity_of_long_answered_requests_goes_and_the_case_stays(
    promise, settings, client
):
    settings.RETENTION_MANUAL_IDENTITY_DAYS = 365
    old = answered_days_ago(400)
    recent = answered_days_ago(10)
    counts = retention.purge(now=timezone.now())
    assert counts["manual inquiry identities"] == 1
    old.refresh_from_db()
    assert (old.national_id, old.holder_name, old.certificate_number) == ("", "", "")
    assert (old.status, old.verdict, old.issue_year) == ("answered", "authentic", 1385)
    assert old.answered_at is not None
    history = ManualRequest.history.filter(id=old.pk)
    assert not history.exclude(national_id="").exists()
    assert not history.exclude(holder_name="").exists()
    recent.refresh_from_db()
    assert recent.national_id == "0499370899"
    page = client.get("/en/certificates/requests/track/", {"code": old.tracking_code})
    assert "data-identity-removed" in page.content.decode()
    assert 'data-verdict="authentic"' in page.content.decode()


def test_open_requests_keep_everything(promise):
    open_request = filed()
    ManualRequest.objects.filter(pk=open_request.pk).update(
        filed_at=timezone.now() - datetime.timedelta(days=900)
    )
    retention.purge(now=timezone.now())
    open_request.refresh_from_db()
    assert open_request.contact_email
    assert open_request.scan
    assert open_request.national_id


def test_running_it_again_removes_nothing_more(promise):
    answered_days_ago(400)
    retention.purge(now=timezone.now())
    again = retention.purge(now=timezone.now())
    assert again["manual inquiry contacts"] == again["manual inquiry scans"] == 0
    assert again["manual inquiry identities"] == 0
