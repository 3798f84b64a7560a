"""The keys that sign seals. Private halves are stored encrypted (see ``keystore``)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SealKey(models.Model):
    """One ECDSA P-256 key pair. It signs from ``signs_from`` until ``signs_until`` (open while
    it is the current key) and verifies for ever after, unless retired (a leaked key): seals it
    signed then verify as ``retired-key``."""

    kid = models.CharField(_("key id"), max_length=32)
    public_key = models.TextField(_("public key (PEM)"))
    # nonce + AES-GCM ciphertext of the PKCS#8 private key; see keystore.py.
    private_key_encrypted = models.BinaryField(_("private key (encrypted)"))
    signs_from = models.DateTimeField(_("signs from"))
    signs_until = models.DateTimeField(_("signs until"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    retired_reason = models.CharField(_("reason for retiring"), max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("seal key")
        verbose_name_plural = _("seal keys")
        ordering = ["-signs_from"]
        constraints = [
            # Every seal names its key by this id.
            models.UniqueConstraint(fields=["kid"], name="seal_sealkey_unique_kid"),
            models.CheckConstraint(
                condition=Q(signs_until__isnull=True) | Q(signs_until__gte=models.F("signs_from")),
                name="seal_sealkey_period_in_order",
            ),
        ]

    def __str__(self):
        return self.kid

    @property
    def retired(self) -> bool:
        return self.retired_at is not None
