"""The seal's format, checked by an independent verifier; its QR code, read back from a PNG."""

import io
import time
import zlib
from urllib.parse import unquote

import base45
import cbor2
import pytest
import zxingcpp
from django.conf import settings
from PIL import Image

from certificates.seal import codec, qr, services
from tests.seal.conftest import key_set
from tests.seal.independent import NotGenuine, open_seal, verify

ISSUER = "127.0.0.1"  # the host of the tests' SITE_URL


def test_a_seal_made_by_the_portal_verifies_with_an_independent_implementation(
    client, seal_key, certificate
):
    seal = services.certificate_seal(certificate)
    claims = verify(seal, key_set(client), issuer=ISSUER)
    assert abs(claims[6] - time.time()) < 60
    assert claims["cert"] == {
        "n": "14021000123",
        "fn": "علی",
        "ln": "رضایی",
        "fnt": "Ali",
        "lnt": "Rezaei",
        "nid": "04******99",
        "std": certificate.standard.code,
        "stt": "کاربر رایانه",
        "g": "درجه ۲",
        "d": "2023-08-01",
        "c": "مرکز آموزش فنی و حرفه‌ای ساری",
        "u": f"{settings.SITE_URL}/c/{certificate.token}",
    }
    header = open_seal(seal)[0]
    assert header == {1: -7, 4: seal_key.kid.encode()}


def test_changing_any_one_character_of_the_seal_makes_it_fail(client, seal_key, certificate):
    seal = services.certificate_seal(certificate)
    keys = key_set(client)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
    for position in range(len(codec.PREFIX), len(seal)):
        other = alphabet[(alphabet.index(seal[position]) + 1) % len(alphabet)]
        with pytest.raises(NotGenuine):
            verify(seal[:position] + other + seal[position + 1 :], keys, issuer=ISSUER)


def _resealed(seal: str, change) -> str:
    """The seal with one byte of its COSE structure changed, re-compressed and re-encoded (so
    only the signature can tell)."""
    envelope = cbor2.loads(zlib.decompress(base45.b45decode(seal[len(codec.PREFIX) :])))
    changed = cbor2.CBORTag(envelope.tag, change(list(envelope.value)))
    return codec.PREFIX + base45.b45encode(zlib.compress(cbor2.dumps(changed))).decode()


def test_one_changed_byte_of_the_sealed_data_or_the_signature_fails(client, seal_key, certificate):
    seal = services.certificate_seal(certificate)
    keys = key_set(client)

    def grade_changed(parts):
        protected, unprotected, payload, signature = parts
        payload = payload.replace("درجه ۲".encode(), "درجه ۱".encode())
        return [protected, unprotected, payload, signature]

    def signature_flipped(parts):
        signature = bytearray(parts[3])
        signature[10] ^= 0x01
        return [*parts[:3], bytes(signature)]

    assert verify(_resealed(seal, lambda parts: parts), keys, issuer=ISSUER)
    for change in (grade_changed, signature_flipped):
        with pytest.raises(NotGenuine, match="bad signature"):
            verify(_resealed(seal, change), keys, issuer=ISSUER)


def test_a_seal_names_the_portal_host_as_its_issuer(settings, client, seal_key, certificate):
    settings.SITE_URL = "https://portal.example.ir"
    seal = services.certificate_seal(certificate)
    assert open_seal(seal)[1][1] == "portal.example.ir"
    with pytest.raises(NotGenuine, match="another issuer"):
        verify(seal, key_set(client), issuer="portal.example.ir.evil.example")


def test_the_seal_qr_read_back_from_a_png_opens_the_verifier_with_the_seal(
    client, seal_key, certificate
):
    seal = services.certificate_seal(certificate)
    # 3 pixels a module, as a phone photo of a small print would resolve it.
    image = Image.open(io.BytesIO(qr.seal_qr_image(seal, kind="png", scale=3)))
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1
    text = results[0].text
    assert text == qr.seal_url(seal)
    assert text.startswith(settings.SITE_URL + "/seal/#SKC1:")
    assert " " not in text  # a well-formed address: cameras offer to open it
    assert unquote(text.partition("#")[2]) == seal
    assert verify(unquote(text.partition("#")[2]), key_set(client), issuer=ISSUER)


def test_the_seal_qr_prints_at_three_centimetres(settings, seal_key, certificate):
    """Measured for the README: version 16-M (81 modules) for a typical certificate; with the
    4-module quiet zone, 89 modules at 0.33 mm (a size phone cameras read from print) = 29 mm."""
    settings.SITE_URL = "https://portal.example.ir"
    symbol = qr.seal_qr(services.certificate_seal(certificate))
    assert symbol.designator in ("15-M", "16-M")
    width, _ = symbol.symbol_size(border=4)
    assert width * qr.MODULE_MM <= 30
