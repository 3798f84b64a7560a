"""Writes of seals: keys (create, rotate, retire) and sealing certificates."""

import datetime
import secrets
import time

from django.db import transaction
from django.utils import timezone

from certificates.models import Certificate
from certificates.seal import codec, keystore, selectors
from certificates.seal.models import SealKey


class NoSigningKey(Exception):
    """No key signs now: create one with ``python manage.py seal_keys create``."""

    def __str__(self):
        return "No seal key signs now; create one with: python manage.py seal_keys create"


def _new_kid(now: datetime.datetime) -> str:
    # Short (it is in every seal), dated for people, random so two hosts never collide.
    return f"{now:%Y%m}-{secrets.token_hex(3)}"


@transaction.atomic
def seal_key_create(*, signs_from: datetime.datetime | None = None, note: str = "") -> SealKey:
    """A new key pair that signs from ``signs_from`` (now by default); the key signing until
    then stops at that moment and keeps verifying the seals it made."""
    now = timezone.now()
    signs_from = max(signs_from or now, now)
    private_key = keystore.new_key_pair()
    kid = _new_kid(signs_from)
    previous = list(
        SealKey.objects.select_for_update().filter(
            retired_at__isnull=True, signs_until__isnull=True, signs_from__lt=signs_from
        )
    )
    for key in previous:
        key.signs_until = signs_from
        key.save(update_fields=["signs_until"])
    return SealKey.objects.create(
        kid=kid,
        public_key=keystore.public_pem(private_key),
        private_key_encrypted=keystore.encrypt_private_key(private_key, kid=kid),
        signs_from=signs_from,
        note=note[:255],
    )


def seal_key_rotate(*, overlap: datetime.timedelta, note: str = "") -> SealKey:
    """A successor published now that starts signing after ``overlap``: verifiers that refresh
    their key set within the overlap know it before the first seal it signs; the current key
    signs until then and verifies its seals for ever after."""
    return seal_key_create(signs_from=timezone.now() + overlap, note=note or "rotation")


@transaction.atomic
def seal_key_retire(*, kid: str, reason: str) -> SealKey:
    """Withdraw trust in a key (it leaked): it signs no more, and every seal it signed verifies
    as ``retired-key``. Create or rotate to a new key for new seals."""
    key = SealKey.objects.select_for_update().get(kid=kid)
    if key.retired_at is None:
        now = timezone.now()
        key.retired_at = now
        key.retired_reason = reason[:255]
        if key.signs_until is None or key.signs_until > now:
            key.signs_until = max(now, key.signs_from)
        key.save(update_fields=["retired_at", "retired_reason", "signs_until"])
    return key


class Sealer:
    """Seals certificates with one key, decrypted once (a whole registry streams through)."""

    def __init__(self, key: SealKey):
        self.kid = key.kid
        self._private_key = keystore.decrypt_private_key(key.private_key_encrypted, kid=key.kid)

    def seal(self, certificate: Certificate, *, issued_at: int | None = None) -> str:
        payload = codec.seal_payload(certificate, issued_at=issued_at or int(time.time()))
        return codec.sign(payload, kid=self.kid, private_key=self._private_key)


def sealer_current() -> Sealer:
    key = selectors.seal_key_signing()
    if key is None:
        raise NoSigningKey
    return Sealer(key)


def certificate_seal(certificate: Certificate) -> str:
    """The seal of one certificate, signed with the current key."""
    return sealer_current().seal(certificate)
