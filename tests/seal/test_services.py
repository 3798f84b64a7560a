"""Keys: created, rotated with an overlap, retired; private halves encrypted at rest."""

import datetime
from unittest import mock

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from certificates.seal import keystore, selectors, services
from certificates.seal.models import SealKey
from tests.seal.conftest import key_set
from tests.seal.independent import NotGenuine, verify

ISSUER = "127.0.0.1"


def _later(days):
    return mock.patch(
        "django.utils.timezone.now",
        return_value=timezone.now() + datetime.timedelta(days=days),
    )


def test_rotation_publishes_the_successor_first_and_keeps_old_seals_valid(
    client, seal_key, certificate
):
    old_seal = services.certificate_seal(certificate)
    successor = services.seal_key_rotate(overlap=datetime.timedelta(days=7))

    # During the overlap: both keys published, the old one still signs.
    published = [key["kid"] for key in key_set(client)["keys"]]
    assert published == [seal_key.kid, successor.kid]
    assert services.sealer_current().kid == seal_key.kid
    assert verify(old_seal, key_set(client), issuer=ISSUER)

    with _later(8):
        assert services.sealer_current().kid == successor.kid
        new_seal = services.certificate_seal(certificate)
        keys = key_set(client)
    assert verify(new_seal, keys, issuer=ISSUER)
    assert verify(old_seal, keys, issuer=ISSUER)  # old seals stay valid after the overlap
    seal_key.refresh_from_db()
    assert seal_key.signs_until == successor.signs_from


def test_a_retired_key_is_listed_apart_and_its_seals_no_longer_verify(
    client, seal_key, certificate
):
    seal = services.certificate_seal(certificate)
    services.seal_key_retire(kid=seal_key.kid, reason="leaked")
    keys = key_set(client)
    assert keys["keys"] == []
    assert [key["kid"] for key in keys["retired_keys"]] == [seal_key.kid]
    assert keys["retired_keys"][0]["retired"]
    with pytest.raises(NotGenuine, match="unknown key"):
        verify(seal, keys, issuer=ISSUER)
    with pytest.raises(services.NoSigningKey):
        services.certificate_seal(certificate)


def test_a_new_key_after_a_retired_one_signs_at_once(seal_key, certificate):
    services.seal_key_retire(kid=seal_key.kid, reason="leaked")
    fresh = services.seal_key_create()
    assert selectors.seal_key_signing() == fresh


def test_the_private_key_is_stored_encrypted(seal_key):
    private_key = keystore.decrypt_private_key(seal_key.private_key_encrypted, kid=seal_key.kid)
    der = private_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    stored = bytes(SealKey.objects.get(pk=seal_key.pk).private_key_encrypted)
    assert der not in stored
    assert private_key.private_numbers().private_value.to_bytes(32, "big") not in stored


def test_a_key_file_encrypts_the_keys_and_another_file_cannot_open_them(
    settings, tmp_path, certificate
):
    settings.SEAL_KEY_FILE = str(tmp_path / "seal.key")
    (tmp_path / "seal.key").write_bytes(b"k" * 48)
    key = services.seal_key_create()
    assert services.certificate_seal(certificate)
    (tmp_path / "seal.key").write_bytes(b"x" * 48)
    with pytest.raises(keystore.KeyUnreadable, match=key.kid):
        services.certificate_seal(certificate)
    settings.SEAL_KEY_FILE = ""  # SECRET_KEY instead: not the key it was stored with
    with pytest.raises(keystore.KeyUnreadable):
        services.certificate_seal(certificate)


def test_a_short_key_file_is_refused(settings, tmp_path, db):
    settings.SEAL_KEY_FILE = str(tmp_path / "seal.key")
    (tmp_path / "seal.key").write_bytes(b"short")
    with pytest.raises(ImproperlyConfigured):
        services.seal_key_create()
