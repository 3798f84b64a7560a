"""The QR code printed on a certificate: the official verifier's address with the seal in its
fragment, so a phone camera opens the verifier and the seal never reaches a server."""

import io
from urllib.parse import quote

import segno
from django.conf import settings

VERIFIER_PATH = "/seal/"
# Base45 uses QR's alphanumeric characters; in an address, its space and "%" are written
# %20 and %25 (still alphanumeric), so cameras see a well-formed URL and the page can decode it.
FRAGMENT_SAFE = "$*+-./:"
ERROR_LEVEL = "m"  # 15 % of the code may be smudged or torn and it still reads
MODULE_MM = 0.33  # the smallest module phone cameras read reliably from a print


def seal_url(seal: str) -> str:
    return settings.SITE_URL + VERIFIER_PATH + "#" + quote(seal, safe=FRAGMENT_SAFE)


def seal_qr(seal: str) -> segno.QRCode:
    """Two segments: the address in byte mode, the seal in alphanumeric mode (5.5 bits a
    character instead of 8): a smaller code than one byte-mode segment."""
    prefix = settings.SITE_URL + VERIFIER_PATH + "#"
    fragment = seal_url(seal)[len(prefix) :]
    return segno.make(
        [(prefix, segno.consts.MODE_BYTE), (fragment, segno.consts.MODE_ALPHANUMERIC)],
        error=ERROR_LEVEL,
        micro=False,
        boost_error=False,
    )


def seal_qr_image(seal: str, *, kind: str, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    seal_qr(seal).save(buffer, kind=kind, scale=scale, border=4)
    return buffer.getvalue()
