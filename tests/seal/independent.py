"""A verifier written from the format alone (cbor2, base45, cryptography), sharing no code with
the portal: what a foreign verifier would write."""

import base64
import zlib

import base45
import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


class NotGenuine(Exception):
    pass


def _number(text: str) -> int:
    return int.from_bytes(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), "big")


def open_seal(seal: str) -> tuple[dict, dict, bytes, bytes, bytes]:
    """(protected header, claims, protected bytes, payload bytes, signature)."""
    assert seal.startswith("SKC1:")
    envelope = cbor2.loads(zlib.decompress(base45.b45decode(seal[len("SKC1:") :])))
    assert isinstance(envelope, cbor2.CBORTag)
    assert envelope.tag == 18  # COSE_Sign1
    protected, _unprotected, payload, signature = envelope.value
    return cbor2.loads(protected), cbor2.loads(payload), protected, payload, signature


def verify(seal: str, jwk_set: dict, *, issuer: str) -> dict:
    """The claims of a genuine seal; NotGenuine otherwise."""
    try:
        header, claims, protected, payload, signature = open_seal(seal)
    except Exception as error:
        raise NotGenuine(f"unreadable: {error!r}") from None
    if header[1] != -7:
        raise NotGenuine("not ES256")
    jwk = next((key for key in jwk_set["keys"] if key["kid"] == header[4].decode()), None)
    if jwk is None:
        raise NotGenuine("unknown key")
    public_key = ec.EllipticCurvePublicNumbers(
        _number(jwk["x"]), _number(jwk["y"]), ec.SECP256R1()
    ).public_key()
    der = encode_dss_signature(
        int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    )
    to_be_signed = cbor2.dumps(["Signature1", protected, b"", payload])
    try:
        public_key.verify(der, to_be_signed, ec.ECDSA(hashes.SHA256()))
    except Exception:
        raise NotGenuine("bad signature") from None
    if claims[1] != issuer:
        raise NotGenuine("another issuer")
    return claims
