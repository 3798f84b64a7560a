"""Public keys as a JWK Set (RFC 7517), with the period each key signs in."""

import base64
import hashlib

from cryptography.hazmat.primitives import serialization

from certificates.seal import codec, keystore
from certificates.seal.models import SealKey


def _b64url(number: int) -> str:
    data = number.to_bytes(codec.COORDINATE_BYTES, "big")
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _iso(moment):
    return moment.isoformat(timespec="seconds") if moment else None


def fingerprint(key: SealKey) -> str:
    """SHA-256 of the public key (SubjectPublicKeyInfo): to compare keys read aloud or on paper."""
    spki = keystore.load_public_key(key.public_key).public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    digest = hashlib.sha256(spki).hexdigest().upper()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def jwk(key: SealKey) -> dict:
    numbers = keystore.load_public_key(key.public_key).public_numbers()
    entry = {
        "kty": "EC",
        "crv": "P-256",
        "x": _b64url(numbers.x),
        "y": _b64url(numbers.y),
        "kid": key.kid,
        "alg": "ES256",
        "use": "sig",
        "signs_from": _iso(key.signs_from),
        "signs_until": _iso(key.signs_until),
    }
    if key.retired:
        entry["retired"] = _iso(key.retired_at)
    return entry


def key_set(keys) -> dict:
    """``keys`` holds the keys to trust; retired ones are listed apart, in ``retired_keys``, so
    a verifier that reads only ``keys`` (any JWK Set client) never trusts them, while ours can
    say why a seal fails."""
    return {
        "issuer": codec.official_host(),
        "keys": [jwk(key) for key in keys if not key.retired],
        "retired_keys": [jwk(key) for key in keys if key.retired],
    }
