"""Staff's queue of manual inquiries in admin: filters, the change form and the actions all go
through the services, and the scan is served only to staff allowed to see requests."""

import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import timezone

from certificates.models import ManualRequest, ManualRequestNote
from servicedesk.models import StoredFile
from servicedesk.storage import DatabaseStorage, private_storage
from sla.models import Measurement
from tests.certificates.manual.conftest import PRIVATE_STORAGE
from tests.certificates.manual.factories import filed
from tests.certificates.manual.scans import pdf_bytes
from tests.conftest import verified_login
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("promise")]

Status = ManualRequest.Status
URL = "/en/admin/certificates/manualrequest/"


def html(response) -> str:
    return response.content.decode()


def change_url(manual_request) -> str:
    return f"{URL}{manual_request.pk}/change/"


def scan_url(manual_request) -> str:
    return f"{URL}{manual_request.pk}/scan/"


def change_form_data(manual_request, **fields) -> dict:
    data = {
        "assigned_to": manual_request.assigned_to_id or "",
        "new_status": "",
        "decision": "",
        "note": manual_request.answer_note,
        "internal_note": "",
        # the read-only inlines
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return data


@pytest.fixture
def old(db):
    """Filed forty days ago: long past its five-working-day deadline."""
    return filed(now=timezone.now() - datetime.timedelta(days=40))


def test_requests_arrive_only_through_the_public_form_and_are_never_deleted(staff_client, old):
    assert staff_client.get(f"{URL}add/").status_code == 403
    assert staff_client.get(f"{URL}{old.pk}/delete/").status_code == 403


# --- the change form ----------------------------------------------------------------------------
def test_the_change_form_shows_the_request_and_its_scan_link(staff_client, old):
    page = html(staff_client.get(change_url(old)))
    assert old.display_code in page
    assert "0499370899" in page  # staff see the full national code
    assert scan_url(old) in page
    assert old.get_absolute_url() in page


def test_answering_in_the_change_form_goes_through_the_services(
    staff_client, staff_user, django_capture_on_commit_callbacks
):
    manual_request = filed()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            change_url(manual_request),
            change_form_data(
                manual_request,
                assigned_to=staff_user.pk,
                decision="authentic",
                note="Found in the archive of the Sari centre.",
                internal_note="Called the centre on Sunday.",
            ),
        )
    assert response.status_code == 302
    manual_request.refresh_from_db()
    assert manual_request.status == Status.ANSWERED
    assert manual_request.verdict == "authentic"
    assert manual_request.answer_note == "Found in the archive of the Sari centre."
    assert manual_request.assigned_to == staff_user
    assert manual_request.answered_by == staff_user
    assert Measurement.objects.filter(kind=Measurement.Kind.INQUIRY_ANSWERED).count() == 1
    assert ManualRequestNote.objects.get().text == "Called the centre on Sunday."
    assert list(manual_request.events.values_list("kind", "by__username")) == [
        ("received", None),
        ("assigned", "staff"),
        ("in_review", "staff"),
        ("answered", "staff"),
    ]
    # The filer wrote in Persian: the mail gives the verdict in Persian, with the staff's note.
    assert "پاسخ: اصیل" in mail.outbox[-1].body
    assert "Found in the archive of the Sari centre." in mail.outbox[-1].body


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"decision": "rejected", "note": ""}, "A rejection needs a reason"),
        ({"decision": "undetermined", "note": ""}, "cannot be determined"),
        ({"decision": "", "note": "Something"}, "Choose a decision"),
        ({"new_status": "received", "decision": ""}, None),
    ],
)
def test_the_change_form_refuses_an_incomplete_decision(staff_client, fields, message):
    manual_request = filed()
    response = staff_client.post(
        change_url(manual_request), change_form_data(manual_request, **fields)
    )
    if message is None:  # already received: nothing to refuse, nothing changes
        assert response.status_code == 302
    else:
        assert response.status_code == 200
        assert message in html(response)
    manual_request.refresh_from_db()
    assert manual_request.status == Status.RECEIVED


def test_a_rejection_becomes_a_verdict_only_by_reopening(staff_client):
    manual_request = filed()
    from certificates.manual import services

    services.manual_request_reject(manual_request=manual_request, reason="Blank scan.")
    manual_request.refresh_from_db()
    refused = staff_client.post(
        change_url(manual_request), change_form_data(manual_request, decision="authentic")
    )
    assert refused.status_code == 200
    assert "reopen the request first" in html(refused)

    accepted = staff_client.post(
        change_url(manual_request),
        change_form_data(manual_request, decision="authentic", new_status="in_review"),
    )
    assert accepted.status_code == 302
    manual_request.refresh_from_db()
    assert manual_request.status == Status.ANSWERED
    assert manual_request.answer_note == "Blank scan."  # the note field kept its text


def test_reopening_an_answered_request_leaves_it_in_review(staff_client):
    manual_request = filed()
    from certificates.manual import services

    services.manual_request_answer(manual_request=manual_request, verdict="authentic")
    manual_request.refresh_from_db()
    response = staff_client.post(
        change_url(manual_request),
        change_form_data(manual_request, decision="authentic", new_status="in_review"),
    )
    assert response.status_code == 302
    manual_request.refresh_from_db()
    assert manual_request.status == Status.IN_REVIEW
    assert list(manual_request.events.values_list("kind", flat=True)) == [
        "received",
        "answered",
        "reopened",
    ]


def test_the_history_of_changes_is_shown(staff_client, old):
    from certificates.manual import services

    services.manual_request_answer(manual_request=old, verdict="authentic")
    response = staff_client.get(f"{URL}{old.pk}/history/")
    assert response.status_code == 200


# --- the scan -----------------------------------------------------------------------------------
def test_staff_allowed_to_see_requests_download_the_scan(staff_client, old):
    response = staff_client.get(scan_url(old))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="request-{old.tracking_code}.pdf"' in response["Content-Disposition"]
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_a_staff_member_with_only_the_view_permission_downloads_the_scan(client, old):
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_manualrequest"))
    verified_login(client, viewer)
    response = client.get(scan_url(old))
    assert response.status_code == 200, response.content.decode()[-3000:]


def test_an_outsider_is_sent_to_the_login_page(client, old):
    response = client.get(scan_url(old))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_logged_in_user_who_is_not_staff_is_sent_to_the_login_page(client, old):
    client.force_login(UserFactory(username="member"))
    response = client.get(scan_url(old))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_without_permission_on_requests_are_refused(client, old):
    verified_login(client, UserFactory(username="clerk", is_staff=True))
    assert client.get(scan_url(old)).status_code == 403


def test_a_missing_scan_file_is_a_404(staff_client, old):
    old.scan.storage.delete(old.scan.name)
    assert staff_client.get(scan_url(old)).status_code == 404


def test_scans_are_stored_in_the_database_by_default_and_under_no_address(client, old):
    assert isinstance(PRIVATE_STORAGE, DatabaseStorage)
    assert StoredFile.objects.filter(name=old.scan.name).exists()
    for guess in (
        f"/{old.scan.name}",
        f"/media/{old.scan.name}",
        f"/private-media/{old.scan.name}",
    ):
        assert client.get(guess).status_code == 404


@pytest.mark.usefixtures("filesystem_storage")
def test_scans_on_disk_are_stored_outside_the_web_root_and_under_no_address(client, old, settings):
    location = Path(private_storage().location).resolve()
    assert location == Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    assert not location.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    assert not location.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    for guess in (
        f"/{old.scan.name}",
        f"/media/{old.scan.name}",
        f"/private-media/{old.scan.name}",
    ):
        assert client.get(guess).status_code == 404
