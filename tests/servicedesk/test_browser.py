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
    family = phone.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.split(",")[0].strip('"') == font
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


# Each visible header link: the height of its text (its box less the padding) in lines.
HEADER_LINK_LINES = """() => [...document.querySelectorAll('.site-header .nav-link')]
    .filter(link => link.offsetParent !== null)
    .map(link => {
        const style = getComputedStyle(link);
        const text = link.getBoundingClientRect().height
            - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
        return [link.textContent.trim(), text / parseFloat(style.lineHeight)];
    })"""


@pytest.mark.parametrize(("path", "lang"), [("/", "fa"), ("/en/", "en")])
def test_every_header_link_stays_on_one_line_on_a_desktop(live_server, desktop, path, lang):
    desktop.goto(live_server.url + path)
    desktop.evaluate("document.fonts.ready")
    links = desktop.evaluate(HEADER_LINK_LINES)
    assert len(links) == 7  # five pages and the two languages: the menu is open at 1280 px
    assert [text for text, lines in links if lines > 1.2] == []
    save_screenshot(desktop, f"home-{lang}-1280")


@pytest.mark.parametrize(("path", "other"), [("/", "English"), ("/en/", "فارسی")])
def test_the_language_switch_shows_on_a_phone_without_opening_the_menu(
    live_server, phone, path, other
):
    phone.goto(live_server.url + path)
    assert phone.locator("#main-nav").is_hidden()
    switch = phone.locator(".language-switch").get_by_role("link", name=other)
    assert switch.is_visible()
    assert [text for text, lines in phone.evaluate(HEADER_LINK_LINES) if lines > 1.2] == []
    switch.click()
    phone.wait_for_load_state()
    assert phone.evaluate("document.documentElement.lang") == ("en" if path == "/" else "fa")


def test_an_english_page_fetches_the_persian_font_only_for_its_persian_text(live_server, phone):
    fonts = []
    phone.on("request", lambda request: fonts.append(request.url) if ".woff2" in request.url else 0)
    phone.goto(live_server.url + "/en/")
    phone.wait_for_load_state("networkidle")
    # Only «فارسی» in the language switch is Persian, in the regular weight.
    assert [url.rsplit("/", 1)[-1].split(".")[0] for url in fonts] == ["Vazirmatn-Regular"]
