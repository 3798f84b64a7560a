"""Staff's admin: ID cards with inlines and preview, versions frozen once published, holidays."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sla.models import AgreementVersion, Holiday, Service
from tests.sla.factories import draft_version

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/en/admin/sla/service/",
        "/en/admin/sla/service/add/",
        "/en/admin/sla/agreementversion/",
        "/en/admin/sla/holiday/",
        "/en/admin/sla/holiday/add/",
        "/en/admin/sla/holiday/import/",
        "/en/admin/sla/measurement/",
    ],
)
def test_the_admin_pages_open_for_staff(staff_client, path):
    assert staff_client.get(path).status_code == 200


def test_the_service_form_has_the_id_card_parts_inline_and_a_preview(
    staff_client, certificate_service
):
    html = staff_client.get(
        f"/en/admin/sla/service/{certificate_service.pk}/change/"
    ).content.decode()
    for inline in ["steps", "documents", "legal_references", "channels", "recipients", "faqs"]:
        assert f'id="{inline}-group"' in html
    assert f"/services/{certificate_service.service_id}/?preview" in html


def test_the_publish_action_publishes_the_selected_services(staff_client, certificate_service):
    staff_client.post(
        "/en/admin/sla/service/",
        {"action": "publish", "_selected_action": [certificate_service.pk]},
    )
    assert Service.objects.get(pk=certificate_service.pk).is_published


def test_a_published_version_is_read_only_in_admin(staff_client):
    version = AgreementVersion.objects.get()
    html = staff_client.get(f"/en/admin/sla/agreementversion/{version.pk}/change/").content.decode()
    assert 'name="title"' not in html
    assert 'name="sections-0-body"' not in html
    staff_client.post(f"/en/admin/sla/agreementversion/{version.pk}/change/", {"title": "changed"})
    version.refresh_from_db()
    assert version.title != "changed"


def test_the_publish_action_publishes_a_draft_and_closes_the_version_in_force(staff_client):
    first = AgreementVersion.objects.get()
    draft = draft_version()
    staff_client.post(
        "/en/admin/sla/agreementversion/",
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    first.refresh_from_db()
    assert draft.published_at is not None
    assert first.effective_to == draft.effective_from


def test_the_copy_action_starts_a_new_draft(staff_client):
    first = AgreementVersion.objects.get()
    staff_client.post(
        "/en/admin/sla/agreementversion/",
        {"action": "copy_to_draft", "_selected_action": [first.pk]},
    )
    draft = AgreementVersion.objects.get(published_at__isnull=True)
    assert draft.sections.count() == first.sections.count()


def test_a_holiday_is_entered_with_a_jalali_date(staff_client):
    staff_client.post(
        "/en/admin/sla/holiday/add/", {"date": "۱۴۰۵/۱۱/۲۲", "title": "پیروزی انقلاب"}
    )
    assert Holiday.objects.get().date == datetime.date(2027, 2, 11)


def test_a_years_holidays_are_imported_from_csv(staff_client):
    upload = SimpleUploadedFile(
        "1406.csv", "date,title\n1406/01/01,نوروز\n1406/01/02,نوروز\n".encode(), "text/csv"
    )
    response = staff_client.post("/en/admin/sla/holiday/import/", {"file": upload})
    assert response.status_code == 302
    assert Holiday.objects.count() == 2


def test_a_bad_holiday_file_lists_its_bad_rows_and_imports_nothing(staff_client):
    upload = SimpleUploadedFile("bad.csv", b"date,title\n1406/01/01,x\n1406/15/01,y\n", "text/csv")
    response = staff_client.post("/en/admin/sla/holiday/import/", {"file": upload})
    assert b"Line 3" in response.content
    assert not Holiday.objects.exists()


def test_measurements_are_read_only_in_admin(staff_client):
    html = staff_client.get("/en/admin/sla/measurement/").content.decode()
    assert "/admin/sla/measurement/add/" not in html
