"""Checks of an uploaded scan by its content, never by its name: a PDF, a JPEG or a PNG, at most
``MANUAL_REQUEST_MAX_UPLOAD_BYTES`` (5 MB). A PDF is recognised by its header and trailer, an
image by its signature and by Pillow decoding it whole (a truncated or forged image fails).

The size is also bounded while the file streams in: servicedesk.uploads (kind ``scan``).
"""

import warnings
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from servicedesk.numbers import format_number

PDF = "pdf"
JPEG = "jpeg"
PNG = "png"

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_SIGNATURE = b"\xff\xd8\xff"
_PDF_HEADER = b"%PDF-"
_PDF_TRAILER = b"%%EOF"
# A PDF ends with %%EOF, possibly followed by line ends or a little junk some scanners append.
_PDF_TAIL_BYTES = 2048
# Larger than any sensible scan of an A4 page at 600 dpi (about 35 megapixels), and small
# enough that decoding it cannot exhaust a worker's memory.
MAX_IMAGE_PIXELS = 60_000_000

_PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG"}


def max_scan_bytes() -> int:
    return settings.MANUAL_REQUEST_MAX_UPLOAD_BYTES


def max_scan_megabytes() -> str:
    """The limit as people read it: ``5`` (MB), in the reader's digits."""
    return format_number(round(max_scan_bytes() / (1024 * 1024), 1))


def too_large_error() -> ValidationError:
    return ValidationError(
        _(
            "The file is larger than %(max)s MB. Please scan the certificate at a lower resolution, or send a photo of it instead."
        ),
        code="too_large",
        params={"max": max_scan_megabytes()},
    )


def sniff(head: bytes) -> str | None:
    """The kind a file's first bytes claim to be, or None."""
    if head.startswith(_PDF_HEADER):
        return PDF
    if head.startswith(_PNG_SIGNATURE):
        return PNG
    if head.startswith(_JPEG_SIGNATURE):
        return JPEG
    return None


def _is_complete_pdf(stream: BinaryIO, size: int) -> bool:
    stream.seek(max(0, size - _PDF_TAIL_BYTES))
    return _PDF_TRAILER in stream.read(_PDF_TAIL_BYTES)


def _is_decodable_image(stream: BinaryIO, kind: str) -> bool:
    fmt = _PILLOW_FORMATS[kind]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            stream.seek(0)
            with Image.open(stream, formats=[fmt]) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    return False
                image.verify()  # structure and checksums, without decoding
            stream.seek(0)
            with Image.open(stream, formats=[fmt]) as image:
                image.load()  # every pixel: a truncated or forged file fails here
    except (
        OSError,
        SyntaxError,
        ValueError,
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        return False
    return True


def check_scan(upload) -> str:
    """The kind of an uploaded scan (``pdf``, ``jpeg`` or ``png``), decided by its content; a
    ValidationError saying what is wrong otherwise. The file is left at its start."""
    size = upload.size
    if not size:
        raise ValidationError(_("The file is empty. Please choose the scan again."), code="empty")
    if size > max_scan_bytes():
        raise too_large_error()
    stream = upload.file if hasattr(upload, "file") else upload
    try:
        stream.seek(0)
        kind = sniff(stream.read(16))
        if kind is None:
            raise ValidationError(
                _(
                    "Only PDF, JPEG or PNG files are accepted, and this file is none of them (whatever its name says). Please send a scan or a photo of the certificate."
                ),
                code="file_type",
            )
        intact = (
            _is_complete_pdf(stream, size) if kind == PDF else _is_decodable_image(stream, kind)
        )
        if not intact:
            raise ValidationError(
                _(
                    "The file looks like a %(kind)s file but cannot be read: it may be damaged or incomplete. Please scan the certificate again."
                ),
                code="damaged",
                params={"kind": _PILLOW_FORMATS.get(kind, "PDF")},
            )
    finally:
        stream.seek(0)
    return kind
