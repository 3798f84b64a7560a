"""The first sign-in of a staff member on a phone, in both languages: password, setting up the
authenticator from the QR page, the recovery codes, then the admin."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import axe_violations, has_horizontal_scroll, save_screenshot, totp_now
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, *, lang, direction, name):
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("getComputedStyle(document.body).direction") == direction
    assert not has_horizontal_scroll(page), f"{name} scrolls sideways at 360 px"
    save_screenshot(page, f"{name}-{lang}-360")
    assert axe_violations(page) == [], name


@pytest.mark.parametrize(("prefix", "lang", "direction"), [("", "fa", "rtl"), ("/en", "en", "ltr")])
def test_the_first_sign_in_sets_up_two_factor_on_a_phone(
    live_server, phone, prefix, lang, direction
):
    clerk = UserFactory(username="clerk", is_staff=True, is_superuser=True)
    errors = []
    phone.on("response", lambda response: response.status >= 400 and errors.append(response.url))
    phone.on(
        "console",
        lambda message: "Content Security Policy" in message.text and errors.append(message.text),
    )

    phone.goto(f"{live_server.url}{prefix}/admin/login/")
    phone.locator("#id_username").fill("clerk")
    phone.locator("#id_password").fill("a-long-test-password")
    phone.locator("input[type=submit]").click()
    phone.wait_for_url("**/staff/two-factor/setup/**")
    assert phone.locator("[data-otp-qr] svg").is_visible()
    check(phone, lang=lang, direction=direction, name="staff-two-factor-setup")

    device = TOTPDevice.objects.get(user=clerk)
    secret = phone.locator("[data-otp-secret]").inner_text().replace(" ", "")
    assert secret
    assert secret in device.config_url
    phone.locator("#id_token").fill(totp_now(device))
    phone.locator("form[action$='/setup/'] button[type=submit]").click()
    assert phone.locator("[data-recovery-codes] li").count() == 10
    check(phone, lang=lang, direction=direction, name="staff-recovery-codes")

    phone.locator("main a.btn-primary").click()
    phone.wait_for_url(f"**{prefix}/admin/")
    assert phone.locator("#staff-module").is_visible()
    assert errors == []  # nothing missing, nothing refused by the content security policy
