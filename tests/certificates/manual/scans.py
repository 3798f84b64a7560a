"""Files of each kind, made in memory: real PDFs, PNGs and JPEGs, and impostors."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
)
_PDF_END = b"trailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_bytes(size: int | None = None) -> bytes:
    """A small PDF, padded with a comment to exactly ``size`` bytes if given."""
    if size is None:
        return _PDF + _PDF_END
    padding = size - len(_PDF) - len(_PDF_END) - 2
    return _PDF + b"%" + b"x" * padding + b"\n" + _PDF_END


def image_bytes(kind: str = "PNG", size=(40, 30), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "white" if mode != "1" else 1).save(buffer, format=kind)
    return buffer.getvalue()


def png_bytes(**options) -> bytes:
    return image_bytes("PNG", **options)


def jpeg_bytes(**options) -> bytes:
    return image_bytes("JPEG", **options)


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)
