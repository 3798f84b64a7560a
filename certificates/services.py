"""Writes of the certificates app: checks and their receipts, revocation and replacement.

Every channel (form, QR link, API, bulk, manual) decides a check's outcome with
``verification_outcome`` and records it with ``inquiry_record``: the rule exists once.
"""

import datetime
import secrets
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from certificates import selectors
from certificates.models import Certificate, Inquiry, Outcome
from servicedesk.national_code import mask_national_code

RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud, typed by hand
RECEIPT_LENGTH = 12  # 60 random bits


def new_receipt_code() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


def verification_outcome(certificate: Certificate | None, *, today: datetime.date) -> str:
    """The one decision: what a check of ``certificate`` answers on ``today``."""
    if certificate is None:
        return Outcome.NOT_FOUND
    if certificate.status == Certificate.Status.REVOKED:
        return Outcome.REVOKED
    if certificate.status == Certificate.Status.REPLACED:
        return Outcome.REPLACED
    if certificate.valid_until is not None and certificate.valid_until < today:
        return Outcome.EXPIRED
    return Outcome.VALID


def inquiry_build(
    *,
    certificate: Certificate | None,
    channel: str,
    checked_number: str,
    checked_national_id: str,
    language: str,
    client: str = "",
    today: datetime.date | None = None,
    **extra,
) -> Inquiry:
    """An unsaved inquiry with its outcome decided; bulk checks save many at once."""
    outcome = verification_outcome(certificate, today=today or timezone.localdate())
    return Inquiry(
        receipt_code=new_receipt_code(),
        channel=channel,
        outcome=outcome,
        certificate=certificate,
        checked_number=checked_number[:64],
        checked_national_id=mask_national_code(checked_national_id)[:16],
        language=language[:8],
        client_hash=client,
        **extra,
    )


def inquiry_record(**fields) -> Inquiry:
    """Decide and record one check (see ``inquiry_build`` for the fields)."""
    inquiry = inquiry_build(**fields)
    inquiry.save(force_insert=True)
    return inquiry


def inquiries_record(inquiries: Iterable[Inquiry], *, batch_size: int = 2000) -> list[Inquiry]:
    """Save many built inquiries in a few statements."""
    return Inquiry.objects.bulk_create(list(inquiries), batch_size=batch_size)


def certificate_verify(
    *, number: str, national_id: str, channel: str, language: str, client: str = "", **extra
) -> Inquiry:
    """Check a (number, national code) pair. A wrong number and a wrong national code are the
    same answer, ``not_found``: the check never tells which half was wrong."""
    certificate = selectors.certificate_for_check(number=number, national_id=national_id)
    return inquiry_record(
        certificate=certificate,
        channel=channel,
        checked_number=number,
        checked_national_id=national_id,
        language=language,
        client=client,
        **extra,
    )


def certificate_verify_token(*, token: str, language: str, client: str = "") -> Inquiry:
    """Check the certificate behind a QR link."""
    certificate = selectors.certificate_for_token(token=token)
    return inquiry_record(
        certificate=certificate,
        channel=Inquiry.Channel.QR,
        checked_number=certificate.number if certificate else "",
        checked_national_id=certificate.national_id if certificate else "",
        language=language,
        client=client,
    )


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, reason: str, on: datetime.date | None = None
) -> Certificate:
    """Revoke a certificate with a reason; the history keeps who did it and when."""
    if not reason.strip():
        raise ValueError("a revocation needs a reason")
    certificate.status = Certificate.Status.REVOKED
    certificate.status_reason = reason.strip()
    certificate.status_changed_on = on or timezone.localdate()
    certificate._change_reason = reason.strip()
    certificate.save()
    return certificate


@transaction.atomic
def certificate_replace(
    *,
    certificate: Certificate,
    replacement: Certificate,
    reason: str,
    on: datetime.date | None = None,
) -> Certificate:
    """Mark a certificate as replaced by another (e.g. a duplicate issued after a correction)."""
    if not reason.strip():
        raise ValueError("a replacement needs a reason")
    if replacement.pk == certificate.pk:
        raise ValueError("a certificate cannot replace itself")
    certificate.status = Certificate.Status.REPLACED
    certificate.replaced_by = replacement
    certificate.status_reason = reason.strip()
    certificate.status_changed_on = on or timezone.localdate()
    certificate._change_reason = reason.strip()
    certificate.save()
    return certificate
