"""Organisation users: sign-in, bulk checks with results to download, and their history."""

import csv
import io
import re
import subprocess
import sys

import openpyxl
import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.sessions.models import Session
from django.test import Client

from certificates import services
from certificates.models import ApiKey, BulkCheck, Inquiry, Membership, Organisation
from certificates.models.organisations import hash_key
from servicedesk import spreadsheets
from servicedesk.models import StoredFile
from servicedesk.validators import is_valid_organisation_id
from tests.certificates.factories import CertificateFactory, MembershipFactory
from tests.factories import UserFactory
from tests.processes import session_database_url
from tests.servicedesk.test_spreadsheets import FORMULAS, xlsx_cells

BULK = "/en/certificates/bulk/"


def upload(client, text: str, name="list.csv"):
    file = io.BytesIO(text.encode())
    file.name = name
    return client.post(BULK, {"file": file})


def test_outsiders_are_asked_to_sign_in(client, db):
    response = client.get(BULK)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_users_of_no_organisation_are_refused(client, db):
    client.force_login(UserFactory())
    assert client.get(BULK).status_code == 403


def test_sign_in_leads_to_the_bulk_page(client, member):
    member.user.set_password("a-long-test-password")
    member.user.save()
    response = client.post(
        "/en/accounts/login/", {"username": "hr", "password": "a-long-test-password"}
    )
    assert response.status_code == 302
    assert client.get(BULK).status_code == 200


def test_a_bulk_file_with_a_bad_row_in_the_middle_checks_the_others(employer, certificate, member):
    CertificateFactory(number="555", national_id="0790419904", valid_until="2020-01-01")
    response = upload(
        employer,
        "number,national_id,reference\n"
        "14021000123,0499370899,emp-1\n"
        "14021000123,0499370898,emp-2\n"
        "555,۰۷۹۰۴۱۹۹۰۴,emp-3\n"
        "999,0499370899,emp-4\n",
    )
    assert response.status_code == 302
    record = BulkCheck.objects.get()
    assert (record.rows, record.valid, record.expired, record.not_found, record.rejected) == (
        4,
        1,
        1,
        1,
        1,
    )
    assert Inquiry.objects.filter(channel="bulk", organisation=member.organisation).count() == 3
    page = employer.get(response["Location"])
    assert page.status_code == 200
    assert b"emp-2" in page.content


def test_the_result_files_keep_the_input_order_and_mask_names(employer, certificate):
    response = upload(
        employer, "number,national_id,reference\n999,0499370899,a\n14021000123,0499370899,b\n"
    )
    record = BulkCheck.objects.get()
    csv_response = employer.get(f"{response['Location']}result.csv")
    assert csv_response.status_code == 200
    rows = list(
        csv.DictReader(io.StringIO(b"".join(csv_response.streaming_content).decode("utf-8-sig")))
    )
    assert [(row["reference"], row["status"]) for row in rows] == [
        ("a", "not_found"),
        ("b", "valid"),
    ]
    assert rows[1]["holder"] == "A** R*****"
    assert rows[1]["issue_date"] == "1402/05/10"
    assert Inquiry.objects.filter(receipt_code=rows[1]["receipt"]).exists()
    xlsx = employer.get(f"/en/certificates/bulk/{record.pk}/result.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert [cell.value for cell in sheet[1]][:4] == ["line", "reference", "number", "status"]
    assert sheet.max_row == 3


def test_the_result_files_are_stored_where_every_host_reads_them(employer, certificate):
    upload(employer, "number,national_id\n14021000123,0499370899\n")
    record = BulkCheck.objects.get()
    assert not record.result_xlsx
    xlsx = employer.get(f"/en/certificates/bulk/{record.pk}/result.xlsx")
    assert xlsx.status_code == 200
    record.refresh_from_db()
    stored = StoredFile.objects.values_list("name", flat=True)
    assert set(stored) == {record.result_csv.name, record.result_xlsx.name}


def test_the_result_files_carry_no_live_formula(employer, certificate):
    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(["number", "national_id", "reference"])
    for reference in FORMULAS:
        writer.writerow(["14021000123", "0499370899", reference])
    writer.writerow(["=1+2", "0499370899", "@SUM(9)"])
    response = upload(employer, table.getvalue())
    record = BulkCheck.objects.get()
    stored = employer.get(f"{response['Location']}result.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(stored.streaming_content).decode("utf-8-sig"))))
    # The reference is read as text: whitespace around it is dropped before it is checked.
    written = [spreadsheets.cell(reference.strip()) for reference in FORMULAS]
    assert [row["reference"] for row in rows[:-1]] == written
    assert all(text.startswith("'") for text in written)
    assert (rows[-1]["number"], rows[-1]["status"]) == ("'=1+2", "invalid")
    xlsx = employer.get(f"/en/certificates/bulk/{record.pk}/result.xlsx")
    cells = xlsx_cells(b"".join(xlsx.streaming_content))
    assert [row[1].value for row in cells[1:-1]] == written
    assert (cells[-1][2].value, cells[-1][2].data_type) == ("'=1+2", "s")
    page = employer.get(response["Location"]).content.decode()
    assert '<td dir="auto">@SUM(9)</td>' in page  # the page shows what was typed


def test_past_runs_stay_downloadable_for_their_organisation_only(employer, certificate):
    upload(employer, "number,national_id\n14021000123,0499370899\n")
    record = BulkCheck.objects.get()
    assert b"result.csv" in employer.get(BULK).content
    client = Client()
    client.force_login(MembershipFactory(user__username="other").user)
    assert client.get(f"/en/certificates/bulk/{record.pk}/result.csv").status_code == 404
    assert client.get(f"/en/certificates/bulk/{record.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,code\n1,2\n", b"missing required columns"),
        ("number,national_id\n", b"no rows"),
        ("number,national_id\n" + "1,0499370899\n" * 10_001, b"At most 10,000"),
    ],
)
def test_a_bad_file_is_explained_and_nothing_is_recorded(employer, db, text, message):
    response = upload(employer, text)
    assert response.status_code == 400
    assert message in response.content
    assert not Inquiry.objects.exists()
    assert not BulkCheck.objects.exists()


def test_a_post_without_a_file_is_explained(employer, db):
    response = employer.post(BULK, {})
    assert response.status_code == 400
    assert b"This field is required." in response.content


def test_the_history_lists_filters_and_exports(employer, certificate, member):
    upload(employer, "number,national_id\n14021000123,0499370899\n999,0499370899\n")
    page = employer.get("/en/certificates/history/")
    assert page.status_code == 200
    assert page.content.count(b'class="code" href="/en/certificates/receipts/') == 2
    filtered = employer.get("/en/certificates/history/", {"outcome": "valid"})
    assert filtered.content.count(b'href="/en/certificates/receipts/') == 1
    exported = employer.get("/en/certificates/history/", {"outcome": "valid", "export": "csv"})
    lines = exported.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2
    assert "0499370899" not in exported.content.decode("utf-8-sig")
    xlsx = employer.get("/en/certificates/history/", {"export": "xlsx"})
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.max_row == 3


def test_the_history_exports_carry_no_live_formula(employer, member):
    for number in FORMULAS:
        services.inquiry_build(
            certificate=None,
            channel="api",
            checked_number=number,
            checked_national_id="0499370899",
            language="en",
            organisation=member.organisation,
        ).save()
    written = sorted(spreadsheets.cell(number) for number in FORMULAS)
    exported = employer.get("/en/certificates/history/", {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert sorted(row["number"] for row in rows) == written
    xlsx = employer.get("/en/certificates/history/", {"export": "xlsx"})
    cells = xlsx_cells(xlsx.content)
    assert sorted(row[2].value.replace("\n", "\r") for row in cells[1:]) == sorted(
        text.replace("\n", "\r") for text in written
    )


def test_the_history_refuses_a_bad_date_with_a_message(employer, db):
    response = employer.get("/en/certificates/history/", {"since": "1404/12/30"})
    assert response.status_code == 400
    assert b"YYYY/MM/DD" in response.content


def test_the_history_shows_only_the_own_organisations_inquiries(employer, certificate):
    other = Client()
    other.force_login(MembershipFactory(user__username="other").user)
    upload(other, "number,national_id\n14021000123,0499370899\n")
    page = employer.get("/en/certificates/history/")
    assert b"/en/certificates/receipts/" not in page.content


@pytest.mark.parametrize(
    ("code", "valid"),
    [("10101541060", True), ("10101541061", False), ("00000000000", False), ("1010154106", False)],
)
def test_national_organisation_ids_are_validated(code, valid):
    assert is_valid_organisation_id(code) is valid


def test_create_api_key_makes_the_organisation_and_prints_a_key_once(db):
    result = subprocess.run(
        [sys.executable, "manage.py", "create_api_key", "Tehran Recruiters"],
        cwd=settings.BASE_DIR,
        env={**__import__("os").environ, "DATABASE_URL": session_database_url()},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip()
    assert key.startswith("sd_")
    assert "not be shown again" in result.stderr


def test_create_api_key_in_process(db, capsys):
    from django.core.management import call_command

    call_command("create_api_key", "Caspian Builders", "--name", "HR")
    call_command("create_api_key", "Caspian Builders")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    organisation = Organisation.objects.get(name="Caspian Builders")
    assert organisation.api_keys.count() == 2
    assert ApiKey.objects.filter(prefix=key.split("_")[1]).exists()


def issue_key_in_admin(staff_client, member):
    response = staff_client.post(
        "/en/admin/certificates/apikey/add/",
        {"organisation": member.organisation.pk, "name": "ERP", "requests_per_minute": 100},
    )
    match = re.search(r"data-new-api-key>([^<]+)</code>", response.content.decode())
    return response, (match.group(1) if match else None)


def test_staff_issue_a_key_in_admin_and_see_it_once(staff_client, member):
    response, key = issue_key_in_admin(staff_client, member)
    assert response.status_code == 200
    assert key is not None
    assert key.startswith("sd_")
    assert response.content.decode().count(key) == 1
    assert "no-store" in response["Cache-Control"]
    assert ApiKey.objects.get(name="ERP").key_hash == hash_key(key)
    listing = staff_client.get("/en/admin/certificates/apikey/")
    assert ApiKey.objects.get(name="ERP").prefix.encode() in listing.content
    assert b"data-new-api-key" not in listing.content
    assert key.encode() not in listing.content


def test_a_new_key_never_travels_through_messages_or_the_session(staff_client, member):
    response, key = issue_key_in_admin(staff_client, member)
    assert key
    assert list(messages.get_messages(response.wsgi_request)) == []
    assert key not in str(response.cookies)
    assert key not in str(dict(staff_client.session))
    stored = [session.get_decoded() for session in Session.objects.all()]
    assert key not in str(stored)
    assert key not in str(response.wsgi_request.session.items())


def test_create_member_makes_the_organisation_and_a_member_who_can_sign_in(db, capsys, client):
    from django.core.management import call_command

    call_command("create_member", "Gilan Welding", "welder-hr")
    password = capsys.readouterr().out.strip()

    organisation = Organisation.objects.get(name="Gilan Welding")
    assert organisation.memberships.get().user.username == "welder-hr"
    response = client.post(
        "/en/accounts/login/", {"username": "welder-hr", "password": password}, follow=True
    )
    assert response.wsgi_request.user.username == "welder-hr"
    assert client.get("/en/certificates/bulk/").status_code == 200


def test_create_member_refuses_a_taken_user_name_and_an_inactive_organisation(db, member):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="taken"):
        call_command("create_member", "Caspian Builders", "hr")
    Organisation.objects.filter(pk=member.organisation.pk).update(active=False)
    with pytest.raises(CommandError, match="inactive"):
        call_command("create_member", "Caspian Builders", "another")
    assert Membership.objects.count() == 1


def test_the_bulk_page_offers_the_template_files(employer):
    html = employer.get(BULK).content.decode()
    assert 'href="/en/certificates/bulk/template.csv"' in html
    assert 'href="/en/certificates/bulk/template.xlsx"' in html


def test_the_csv_template_downloads_with_the_header_row(client, db):
    response = client.get("/en/certificates/bulk/template.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert 'filename="bulk-check-template.csv"' in response["Content-Disposition"]
    assert spreadsheets.read_csv(io.BytesIO(response.content)) == [
        ["number", "national_id", "reference"]
    ]


def test_the_xlsx_template_downloads_with_the_header_row(client, db):
    response = client.get("/en/certificates/bulk/template.xlsx")
    assert response.status_code == 200
    assert 'filename="bulk-check-template.xlsx"' in response["Content-Disposition"]
    cells = xlsx_cells(response.content)
    assert [[cell.value for cell in row] for row in cells] == [
        ["number", "national_id", "reference"]
    ]


def test_a_filled_in_xlsx_template_is_checked(employer, certificate):
    workbook = openpyxl.load_workbook(io.BytesIO(employer.get(BULK + "template.xlsx").content))
    workbook.active.append(["14021000123", "0499370899", "emp-1"])
    file = io.BytesIO()
    workbook.save(file)
    file.seek(0)
    file.name = "filled.xlsx"
    assert employer.post(BULK, {"file": file}).status_code == 302
    assert (BulkCheck.objects.get().rows, BulkCheck.objects.get().valid) == (1, 1)


def test_an_unknown_template_kind_is_not_found(client, db):
    assert client.get("/en/certificates/bulk/template.pdf").status_code == 404
