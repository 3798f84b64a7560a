"""A manual inquiry as a person makes it: in a real headless Chromium on a 360 px phone, in
both languages, with a file chosen from the phone; the pages pass axe without serious
violations."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from certificates.manual import services
from certificates.models import ManualRequest
from sla.models import Commitment
from tests.certificates.manual.scans import png_bytes
from tests.conftest import axe_violations, has_horizontal_scroll, save_screenshot
from tests.sla.factories import ServiceFactory, published_version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = [("", "fa", "rtl"), ("/en", "en", "ltr")]


@pytest.fixture
def world(transactional_db):
    """The certificate service with a five-working-day promise for manual inquiries."""
    ServiceFactory(
        service_id=settings.CERTIFICATE_SERVICE_ID,
        title="پاسخ به استعلام اصالت گواهینامه‌های مهارت",
        title_en="Answering inquiries about the authenticity of skill certificates",
    )
    published_version(
        effective_from=timezone.now() - datetime.timedelta(days=30),
        commitments=[(None, Commitment.Kind.INQUIRY_ANSWER, 5)],
    )


@pytest.fixture
def scan_file(tmp_path):
    path = tmp_path / "گواهینامه.png"
    path.write_bytes(png_bytes(size=(600, 420)))
    return path


def check(page, *, lang, direction, name):
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("getComputedStyle(document.body).direction") == direction
    assert not has_horizontal_scroll(page), f"{name} scrolls sideways at 360 px"
    save_screenshot(page, f"{name}-{lang}-360")
    assert axe_violations(page) == [], name


def fill_form(page, scan):
    page.locator("#id_national_id").fill("۰۴۹۹۳۷۰۸۹۹")
    page.locator("#id_holder_name").fill("زهرا کریمی")
    page.locator("#id_issue_year").fill("۱۳۸۵")
    page.locator("#id_training_centre").fill("مرکز آموزش فنی و حرفه‌ای ساری")
    page.locator("#id_scan").set_input_files(str(scan))
    page.locator("#id_contact_mobile").fill("۰۹۱۲ ۱۲۳ ۴۵۶۷")


@pytest.mark.parametrize(("prefix", "lang", "direction"), LANGUAGES)
def test_a_request_filed_with_a_scan_and_tracked_on_a_phone(
    live_server, phone, world, scan_file, tmp_path, prefix, lang, direction
):
    base = f"{live_server.url}{prefix}/certificates/requests"

    # A first try with a text file dressed as a PDF: refused, clearly.
    fake = tmp_path / "certificate.pdf"
    fake.write_text("not a scan at all\n" * 20)
    phone.goto(f"{base}/new/")
    check(phone, lang=lang, direction=direction, name="manual-request-form")
    fill_form(phone, fake)
    phone.locator("form.request-form button[type=submit]").click()
    phone.wait_for_selector("#id_scan.is-invalid")
    assert phone.locator(".invalid-feedback").count() >= 1
    check(phone, lang=lang, direction=direction, name="manual-request-form-error")
    assert not ManualRequest.objects.exists()

    # The real scan.
    phone.locator("#id_scan").set_input_files(str(scan_file))
    phone.locator("form.request-form button[type=submit]").click()
    phone.wait_for_url("**/certificates/requests/created/")
    code = phone.locator("[data-tracking-code]").get_attribute("data-tracking-code")
    manual_request = ManualRequest.objects.get(tracking_code=code)
    assert manual_request.scan_type == "png"
    assert manual_request.national_id == "0499370899"
    assert manual_request.contact_mobile == "09121234567"
    assert manual_request.language == lang
    deadline = phone.locator(".request-deadline").inner_text()
    assert ("۵" if lang == "fa" else "5") in deadline
    check(phone, lang=lang, direction=direction, name="manual-request-created")

    phone.locator(".tracking-receipt a.btn").click()
    phone.wait_for_url("**/certificates/requests/track/?code=*")
    assert phone.locator('[data-request-status="received"]').count() == 1
    check(phone, lang=lang, direction=direction, name="manual-request-track")

    # Staff answer; the filer types the code by hand, in lower case with a dash.
    services.manual_request_answer(
        manual_request=manual_request,
        verdict=ManualRequest.Verdict.AUTHENTIC,
        note="این گواهینامه در بایگانی مرکز ساری ثبت شده است.",
    )
    phone.goto(f"{base}/track/")
    phone.locator("#id_code").fill(manual_request.display_code.lower())
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_selector('[data-request-status="answered"]')
    assert phone.locator('[data-verdict="authentic"]').is_visible()
    check(phone, lang=lang, direction=direction, name="manual-request-answered")


def test_an_unknown_code_on_a_phone(live_server, phone, world):
    phone.goto(f"{live_server.url}/certificates/requests/track/?code=ZZZZ-2222")
    assert phone.locator('[data-request-status="not_found"]').is_visible()
    check(phone, lang="fa", direction="rtl", name="manual-request-not-found")
