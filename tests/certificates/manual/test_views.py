"""The public pages of manual inquiries through the test client: filing with a scan, the page
that hands out the tracking code, and the tracking page."""

import re

import pytest

from certificates.manual import services
from certificates.models import ManualRequest, Membership, Organisation
from servicedesk.jalali import to_jalali
from tests.certificates.manual.conftest import PROMISED_DAYS, form_data
from tests.certificates.manual.factories import filed
from tests.certificates.manual.scans import jpeg_bytes, pdf_bytes, png_bytes, upload
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("promise")]

NEW = "/en/certificates/requests/new/"
TRACK = "/en/certificates/requests/track/"
SCRIPT = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def html(response) -> str:
    return response.content.decode()


def post(client, url=NEW, *, scan=None, **fields):
    data = form_data(**fields)
    data["scan"] = scan if scan is not None else upload("scan.pdf", pdf_bytes(), "application/pdf")
    return client.post(url, data)


# --- the form -----------------------------------------------------------------------------------
def test_the_form_asks_for_everything_and_states_the_promise(client):
    response = client.get(NEW)
    assert response.status_code == 200
    page = html(response)
    assert 'enctype="multipart/form-data"' in page
    for name in (
        "certificate_number",
        "national_id",
        "holder_name",
        "issue_year",
        "training_centre",
        "scan",
        "contact_email",
        "contact_mobile",
    ):
        assert f'name="{name}"' in page
    assert f"within {PROMISED_DAYS} working day(s)" in page
    assert "at most 5 MB" in page


def test_the_persian_form_is_served_at_the_unprefixed_path(client):
    response = client.get("/certificates/requests/new/")
    assert response.status_code == 200
    assert 'lang="fa"' in html(response)


def test_the_not_in_registry_hint_links_the_form(client):
    response = client.get("/en/certificates/verify/")
    assert 'href="/en/certificates/requests/new/"' in html(response)


def test_a_request_is_filed_normalised_and_the_code_and_date_are_handed_out(client):
    response = post(
        client,
        scan=upload("photo.jpg", jpeg_bytes(), "image/jpeg"),
        certificate_number="۱۴۰۲-۱۰۰۰۱۲۳",
        contact_email=" Zahra@Example.org ",
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/certificates/requests/created/"
    manual_request = ManualRequest.objects.get()
    assert manual_request.national_id == "0499370899"
    assert manual_request.holder_name == "زهرا کریمی"  # Arabic letters, double space fixed
    assert manual_request.issue_year == 1385
    assert manual_request.certificate_number == "14021000123"
    assert manual_request.contact_mobile == "09121234567"
    assert manual_request.contact_email == "Zahra@Example.org"
    assert manual_request.scan_type == "jpeg"
    assert manual_request.language == "en"
    assert manual_request.organisation is None
    assert manual_request.filed_by is None
    assert len(manual_request.client) == 32

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert f'data-tracking-code="{manual_request.tracking_code}"' in html(page)
    assert manual_request.display_code in html(page)
    jalali = to_jalali(manual_request.deadline).strftime("%Y/%m/%d")
    assert jalali in html(page)
    assert f"{PROMISED_DAYS} working day(s) from today" in html(page)


def test_the_persian_created_page_shows_the_jalali_date_in_persian_digits(client):
    post(client, url="/certificates/requests/new/")
    manual_request = ManualRequest.objects.get()
    page = html(client.get("/certificates/requests/created/"))
    jalali = to_jalali(manual_request.deadline)
    day = str(jalali.day).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert f'data-tracking-code="{manual_request.tracking_code}"' in page
    assert f"{day} {jalali.j_months_fa[jalali.month - 1]}" in page


def test_the_created_page_is_only_for_the_browser_that_filed(client):
    response = client.get("/en/certificates/requests/created/")
    assert response.status_code == 302
    assert response["Location"] == NEW


def test_an_organisation_member_files_for_the_organisation(client):
    user = UserFactory(username="hr")
    organisation = Organisation.objects.create(name="Caspian Builders")
    Membership.objects.create(user=user, organisation=organisation)
    client.force_login(user)
    assert "on behalf of Caspian Builders" in html(client.get(NEW))

    post(client)
    manual_request = ManualRequest.objects.get()
    assert manual_request.organisation == organisation
    assert manual_request.filed_by == user


def test_a_member_of_a_deactivated_organisation_files_only_for_themselves(client):
    user = UserFactory(username="former-hr")
    organisation = Organisation.objects.create(name="Closed Builders", active=False)
    Membership.objects.create(user=user, organisation=organisation)
    client.force_login(user)
    assert "Closed Builders" not in html(client.get(NEW))

    post(client)
    manual_request = ManualRequest.objects.get()
    assert manual_request.organisation is None
    assert manual_request.filed_by == user


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"national_id": "0499370898"}, "national_id", "not valid"),
        ({"national_id": ""}, "national_id", "Enter the national code."),
        ({"holder_name": "  "}, "holder_name", "Enter the holder"),
        ({"issue_year": "85"}, "issue_year", "four digits"),
        ({"issue_year": "1250"}, "issue_year", "between 1340 and"),
        ({"issue_year": "1499"}, "issue_year", "between 1340 and"),
        ({"training_centre": ""}, "training_centre", "Enter the training centre"),
        ({"contact_mobile": "0212345678"}, "contact_mobile", "Iranian mobile number"),
        ({"contact_email": "zahra@"}, "contact_email", "email address"),
        ({"contact_mobile": "", "contact_email": ""}, None, "Leave an email address or a mobile"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client, new_scans, fields, field, message):
    response = post(client, **fields)
    assert response.status_code == 400
    assert message in html(response)
    if field:
        assert re.search(
            rf'id="id_{field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="id_{field}"',
            html(response),
        )
    assert not ManualRequest.objects.exists()
    assert new_scans() == set()


@pytest.mark.parametrize(
    ("scan", "message"),
    [
        (upload("certificate.pdf", b"just some text\n" * 10, "application/pdf"), "none of them"),
        (upload("certificate.pdf", b"%PDF-1.4 and nothing more"), "may be damaged"),
        (upload("certificate.png", b""), "empty"),
        ("", "Choose the scan"),
    ],
)
def test_a_bad_scan_is_refused_with_a_clear_message(client, new_scans, scan, message):
    response = post(client, scan=scan)
    assert response.status_code == 400
    assert message in html(response)
    assert not ManualRequest.objects.exists()
    assert new_scans() == set()


def test_a_png_named_pdf_is_accepted_as_the_png_it_is(client):
    assert post(client, scan=upload("scan.pdf", png_bytes(), "application/pdf")).status_code == 302
    manual_request = ManualRequest.objects.get()
    assert manual_request.scan_type == "png"
    assert manual_request.scan.name.endswith(".png")


def test_a_scan_over_five_megabytes_is_refused_before_it_is_stored(client, new_scans, settings):
    too_big = pdf_bytes(5 * 1024 * 1024 + 1)
    response = post(client, scan=upload("scan.pdf", too_big, "application/pdf"))
    assert response.status_code == 413
    assert "larger than 5 MB" in html(response)
    # What was typed is kept; only the file must be chosen again.
    assert 'value="زهرا  كريمي"' in html(response)
    assert not ManualRequest.objects.exists()
    assert new_scans() == set()


def test_the_form_is_rate_limited_per_client(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "requests": "2/h"}
    assert post(client).status_code == 302
    assert post(client, national_id="bad").status_code == 400  # every attempt counts
    response = post(client)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "many requests in a short time" in html(response)
    assert ManualRequest.objects.count() == 1


def test_the_form_needs_its_csrf_token(new_scans):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = post(strict)
    assert response.status_code == 403
    assert not ManualRequest.objects.exists()
    assert new_scans() == set()


def test_get_and_post_only(client):
    assert client.put(NEW).status_code == 405


# --- tracking -----------------------------------------------------------------------------------
def test_the_tracking_page_without_a_code_shows_the_form(client):
    response = client.get(TRACK)
    assert response.status_code == 200
    assert 'name="code"' in html(response)
    assert "data-request-status" not in html(response)


def test_a_request_is_tracked_by_its_code_typed_by_hand(client):
    manual_request = filed(certificate_number="14021000123")
    typed = manual_request.display_code.lower().translate(str.maketrans("23456789", "۲۳۴۵۶۷۸۹"))
    response = client.get(TRACK, {"code": f" {typed} "})
    assert response.status_code == 200
    page = html(response)
    assert 'data-request-status="received"' in page
    assert manual_request.display_code in page
    assert "04******99" in page  # the national code masked
    assert "0499370899" not in page
    assert to_jalali(manual_request.deadline).strftime("%Y/%m/%d") in page
    assert "There is no answer yet." in page


def test_a_new_code_typed_in_lower_case_with_spaces_is_found(client):
    manual_request = filed()
    assert len(manual_request.tracking_code) == 12
    typed = " " + manual_request.display_code.lower().replace("-", " ") + " "
    assert 'data-request-status="received"' in html(client.get(TRACK, {"code": typed}))


@pytest.mark.parametrize("typed", ["ABCD2345", "abcd-2345", "abcd ۲۳۴۵"])
def test_a_code_handed_out_before_codes_grew_is_still_found(client, typed):
    manual_request = filed()
    ManualRequest.objects.filter(pk=manual_request.pk).update(tracking_code="ABCD2345")
    assert 'data-request-status="received"' in html(client.get(TRACK, {"code": typed}))


def test_an_answered_request_shows_the_verdict_and_the_note(client):
    manual_request = filed()
    services.manual_request_answer(
        manual_request=manual_request, verdict="not_authentic", note="No such record.\nSee us."
    )
    page = html(client.get(TRACK, {"code": manual_request.tracking_code}))
    assert 'data-request-status="answered"' in page
    assert 'data-verdict="not_authentic"' in page
    assert "Not authentic" in page
    assert "No such record.<br>See us." in page


def test_a_rejected_request_shows_the_reason(client):
    manual_request = filed()
    services.manual_request_reject(manual_request=manual_request, reason="The scan is blank.")
    page = html(client.get(TRACK, {"code": manual_request.tracking_code}))
    assert 'data-request-status="rejected"' in page
    assert "The scan is blank." in page


def test_typed_text_is_escaped_everywhere_it_is_shown(client, staff_client):
    manual_request = filed(holder_name=SCRIPT, training_centre=SCRIPT)
    services.manual_request_answer(manual_request=manual_request, verdict="authentic", note=SCRIPT)
    for response in (
        client.get(TRACK, {"code": manual_request.tracking_code}),
        staff_client.get(f"/en/admin/certificates/manualrequest/{manual_request.pk}/change/"),
        staff_client.get("/en/admin/certificates/manualrequest/"),
    ):
        assert response.status_code == 200
        assert SCRIPT not in html(response)
        assert ESCAPED in html(response) or "&lt;script&gt;" in html(response)


def test_a_malformed_code_is_a_400_with_a_message(client):
    response = client.get(TRACK, {"code": "ABC"})
    assert response.status_code == 400
    assert "A tracking code has 12 letters and digits" in html(response)


def test_an_unknown_code_is_a_404_with_a_message(client):
    response = client.get(TRACK, {"code": "zzzz-2222"})
    assert response.status_code == 404
    assert 'data-request-status="not_found"' in html(response)
    assert "We found no request for a manual check with the code ZZZZ-2222" in html(response)


def test_tracking_is_rate_limited_per_client(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "request-track": "2/10m"}
    client.get(TRACK, {"code": "ZZZZ2222"})
    client.get(TRACK, {"code": "ZZZZ2223"})
    response = client.get(TRACK, {"code": "ZZZZ2224"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
