"""Writes of the certificates app: checks and their receipts, revocation and replacement.

Every channel (form, QR link, API, bulk, manual) decides a check's outcome with
``verification_outcome`` and records it with ``inquiry_record``: the rule exists once.
"""

import datetime
import io
import secrets
from collections.abc import Iterable
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from certificates import budget, selectors
from certificates.models import ApiKey, Certificate, Inquiry, Membership, Organisation, Outcome
from certificates.models.organisations import hash_key
from servicedesk import prepared
from servicedesk.national_code import mask_national_code
from servicedesk.text import normalize_text

RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud, typed by hand
RECEIPT_LENGTH = 12  # 60 random bits


def _receipt_code(randomness: bytes) -> str:
    # 32 letters divide 256: each random byte picks one uniformly.
    return "".join(RECEIPT_ALPHABET[byte % 32] for byte in randomness)


def new_receipt_code() -> str:
    return _receipt_code(secrets.token_bytes(RECEIPT_LENGTH))


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
    """An unsaved inquiry with its outcome decided (bulk runs use ``answers_build``)."""
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


INQUIRY_COLUMNS = (
    "receipt_code",
    "channel",
    "outcome",
    "certificate_id",
    "organisation_id",
    "checked_number",
    "checked_national_id",
    "language",
    "client_hash",
    "created",
)
# Every check writes one, on both databases the same statement (see servicedesk.prepared).
_INQUIRY_INSERT = (
    f"INSERT INTO certificates_inquiry ({', '.join(INQUIRY_COLUMNS)}) "
    f"VALUES ({', '.join(['%s'] * len(INQUIRY_COLUMNS))}) RETURNING id"
)


def inquiry_record(**fields) -> Inquiry:
    """Decide and record one check (see ``inquiry_build`` for the fields)."""
    inquiry = inquiry_build(**fields)
    inquiry.created = timezone.now()
    values = [getattr(inquiry, column) for column in INQUIRY_COLUMNS]
    values[INQUIRY_COLUMNS.index("created")] = connection.ops.adapt_datetimefield_value(
        inquiry.created
    )
    [(inquiry.pk,)] = prepared.execute("inquiry_record", _INQUIRY_INSERT, values)
    inquiry._state.adding = False
    inquiry._state.db = connection.alias
    return inquiry


class Answer(NamedTuple):
    """A decided check of a bulk run: what its answer shows and the inquiry row it is recorded
    as. A run of 10,000 rows builds no model instance (they cost a third of its time)."""

    receipt_code: str
    outcome: str
    certificate: Certificate | None
    values: tuple  # the inquiry's INQUIRY_COLUMNS, all but ``created``


def answers_build(
    checks: list[tuple],
    *,
    channel: str,
    language: str,
    client: str = "",
    organisation: Organisation | None = None,
    today: datetime.date,
) -> list[Answer]:
    """Decide ``checks`` ((certificate or None, checked number, checked national code) each)
    as ``inquiry_build`` would, with their receipt codes drawn at once."""
    randomness = secrets.token_bytes(RECEIPT_LENGTH * len(checks))
    organisation_id = organisation.pk if organisation is not None else None
    language = language[:8]
    answers = []
    for index, (certificate, number, national_id) in enumerate(checks):
        receipt = _receipt_code(randomness[index * RECEIPT_LENGTH : (index + 1) * RECEIPT_LENGTH])
        outcome = verification_outcome(certificate, today=today)
        values = (
            receipt,
            channel,
            outcome,
            certificate.pk if certificate is not None else None,
            organisation_id,
            number[:64],
            mask_national_code(national_id)[:16],
            language,
            client,
        )
        answers.append(Answer(receipt, outcome, certificate, values))
    return answers


def inquiries_record(answers: Iterable[Answer]) -> None:
    """Record many decided checks at once (PostgreSQL's COPY; elsewhere, bulk inserts)."""
    answers = list(answers)
    if not answers:  # COPY would read the empty text as one row of no values
        return
    now = timezone.now()
    if connection.vendor != "postgresql":
        Inquiry.objects.bulk_create(
            [Inquiry(**dict(zip(INQUIRY_COLUMNS, (*a.values, now), strict=True))) for a in answers],
            batch_size=500,
        )
        return
    # Every value is a code, a digit string or a choice: no tab, line break or backslash.
    created = "\t" + now.isoformat() + "\n"
    text = "".join(
        "\t".join(r"\N" if value is None else str(value) for value in answer.values) + created
        for answer in answers
    )
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY certificates_inquiry ({', '.join(INQUIRY_COLUMNS)}) FROM STDIN",
            io.StringIO(text),
            size=len(text) + 1,
        )


def certificate_verify(
    *,
    number: str,
    national_id: str,
    channel: str,
    language: str,
    client: str = "",
    organisation: Organisation | None = None,
    budget_checked: bool = False,
) -> Inquiry:
    """Check a (number, national code) pair. A wrong number and a wrong national code are the
    same answer, ``not_found``: the check never tells which half was wrong.

    Raises budget.BudgetSpent, recording nothing, when the number (or the organisation) has
    spent its daily budget of checks that matched nothing; ``budget_checked`` when the caller
    has just asked (``budget.client_wait_or_check``)."""
    if not budget_checked:
        budget.check_allowed(number=number, organisation=organisation)
    certificate = selectors.certificate_for_check(number=number, national_id=national_id)
    inquiry = inquiry_record(
        certificate=certificate,
        channel=channel,
        checked_number=number,
        checked_national_id=national_id,
        language=language,
        client=client,
        organisation=organisation,
    )
    if inquiry.outcome == Outcome.NOT_FOUND:
        budget.charge_failure(number=number, channel=channel, organisation=organisation)
    return inquiry


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


# --- organisations and API keys ----------------------------------------------------------------
def organisation_get_or_create(*, name: str) -> tuple[Organisation, bool]:
    return Organisation.objects.get_or_create(name=normalize_text(name))


def member_create(*, organisation: Organisation, username: str) -> tuple[Membership, str]:
    """A new user acting for ``organisation``, with a random password that is returned to be
    shown once: only its hash is kept (staff can set another in admin)."""
    password = secrets.token_urlsafe(12)
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=username, password=password)
        membership = Membership.objects.create(user=user, organisation=organisation)
    return membership, password


def api_key_issue(*, api_key: ApiKey) -> str:
    """Give an unsaved key its secret and save it. Returns the key itself, which is shown once:
    only its hash is kept."""
    key, api_key.prefix = ApiKey.generate()
    api_key.key_hash = hash_key(key)
    api_key.save(force_insert=True)
    return key


def api_key_create(
    *, organisation: Organisation, name: str, requests_per_minute: int = 600
) -> tuple[ApiKey, str]:
    api_key = ApiKey(organisation=organisation, name=name, requests_per_minute=requests_per_minute)
    return api_key, api_key_issue(api_key=api_key)


def api_key_revoke(*, api_key: ApiKey) -> ApiKey:
    if api_key.revoked is None:
        api_key.revoked = timezone.now()
        api_key.save(update_fields=["revoked"])
    return api_key


def api_key_mark_used(*, api_key: ApiKey) -> None:
    """Record the last use, at most once a minute: a busy key must not write on every call."""
    now = timezone.now()
    if api_key.last_used is None or now - api_key.last_used > datetime.timedelta(minutes=1):
        ApiKey.objects.filter(pk=api_key.pk).update(last_used=now)
        api_key.last_used = now
