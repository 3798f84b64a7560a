"""The sla pages in a real headless Chromium, on a 360 px phone, in both languages."""

import io

import pytest
from django.apps import apps
from django.conf import settings

from sla import demo
from sla.models import AgreementVersion
from tests.conftest import axe_violations, has_horizontal_scroll, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

first_agreement = __import__(
    "sla.migrations.0002_first_agreement", fromlist=["load_first_agreement"]
)
LANGUAGES = [("", "fa", "rtl"), ("/en", "en", "ltr")]
CERTIFICATE = settings.CERTIFICATE_SERVICE_ID


@pytest.fixture
def demo_data(transactional_db):
    """The agreement of the data migration (flushed by earlier browser tests) and the demo."""
    if not AgreementVersion.objects.exists():
        first_agreement.load_first_agreement(apps, None)
    demo.load(io.StringIO())


def check_page(page, url, *, lang, direction, name):
    response = page.goto(url)
    assert response.status == 200
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("getComputedStyle(document.body).direction") == direction
    assert not has_horizontal_scroll(page), f"{name} scrolls sideways at 360 px"
    save_screenshot(page, f"{name}-{lang}-360")
    assert axe_violations(page) == []


@pytest.mark.parametrize(("prefix", "lang", "direction"), LANGUAGES)
def test_the_catalogue_on_a_phone(live_server, phone, demo_data, prefix, lang, direction):
    check_page(
        phone,
        f"{live_server.url}{prefix}/services/",
        lang=lang,
        direction=direction,
        name="sla-catalogue",
    )
    assert phone.locator("[data-service-id]").count() >= 6


def test_a_search_typed_with_arabic_letters_finds_the_service(live_server, phone, demo_data):
    phone.goto(f"{live_server.url}/en/services/")
    phone.get_by_role("textbox", name="Search").fill("استعلام اصالت گواهينامه")  # Arabic yeh
    phone.get_by_role("button", name="Search").click()
    phone.wait_for_url("**/services/?q=*")
    assert phone.locator("[data-service-id]").evaluate_all(
        "els => els.map(e => e.dataset.serviceId)"
    ) == [CERTIFICATE]


@pytest.mark.parametrize(("prefix", "lang", "direction"), LANGUAGES)
def test_the_id_card_on_a_phone_and_printed(live_server, phone, demo_data, prefix, lang, direction):
    url = f"{live_server.url}{prefix}/services/{CERTIFICATE}/"
    check_page(phone, url, lang=lang, direction=direction, name="sla-card")
    assert phone.locator(f'[data-service-id="{CERTIFICATE}"]').count() == 1
    phone.emulate_media(media="print")
    assert not phone.locator(".site-header").is_visible()
    assert not phone.locator("[data-print]").is_visible()
    assert phone.locator("#documents").is_visible()
    save_screenshot(phone, f"sla-card-{lang}-print")


@pytest.mark.parametrize(("prefix", "lang", "direction"), LANGUAGES)
def test_the_agreement_on_a_phone(live_server, phone, demo_data, prefix, lang, direction):
    check_page(
        phone,
        f"{live_server.url}{prefix}/sla/",
        lang=lang,
        direction=direction,
        name="sla-agreement",
    )
    assert phone.locator("[data-version-id]").count() == 1


def test_the_agreement_in_force_on_a_date_typed_in_persian_digits(live_server, phone, demo_data):
    phone.goto(f"{live_server.url}/en/sla/")
    phone.get_by_label("Date (Jalali, YYYY/MM/DD)").fill("۱۴۰۴/۰۱/۰۱")
    phone.get_by_role("button", name="Show", exact=True).click()
    phone.wait_for_url("**/sla/?on=*")
    assert (
        phone.get_by_role("heading", level=1)
        .inner_text()
        .startswith("The service agreement in force on")
    )
    assert phone.locator("[data-version-id]").count() == 1


@pytest.mark.parametrize(("prefix", "lang", "direction"), LANGUAGES)
def test_the_performance_page_on_a_phone(live_server, phone, demo_data, prefix, lang, direction):
    check_page(
        phone,
        f"{live_server.url}{prefix}/sla/performance/",
        lang=lang,
        direction=direction,
        name="sla-performance",
    )
    assert phone.locator("svg.bar-chart title").count() >= 4
    assert phone.locator("table.month-table").count() >= 1


def test_the_performance_page_on_a_desktop(live_server, desktop, demo_data):
    desktop.goto(f"{live_server.url}/sla/performance/?service={CERTIFICATE}")
    save_screenshot(desktop, "sla-performance-fa-desktop")
    assert axe_violations(desktop) == []


@pytest.mark.parametrize("page", ["/sla/performance/", "/sla/versions/"])
@pytest.mark.parametrize(("prefix", "lang", "direction"), LANGUAGES)
def test_table_headers_never_split_a_word_on_a_phone(
    live_server, phone, demo_data, page, prefix, lang, direction
):
    phone.goto(f"{live_server.url}{prefix}{page}")
    # A header cell wider than its text would be a word broken across lines.
    split = phone.evaluate(
        """() => [...document.querySelectorAll('.table-responsive th')]
            .filter(th => {
                const range = document.createRange();
                range.selectNodeContents(th);
                const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                return [...th.textContent.trim().split(/\\s+/)].length < lines.size;
            }).map(th => th.textContent.trim())"""
    )
    assert split == []
    assert not has_horizontal_scroll(phone)
