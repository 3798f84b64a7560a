"""Private keys at rest: encrypted in the database, which every host reads.

The key-encryption key comes from the file named by ``SEAL_KEY_FILE`` when set (production: a
secret kept apart from the database and from ``SECRET_KEY``), else it is derived from
``SECRET_KEY`` (development and the demo). A database dump alone never yields a signing key.
"""

import os
from functools import cache

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

NONCE_BYTES = 12


class KeyUnreadable(Exception):
    """A stored private key that this host's key-encryption key cannot open."""


@cache
def _key_encryption_key(secret: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"certificate-seal-keys"
    ).derive(secret)


def _secret() -> bytes:
    if settings.SEAL_KEY_FILE:
        try:
            with open(settings.SEAL_KEY_FILE, "rb") as handle:
                secret = handle.read().strip()
        except OSError as error:
            raise ImproperlyConfigured(f"SEAL_KEY_FILE is unreadable: {error}") from None
        if len(secret) < 32:
            raise ImproperlyConfigured("SEAL_KEY_FILE must hold at least 32 bytes of secret.")
        return secret
    return settings.SECRET_KEY.encode()


def new_key_pair() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def public_pem(private_key: ec.EllipticCurvePrivateKey) -> str:
    return (
        private_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def encrypt_private_key(private_key: ec.EllipticCurvePrivateKey, *, kid: str) -> bytes:
    """nonce + AES-256-GCM(PKCS#8 DER), bound to the key id."""
    der = private_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(_key_encryption_key(_secret())).encrypt(nonce, der, kid.encode())


def decrypt_private_key(blob: bytes, *, kid: str) -> ec.EllipticCurvePrivateKey:
    blob = bytes(blob)
    try:
        der = AESGCM(_key_encryption_key(_secret())).decrypt(
            blob[:NONCE_BYTES], blob[NONCE_BYTES:], kid.encode()
        )
    except Exception:
        raise KeyUnreadable(
            f"Seal key {kid} cannot be decrypted here: SEAL_KEY_FILE (or SECRET_KEY) differs "
            "from the one it was stored with."
        ) from None
    return serialization.load_der_private_key(der, password=None)


def load_public_key(pem: str) -> ec.EllipticCurvePublicKey:
    return serialization.load_pem_public_key(pem.encode())
