"""The seal's format: claims → CWT → COSE_Sign1 (ES256) → zlib → base45 → ``SKC1:…``."""

import zlib
from urllib.parse import urlsplit

import base45
import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from django.conf import settings

from certificates.models import Certificate

PREFIX = "SKC1:"
COSE_SIGN1_TAG = 18
ALG_ES256 = -7
HEADER_ALG, HEADER_KID = 1, 4
CLAIM_ISS, CLAIM_IAT = 1, 6
COORDINATE_BYTES = 32  # P-256


def official_host() -> str:
    """The issuer every seal names and every verifier must see: the portal's host name."""
    return urlsplit(settings.SITE_URL).hostname or ""


def certificate_claims(certificate: Certificate) -> dict:
    """What a seal tells about a certificate: what its result page shows, national code masked."""
    claims = {
        "n": certificate.number,
        "fn": certificate.first_name,
        "ln": certificate.last_name,
    }
    if certificate.first_name_en or certificate.last_name_en:
        claims["fnt"] = certificate.first_name_en
        claims["lnt"] = certificate.last_name_en
    claims["nid"] = certificate.masked_national_id
    claims["std"] = certificate.standard.code
    claims["stt"] = certificate.standard.title
    if certificate.grade:
        claims["g"] = certificate.grade
    claims["d"] = certificate.issue_date.isoformat()
    if certificate.training_centre:
        claims["c"] = certificate.training_centre.name
    claims["u"] = settings.SITE_URL + certificate.get_absolute_url()
    return claims


def sign(payload: dict, *, kid: str, private_key: ec.EllipticCurvePrivateKey) -> str:
    """The seal text of ``payload`` (CWT claims) signed with ``private_key``."""
    protected = cbor2.dumps({HEADER_ALG: ALG_ES256, HEADER_KID: kid.encode()})
    body = cbor2.dumps(payload)
    to_be_signed = cbor2.dumps(["Signature1", protected, b"", body])
    r, s = decode_dss_signature(private_key.sign(to_be_signed, ec.ECDSA(hashes.SHA256())))
    # COSE wants the raw r || s, each a fixed 32 bytes, not DER.
    signature = r.to_bytes(COORDINATE_BYTES, "big") + s.to_bytes(COORDINATE_BYTES, "big")
    envelope = cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, body, signature]))
    return PREFIX + base45.b45encode(zlib.compress(envelope, 9)).decode()


def seal_payload(certificate: Certificate, *, issued_at: int) -> dict:
    return {
        CLAIM_ISS: official_host(),
        CLAIM_IAT: issued_at,
        "cert": certificate_claims(certificate),
    }
