"""The home page in a real headless Chromium, as a person on a phone sees it."""

import pytest

from tests.conftest import axe_violations, has_horizontal_scroll, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("path", "lang", "direction", "font"),
    [("/", "fa", "rtl", "Vazirmatn"), ("/en/", "en", "ltr", "Vazirmatn Persian")],
)
def test_home_renders_in_its_language_and_direction_on_a_phone(
    live_server, phone, path, lang, direction, font
):
    response = phone.goto(live_server.url + path)
    assert response.status == 200
    assert phone.evaluate("document.documentElement.lang") == lang
    assert phone.evaluate("getComputedStyle(document.body).direction") == direction
    phone.evaluate("document.fonts.ready")
    assert phone.evaluate(f"document.fonts.check('16px \"{font}\"', 'فارسی')")
    assert phone.evaluate("getComputedStyle(document.body).fontFamily").startswith(f'"{font}"')
    assert not has_horizontal_scroll(phone)
    save_screenshot(phone, f"home-{lang}-360")
    assert axe_violations(phone) == []


def test_the_skip_link_appears_on_focus_and_leads_to_the_content(live_server, phone):
    phone.goto(live_server.url + "/en/")
    phone.keyboard.press("Tab")
    skip = phone.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.bounding_box()["y"] >= 0
    phone.keyboard.press("Enter")
    assert phone.evaluate("location.hash") == "#main"


def test_the_menu_opens_on_a_phone_and_switches_language_on_the_same_page(live_server, phone):
    phone.goto(live_server.url + "/")
    phone.get_by_role("button", name="نمایش منو").click()
    phone.get_by_role("link", name="English").click()
    phone.wait_for_url(live_server.url + "/en/")
    assert phone.evaluate("document.documentElement.dir") == "ltr"


def test_the_404_page_is_friendly_in_the_browser(live_server, phone):
    response = phone.goto(live_server.url + "/en/nowhere/")
    assert response.status == 404
    assert phone.get_by_role("heading", name="Page not found").is_visible()
    assert axe_violations(phone) == []
