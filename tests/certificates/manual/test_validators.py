"""A scan is judged by its content, never by its name: PDF, JPEG or PNG, at most 5 MB."""

import pytest
from django.core.exceptions import ValidationError

from certificates.manual.validators import MAX_IMAGE_PIXELS, check_scan, sniff
from tests.certificates.manual.scans import jpeg_bytes, pdf_bytes, png_bytes, upload

FIVE_MB = 5 * 1024 * 1024


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.MANUAL_REQUEST_MAX_UPLOAD_BYTES = FIVE_MB


def refusal(content: bytes, name: str = "scan.pdf") -> str:
    with pytest.raises(ValidationError) as caught:
        check_scan(upload(name, content))
    return caught.value.code


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [
        (pdf_bytes(), "scan.pdf", "pdf"),
        (png_bytes(), "scan.png", "png"),
        (jpeg_bytes(), "scan.jpg", "jpeg"),
        (jpeg_bytes(), "SCAN.JPEG", "jpeg"),
    ],
)
def test_it_accepts_pdf_png_and_jpeg(content, name, kind):
    assert check_scan(upload(name, content)) == kind


def test_it_judges_a_png_renamed_pdf_by_its_content():
    assert check_scan(upload("certificate.pdf", png_bytes(), "application/pdf")) == "png"


def test_it_refuses_a_text_file_named_pdf():
    assert refusal(b"This is not a certificate, only text.\n" * 20, "certificate.pdf") == (
        "file_type"
    )


@pytest.mark.parametrize(
    "content",
    [
        b"GIF89a" + b"\x00" * 100,
        b"<html><script>alert(1)</script></html>",
        b"PK\x03\x04" + b"\x00" * 100,  # a ZIP (or a DOCX)
        b"MZ" + b"\x00" * 100,  # a Windows program
    ],
)
def test_it_refuses_other_kinds_whatever_their_name(content):
    assert refusal(content, "scan.jpg") == "file_type"


def test_it_refuses_a_pdf_header_without_a_pdf():
    assert refusal(b"%PDF-1.4\nnothing else, no end of file marker\n") == "damaged"


def test_it_refuses_a_truncated_png():
    content = png_bytes(size=(400, 300))
    assert refusal(content[: len(content) // 2], "scan.png") == "damaged"


def test_it_refuses_an_image_signature_followed_by_junk():
    assert refusal(b"\x89PNG\r\n\x1a\n" + b"junk" * 50, "scan.png") == "damaged"
    assert refusal(b"\xff\xd8\xff\xe0" + b"junk" * 50, "scan.jpg") == "damaged"


def test_it_refuses_an_image_too_large_to_decode_safely():
    # A blank 1-bit picture compresses to a few kilobytes whatever its size.
    side = int(MAX_IMAGE_PIXELS**0.5) + 100
    content = png_bytes(size=(side, side), mode="1")
    assert len(content) < 200_000
    assert refusal(content, "scan.png") == "damaged"


def test_it_accepts_exactly_five_megabytes_and_refuses_one_byte_more():
    assert check_scan(upload("scan.pdf", pdf_bytes(FIVE_MB))) == "pdf"
    assert refusal(pdf_bytes(FIVE_MB + 1)) == "too_large"


def test_it_refuses_an_empty_file():
    assert refusal(b"") == "empty"


def test_the_file_is_left_at_its_start():
    scan = upload("scan.png", png_bytes())
    check_scan(scan)
    assert scan.file.tell() == 0


def test_sniff_reads_only_signatures():
    assert sniff(b"%PDF-1.7") == "pdf"
    assert sniff(b"\x89PNG\r\n\x1a\n") == "png"
    assert sniff(b"\xff\xd8\xff\xdb") == "jpeg"
    assert sniff(b"%PDX") is None
