"""What every page carries besides its content: icons, a description, compressed HTML."""

import gzip
import re

import pytest

from tests.certificates.factories import CertificateFactory

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]+)">')
DEFAULT_DESCRIPTION = "The electronic service desk: check a skill certificate"


def description(response) -> str:
    return DESCRIPTION.search(response.content.decode()).group(1)


def test_the_favicon_is_served_at_the_sites_root(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_the_apple_touch_icon_is_served_at_the_sites_root(client, db):
    response = client.get("/apple-touch-icon.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_pages_link_the_svg_favicon_and_the_app_icon(client, db, path):
    html = client.get(path).content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in html
    assert re.search(r'<link rel="icon" href="/static/icons/favicon[^"]*\.svg"', html)
    assert re.search(r'<link rel="apple-touch-icon" href="/static/icons/apple-touch-icon', html)


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/en/", "read the service agreement and its measured performance"),
        ("/en/certificates/verify/", "Check whether a technical and vocational skill certificate"),
        ("/en/services/", "each with its ID card"),
        ("/en/sla/", "The service level agreement in force"),
        ("/en/sla/performance/", "How the service desk keeps its promises"),
        ("/en/feedback/new/", "Send a suggestion or complaint about a service"),
        ("/en/seal/", "Check the digital seal printed on a skill certificate"),
    ],
)
def test_the_main_pages_describe_themselves(client, db, path, words):
    response = client.get(path)
    assert response.status_code == 200
    assert words in description(response)


def test_the_result_page_describes_itself(client, db):
    CertificateFactory(number="14021000123", national_id="0499370899")
    response = client.post(
        "/en/certificates/verify/", {"number": "14021000123", "national_id": "0499370899"}
    )
    assert "The outcome of a skill certificate check" in description(response)


def test_other_pages_get_the_default_description(client, db):
    response = client.get("/en/privacy/")
    assert description(response).startswith(DEFAULT_DESCRIPTION)


@pytest.mark.parametrize("path", ["/sla/performance/", "/en/sla/performance/"])
def test_pages_are_gzipped_for_browsers_that_accept_it(client, db, path):
    plain = client.get(path)
    response = client.get(path, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content).decode().startswith("<!doctype html>")
    assert len(response.content) < len(plain.content) / 2


def test_pages_are_not_gzipped_for_clients_that_do_not_ask(client, db):
    response = client.get("/en/sla/performance/")
    assert not response.has_header("Content-Encoding")
