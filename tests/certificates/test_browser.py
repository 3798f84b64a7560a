"""The check as a person does it: on a phone, in both languages, and printed."""

import re

import pytest

from tests.certificates.factories import CertificateFactory
from tests.conftest import axe_violations, has_horizontal_scroll, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registry(db):
    return CertificateFactory(number="14021000123", national_id="0499370899")


def fill_and_check(page, base, number, national_id):
    page.goto(base + "/certificates/verify/")
    page.get_by_label("شماره گواهینامه").fill(number)
    page.get_by_label("کد ملی دارنده").fill(national_id)
    page.get_by_role("button", name="استعلام").click()
    page.wait_for_selector("[data-verification-status]")


def test_a_citizen_checks_a_certificate_on_a_phone_in_persian_digits(live_server, phone, registry):
    fill_and_check(phone, live_server.url, "۱۴۰۲۱۰۰۰۱۲۳", "۰۴۹۹۳۷۰۸۹۹")
    result = phone.locator("[data-verification-status]")
    assert result.get_attribute("data-verification-status") == "valid"
    assert re.fullmatch(r"[2-9A-Z]{12}", result.get_attribute("data-receipt-code"))
    assert phone.get_by_text("اصیل و معتبر").is_visible()
    assert not has_horizontal_scroll(phone)
    save_screenshot(phone, "certificates-result-valid-fa-360")
    assert axe_violations(phone) == []


def test_a_mismatch_on_a_phone_says_not_found(live_server, phone, registry):
    fill_and_check(phone, live_server.url, "14021000123", "0790419904")
    assert (
        phone.locator("[data-verification-status]").get_attribute("data-verification-status")
        == "not_found"
    )
    save_screenshot(phone, "certificates-result-not-found-fa-360")
    assert axe_violations(phone) == []


def test_an_invalid_national_code_is_explained_next_to_the_field(live_server, phone, registry):
    fill_and_check_form = phone.goto(live_server.url + "/certificates/verify/")
    assert fill_and_check_form.status == 200
    phone.get_by_label("شماره گواهینامه").fill("14021000123")
    phone.get_by_label("کد ملی دارنده").fill("0499370898")
    phone.get_by_role("button", name="استعلام").click()
    assert phone.get_by_text("این کد ملی معتبر نیست").is_visible()
    save_screenshot(phone, "certificates-form-error-fa-360")


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_form_and_result_pass_axe_in_both_languages(live_server, phone, registry, language):
    prefix = "" if language == "fa" else "/en"
    phone.goto(live_server.url + prefix + "/certificates/verify/")
    assert not has_horizontal_scroll(phone)
    save_screenshot(phone, f"certificates-form-{language}-360")
    assert axe_violations(phone) == []
    phone.goto(live_server.url + prefix + f"/c/{registry.token}")
    assert (
        phone.locator("[data-verification-status]").get_attribute("data-verification-status")
        == "valid"
    )
    assert not has_horizontal_scroll(phone)
    save_screenshot(phone, f"certificates-qr-result-{language}-360")
    assert axe_violations(phone) == []


def test_the_printed_sheet_is_one_clean_page_with_the_receipt_qr(live_server, desktop, registry):
    desktop.goto(live_server.url + f"/en/c/{registry.token}")
    desktop.wait_for_function("document.querySelector('img.receipt-qr').complete")
    desktop.emulate_media(media="print")
    assert not desktop.locator(".site-header").is_visible()
    assert not desktop.locator("[data-print]").is_visible()
    assert desktop.locator(".sheet-heading").is_visible()
    assert desktop.locator("img.receipt-qr").evaluate("img => img.naturalWidth") > 0
    save_screenshot(desktop, "certificates-print-sheet-en")
    pdf = desktop.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_a_revoked_certificate_reads_revoked_in_english(live_server, phone, db):
    certificate = CertificateFactory(status="revoked", status_reason="Issued on forged documents")
    phone.goto(live_server.url + f"/en/c/{certificate.token}")
    assert phone.get_by_text("Issued on forged documents").is_visible()
    save_screenshot(phone, "certificates-result-revoked-en-360")
    assert axe_violations(phone) == []


def test_an_organisation_user_uploads_a_file_and_downloads_the_result(
    live_server, phone, registry, tmp_path
):
    import openpyxl

    from tests.certificates.factories import MembershipFactory

    member = MembershipFactory(user__username="hr", organisation__name="Caspian Builders")
    member.user.set_password("a-long-test-password")
    member.user.save()
    phone.goto(live_server.url + "/en/certificates/bulk/")
    phone.get_by_label("Username").fill("hr")
    phone.get_by_label("Password").fill("a-long-test-password")
    phone.get_by_role("button", name="Sign in").click()
    phone.wait_for_url("**/en/certificates/bulk/")
    listing = tmp_path / "staff.csv"
    listing.write_text(
        "number,national_id,reference\n14021000123,0499370899,E-1\n777,0499370899,E-2\n"
    )
    phone.get_by_label("CSV or XLSX file").set_input_files(str(listing))
    phone.get_by_role("button", name="Check the file").click()
    phone.wait_for_selector("[data-bulk-rows='2']")
    assert not has_horizontal_scroll(phone)
    save_screenshot(phone, "certificates-bulk-result-en-360")
    assert axe_violations(phone) == []
    with phone.expect_download() as download_info:
        phone.locator("[data-download='xlsx']").click()
    path = tmp_path / "result.xlsx"
    download_info.value.save_as(path)
    rows = list(openpyxl.load_workbook(path).active.values)
    assert [(row[1], row[3]) for row in rows[1:]] == [("E-1", "valid"), ("E-2", "not_found")]


@pytest.mark.parametrize(("path", "lang"), [("/api/", "fa"), ("/en/api/", "en")])
def test_the_api_docs_code_blocks_fit_a_phone(live_server, phone, path, lang):
    phone.goto(live_server.url + path)
    assert not has_horizontal_scroll(phone)
    overflowing = phone.evaluate(
        "() => [...document.querySelectorAll('pre')].filter(pre => pre.scrollWidth > pre.clientWidth).length"
    )
    assert overflowing == 0
    save_screenshot(phone, f"api-docs-{lang}-360")
