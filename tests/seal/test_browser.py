"""The verifier in Chromium: offline from its service worker, with the real CSP."""

import io
from urllib.parse import quote

import pytest
from PIL import Image

from certificates.seal import qr, services
from tests.certificates.factories import CertificateFactory
from tests.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    axe_violations,
    has_horizontal_scroll,
    save_screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seals(db):
    services.seal_key_create()
    good = CertificateFactory(number="14021000123", national_id="0499370899")
    revoked = CertificateFactory(number="14001000321", status="revoked", status_reason="forged")
    return {"good": services.certificate_seal(good), "revoked": services.certificate_seal(revoked)}


@pytest.fixture
def visitor(browser):
    """A phone-sized page with the portal's own CSP in force (no bypass)."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    yield context, context.new_page()
    context.close()


def check(page, seal) -> str:
    page.fill("#seal-input", seal)
    page.click("#seal-form button[type=submit]")
    page.wait_for_function(
        "() => document.getElementById('seal-result').dataset.sealStatus !== ''"
        " && document.querySelector('.seal-online').dataset.onlineStatus !== 'checking'"
    )
    status = page.get_attribute("#seal-result", "data-seal-status")
    page.evaluate("() => { document.getElementById('seal-result').dataset.sealStatus = ''; }")
    return status


def tampered(seal: str) -> str:
    position = len(seal) // 2
    return seal[:position] + ("A" if seal[position] != "A" else "B") + seal[position + 1 :]


def test_the_verifier_works_offline_after_one_visit(live_server, visitor, seals):
    context, page = visitor
    base = live_server.url
    page.goto(base + "/en/seal/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15000)
    page.wait_for_selector("html[data-seal-ready]")

    context.set_offline(True)
    page.reload()
    page.wait_for_selector("html[data-seal-ready]")
    assert "Keys last refreshed" in page.inner_text("#seal-keys-status")

    assert check(page, seals["good"]) == "valid"
    assert page.get_attribute(".seal-online", "data-online-status") == "unavailable"
    assert "could not be checked" in page.inner_text(".seal-online")
    assert "14021000123" in page.inner_text(".seal-claims")
    assert page.get_attribute("[data-masked-national-id]", "data-masked-national-id") == (
        "04******99"
    )
    assert check(page, tampered(seals["good"])) == "invalid"

    # The QR code's address, opened offline: the seal from the fragment.
    page.goto("about:blank")
    page.goto(base + "/en/seal/#" + quote(seals["good"], safe=qr.FRAGMENT_SAFE))
    page.wait_for_selector("html[data-seal-ready]")
    assert page.get_attribute("#seal-result", "data-seal-status") == "valid"
    save_screenshot(page, "seal-offline-valid-en-360")

    context.set_offline(False)
    page.goto(base + "/en/seal/")
    page.wait_for_selector("html[data-seal-ready]")
    assert check(page, seals["revoked"]) == "valid"  # the seal itself is genuine...
    assert page.get_attribute(".seal-online", "data-online-status") == "revoked"  # ...but
    assert "revoked" in page.inner_text(".seal-online")
    assert "seal-withdrawn" in page.get_attribute("#seal-result", "class")
    save_screenshot(page, "seal-online-revoked-en-360")


def test_a_retired_key_and_a_foreign_issuer_are_reported(live_server, visitor, seals, settings):
    _, page = visitor
    old = services.sealer_current().kid
    services.seal_key_retire(kid=old, reason="leaked")
    services.seal_key_create()
    fresh = services.certificate_seal(CertificateFactory(number="14021000777"))
    settings.SITE_URL = "https://portal.example.ir.evil.example"
    foreign = services.certificate_seal(CertificateFactory(number="14021000778"))
    settings.SITE_URL = "http://127.0.0.1:8000"

    page.goto(live_server.url + "/en/seal/")
    page.wait_for_selector("html[data-seal-ready]")
    assert check(page, seals["good"]) == "retired-key"
    assert "withdrawn" in page.inner_text(".seal-message")
    assert check(page, fresh) == "valid"
    assert check(page, foreign) == "invalid"
    assert check(page, "SKC1:NOT A SEAL") == "invalid"


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_verifier_on_a_phone_in_both_languages(live_server, phone, seals, language):
    prefix = "" if language == "fa" else "/en"
    phone.goto(live_server.url + prefix + "/seal/#" + qr.seal_url(seals["good"]).partition("#")[2])
    phone.wait_for_selector("html[data-seal-ready]")
    assert phone.get_attribute("#seal-result", "data-seal-status") == "valid"
    assert phone.locator(".official-host-name").first.inner_text() == "127.0.0.1"
    assert not has_horizontal_scroll(phone)
    save_screenshot(phone, f"seal-verifier-{language}-360")
    assert axe_violations(phone) == []


def _qr_video(path, seal: str) -> None:
    """A Y4M clip of the seal's QR code, what Chromium's fake camera plays."""
    image = Image.open(io.BytesIO(qr.seal_qr_image(seal, kind="png", scale=5))).convert("L")
    frame = Image.new("L", (640, 640), 255)
    frame.paste(image, ((640 - image.width) // 2, (640 - image.height) // 2))
    chroma = bytes([128]) * (320 * 320)
    with open(path, "wb") as clip:
        clip.write(b"YUV4MPEG2 W640 H640 F5:1 Ip A1:1 C420jpeg\n")
        for _ in range(5):
            clip.write(b"FRAME\n" + frame.tobytes() + chroma + chroma)


def test_the_camera_reads_the_printed_qr_code(live_server, browser, seals, tmp_path):
    """Chromium on Linux has no BarcodeDetector: the portal's jsQR reads the camera."""
    clip = tmp_path / "qr.y4m"
    _qr_video(clip, seals["good"])
    camera = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={clip}",
    ]
    # A second Chromium of the suite's Playwright, with a camera that plays the clip.
    filming = browser.browser_type.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *camera])
    try:
        context = filming.new_context(viewport={"width": 360, "height": 740})
        context.grant_permissions(["camera"])
        page = context.new_page()
        page.goto(live_server.url + "/en/seal/")
        page.wait_for_selector("html[data-seal-ready]")
        page.click("#seal-scan")
        page.wait_for_function(
            "() => document.getElementById('seal-result').dataset.sealStatus !== ''",
            timeout=20000,
        )
        assert page.get_attribute("#seal-result", "data-seal-status") == "valid"
        assert page.input_value("#seal-input") == seals["good"]
        assert page.evaluate("() => typeof window.jsQR") == "function"  # the fallback read it
    finally:
        filming.close()
