"""Reads of the certificates app."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet

from certificates.models import (
    ApiKey,
    BulkCheck,
    Certificate,
    Inquiry,
    Organisation,
    Standard,
    TrainingCentre,
)
from certificates.models.organisations import hash_key

# The check's one lookup, written out: compiling the same three-way select_related query on
# every check cost more than a millisecond of Python, most of the check's time.
_CERTIFICATE_FOR_CHECK = """
    SELECT c.*,
           s.code AS standard__code, s.title AS standard__title, s.title_en AS standard__title_en,
           t.name AS centre__name, t.city AS centre__city, t.province AS centre__province,
           t.kind AS centre__kind, r.number AS successor__number
    FROM certificates_certificate c
    JOIN certificates_standard s ON s.id = c.standard_id
    LEFT JOIN certificates_trainingcentre t ON t.id = c.training_centre_id
    LEFT JOIN certificates_certificate r ON r.id = c.replaced_by_id
    WHERE {condition}
"""


def _certificate_with_relations(condition: str, params: list) -> Certificate | None:
    rows = list(Certificate.objects.raw(_CERTIFICATE_FOR_CHECK.format(condition=condition), params))
    if not rows:
        return None
    certificate = rows[0]
    certificate.standard = Standard(
        id=certificate.standard_id,
        code=certificate.standard__code,
        title=certificate.standard__title,
        title_en=certificate.standard__title_en,
    )
    certificate.training_centre = (
        TrainingCentre(
            id=certificate.training_centre_id,
            name=certificate.centre__name,
            city=certificate.centre__city,
            province=certificate.centre__province,
            kind=certificate.centre__kind,
        )
        if certificate.training_centre_id
        else None
    )
    certificate.replaced_by = (
        Certificate(id=certificate.replaced_by_id, number=certificate.successor__number)
        if certificate.replaced_by_id
        else None
    )
    return certificate


def certificate_for_check(*, number: str, national_id: str) -> Certificate | None:
    """The certificate matching both halves, with what a result page shows of it."""
    return _certificate_with_relations(
        "c.number = %s AND c.national_id = %s", [number, national_id]
    )


def certificate_for_token(*, token: str) -> Certificate | None:
    return _certificate_with_relations("c.token = %s", [token])


def inquiry_for_receipt(*, code: str) -> Inquiry | None:
    return (
        Inquiry.objects.select_related(
            "certificate__standard", "certificate__training_centre", "certificate__replaced_by"
        )
        .filter(receipt_code=code)
        .first()
    )


def api_key_for(*, key: str) -> ApiKey | None:
    """The active key presented by an API client, or None (unknown, revoked, inactive)."""
    if not key.startswith("sd_"):
        return None
    return (
        ApiKey.objects.select_related("organisation")
        .filter(key_hash=hash_key(key), revoked__isnull=True, organisation__active=True)
        .first()
    )


def organisation_of(user) -> Organisation | None:
    """The organisation a signed-in user acts for, if any."""
    if not user.is_authenticated:
        return None
    try:
        membership = user.membership
    except ObjectDoesNotExist:
        return None
    if not membership.organisation.active:
        return None
    return membership.organisation


def inquiries_of(*, organisation: Organisation) -> QuerySet[Inquiry]:
    return (
        Inquiry.objects.filter(organisation=organisation)
        .select_related("certificate__standard")
        .order_by("-created")
    )


def bulk_checks_of(*, organisation: Organisation) -> QuerySet[BulkCheck]:
    return BulkCheck.objects.filter(organisation=organisation).select_related("user")
