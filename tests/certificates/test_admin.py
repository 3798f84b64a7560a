import csv
import io

import pytest

from certificates import services
from certificates.models import Certificate, Inquiry
from servicedesk import spreadsheets
from tests.certificates.factories import CertificateFactory
from tests.certificates.test_imports import GOOD, csv_bytes
from tests.servicedesk.test_spreadsheets import FORMULAS, xlsx_cells

CHANGELIST = "/en/admin/certificates/certificate/"


def test_staff_search_by_number_national_code_and_name(staff_client, certificate):
    CertificateFactory(last_name="کریمی")
    for query in ("14021000123", "0499370899", "رضا"):
        response = staff_client.get(CHANGELIST, {"q": query})
        assert response.status_code == 200
        assert "14021000123" in response.content.decode()


def test_the_changelist_shows_masked_national_codes(staff_client, certificate):
    html = staff_client.get(CHANGELIST).content.decode()
    assert "04******99" in html


def test_the_changelist_costs_few_queries(staff_client, django_assert_max_num_queries):
    CertificateFactory.create_batch(30)
    with django_assert_max_num_queries(12):
        assert staff_client.get(CHANGELIST).status_code == 200


@pytest.mark.parametrize("year", ["1402", "1401"])
def test_the_jalali_year_filter(staff_client, certificate, year):
    html = staff_client.get(CHANGELIST, {"issue_year": year}).content.decode()
    assert ("14021000123" in html) is (year == "1402")


def test_revoking_from_admin_asks_for_a_reason(staff_client, certificate):
    form = {"action": "revoke", "_selected_action": [certificate.pk]}
    response = staff_client.post(CHANGELIST, form)
    assert response.status_code == 200
    assert b"Reason" in response.content
    certificate.refresh_from_db()
    assert certificate.status == "valid"
    response = staff_client.post(CHANGELIST, {**form, "confirm": "yes", "reason": "Forged"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == "revoked"
    assert certificate.status_reason == "Forged"
    assert certificate.history.first().history_user.username == "staff"


def test_replacing_from_admin_names_the_successor(staff_client, certificate):
    successor = CertificateFactory(number="14031000999")
    form = {"action": "replace", "_selected_action": [certificate.pk], "confirm": "yes"}
    response = staff_client.post(
        CHANGELIST, {**form, "reason": "dup", "replacement": "۱۴۰۳۱۰۰۰۹۹۹"}
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.replaced_by == successor


def test_replacing_with_an_unknown_number_is_explained(staff_client, certificate):
    form = {"action": "replace", "_selected_action": [certificate.pk], "confirm": "yes"}
    response = staff_client.post(CHANGELIST, {**form, "reason": "dup", "replacement": "404"})
    assert b"No certificate has this number." in response.content


@pytest.mark.parametrize(("kind", "content_type"), [("svg", "image/svg+xml"), ("png", "image/png")])
def test_staff_download_the_qr_code(staff_client, certificate, kind, content_type):
    response = staff_client.get(f"/en/admin/certificates/certificate/{certificate.pk}/qr.{kind}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert "attachment" in response["Content-Disposition"]


def test_the_qr_code_encodes_the_site_url_and_token(staff_client, certificate, settings):
    html = staff_client.get(f"/en/admin/certificates/certificate/{certificate.pk}/change/").content
    assert f"{settings.SITE_URL}/c/{certificate.token}".encode() in html


def test_the_history_page_lists_changes(staff_client, certificate):
    certificate.last_name = "رضایی‌نژاد"
    certificate.save()
    response = staff_client.get(f"/en/admin/certificates/certificate/{certificate.pk}/history/")
    assert response.status_code == 200
    assert "رضایی‌نژاد".encode() in response.content


IMPORT = "/en/admin/certificates/certificate/import/"


def upload(staff_client, data, dry_run):
    file = io.BytesIO(data)
    file.name = "registry.csv"
    form = {"file": file}
    if dry_run:
        form["dry_run"] = "on"
    return staff_client.post(IMPORT, form, follow=True)  # to the import's page


def test_the_import_page_dry_runs_then_imports(staff_client, db):
    response = upload(staff_client, csv_bytes(*GOOD), dry_run=True)
    assert response.status_code == 200
    assert b'data-import-status="finished"' in response.content
    assert b"4 created" in response.content
    assert not Certificate.objects.exists()
    response = upload(staff_client, csv_bytes(*GOOD), dry_run=False)
    assert Certificate.objects.count() == 4
    assert Certificate.history.filter(history_user__username="staff").count() == 4


def test_the_import_page_lists_bad_rows_and_writes_nothing(staff_client, db):
    response = upload(
        staff_client, csv_bytes(GOOD[0], "2001,0499370898,x,y,s,t,1402/01/01,,,,,"), dry_run=False
    )
    assert b'data-import-status="finished"' in response.content
    html = response.content.decode()
    assert "<td>3</td>" in html
    assert "national_id" in html
    assert not Certificate.objects.exists()


def test_the_import_page_explains_an_unreadable_file(staff_client, db):
    response = upload(staff_client, b"just,some\n1,2\n", dry_run=True)
    assert b'data-import-status="failed"' in response.content
    assert b"missing required columns" in response.content


def test_the_inquiry_log_is_read_only_and_exports_csv(staff_client, certificate, client):
    client.post("/certificates/verify/", {"number": "14021000123", "national_id": "0499370899"})
    inquiry = Inquiry.objects.get()
    assert staff_client.get("/en/admin/certificates/inquiry/").status_code == 200
    change = staff_client.get(f"/en/admin/certificates/inquiry/{inquiry.pk}/change/")
    assert b'name="outcome"' not in change.content  # view only
    export = staff_client.post(
        "/en/admin/certificates/inquiry/export/",
        {
            "format": "0",
            "resource": "0",
            **{
                f"inquiryresource_{f}": "on"
                for f in ("created", "receipt_code", "channel", "outcome", "certificate")
            },
        },
    )
    assert export.status_code == 200
    assert inquiry.receipt_code.encode() in export.content


@pytest.mark.parametrize("export_format", ["0", "1"])  # CSV, XLSX
def test_the_inquiry_log_exports_carry_no_live_formula(staff_client, db, export_format):
    for number in FORMULAS:
        services.inquiry_build(
            certificate=None,
            channel="api",
            checked_number=number,
            checked_national_id="0499370899",
            language="en",
        ).save()
    export = staff_client.post(
        "/en/admin/certificates/inquiry/export/",
        {
            "format": export_format,
            "resource": "0",
            **{f"inquiryresource_{f}": "on" for f in ("receipt_code", "checked_number")},
        },
    )
    assert export.status_code == 200
    if export_format == "0":
        rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
        numbers = [row[1] for row in rows[1:]]
    else:
        numbers = [row[1].value for row in xlsx_cells(export.content)[1:]]
    # XML keeps no lone carriage return: an XLSX gives a line feed back.
    expected = [spreadsheets.cell(number) for number in FORMULAS]
    assert sorted(n.replace("\r", "\n") for n in numbers) == sorted(
        n.replace("\r", "\n") for n in expected
    )


def test_outsiders_cannot_open_the_registry(client, certificate):
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
