"""Reads of the certificates app."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
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
from servicedesk import prepared, replicas
from sla.models import Service
from sla.selectors import service_get

# The check's one lookup, written out once for both databases and, on PostgreSQL, prepared once
# per connection: compiling the three-way select_related query cost a millisecond of Python on
# every check, and planning it as long as running it.
_CERTIFICATE_COLUMNS = tuple(field.attname for field in Certificate._meta.concrete_fields)
_CERTIFICATE_FOR_CHECK = f"""
    SELECT {", ".join("c." + column for column in _CERTIFICATE_COLUMNS)},
           s.code, s.title, s.title_en, t.name, t.city, t.province, t.kind, r.number
    FROM certificates_certificate c
    JOIN certificates_standard s ON s.id = c.standard_id
    LEFT JOIN certificates_trainingcentre t ON t.id = c.training_centre_id
    LEFT JOIN certificates_certificate r ON r.id = c.replaced_by_id
    WHERE {{condition}}
"""
_CERTIFICATE_WIDTH = len(_CERTIFICATE_COLUMNS)


class _CertificateRows:
    """Certificates with their standard, centre and successor from rows of the query above.

    A standard or centre met again is the same (read-only) object: a bulk run of 10,000 rows
    names a few hundred of them."""

    def __init__(self):
        self.standards: dict[int, Standard] = {}
        self.centres: dict[int, TrainingCentre] = {}

    def certificate(self, row: tuple) -> Certificate:
        certificate = prepared.instance(Certificate, _CERTIFICATE_COLUMNS, row[:_CERTIFICATE_WIDTH])
        code, title, title_en, name, city, province, kind, successor = row[_CERTIFICATE_WIDTH:]
        standard = self.standards.get(certificate.standard_id)
        if standard is None:
            standard = self.standards[certificate.standard_id] = Standard(
                id=certificate.standard_id, code=code, title=title, title_en=title_en
            )
        certificate.standard = standard
        centre = None
        if certificate.training_centre_id:
            centre = self.centres.get(certificate.training_centre_id)
            if centre is None:
                centre = self.centres[certificate.training_centre_id] = TrainingCentre(
                    id=certificate.training_centre_id,
                    name=name,
                    city=city,
                    province=province,
                    kind=kind,
                )
        certificate.training_centre = centre
        certificate.replaced_by = (
            Certificate(id=certificate.replaced_by_id, number=successor)
            if certificate.replaced_by_id
            else None
        )
        return certificate


def certificate_service() -> Service | None:
    """The service the certificate pages and manual inquiries belong to
    (``settings.CERTIFICATE_SERVICE_ID``): its ID card, survey, feedback form and promises."""
    try:
        return service_get(service_id=settings.CERTIFICATE_SERVICE_ID)
    except Service.DoesNotExist:
        return None


def _certificate_with_relations(statement: str, condition: str, params: list):
    rows = prepared.execute(statement, _CERTIFICATE_FOR_CHECK.format(condition=condition), params)
    return _CertificateRows().certificate(rows[0]) if rows else None


def certificate_for_check(*, number: str, national_id: str) -> Certificate | None:
    """The certificate matching both halves, with what a result page shows of it."""
    return _certificate_with_relations(
        "certificate_for_check",
        "c.number = %s AND c.national_id = %s",
        [number, national_id],
    )


def certificate_for_token(*, token: str) -> Certificate | None:
    return _certificate_with_relations("certificate_for_token", "c.token = %s", [token])


def certificates_by_number(numbers: list[str]) -> dict[str, Certificate]:
    """The certificates with these numbers (a bulk run's), with standard, centre and successor,
    in one query (10,000 numbers: a quarter less time than the ORM's select_related)."""
    any_of, params = prepared.any_of(numbers)
    with connection.cursor() as cursor:
        cursor.execute(_CERTIFICATE_FOR_CHECK.format(condition=f"c.number {any_of}"), params)
        rows = cursor.fetchall()
    build = _CertificateRows().certificate
    return {certificate.number: certificate for certificate in map(build, rows)}


def inquiry_for_receipt(*, code: str) -> Inquiry | None:
    """The check behind a receipt; a receipt made a moment ago that a lagging read replica does
    not have yet is read from the primary."""
    inquiries = Inquiry.objects.select_related(
        "certificate__standard", "certificate__training_centre", "certificate__replaced_by"
    ).filter(receipt_code=code)
    inquiry = inquiries.first()
    if inquiry is None and replicas.reading():
        inquiry = inquiries.using("default").first()
    return inquiry


_API_KEY_COLUMNS = tuple(field.attname for field in ApiKey._meta.concrete_fields)
_ORGANISATION_COLUMNS = tuple(field.attname for field in Organisation._meta.concrete_fields)
_API_KEY_FOR = f"""
    SELECT {", ".join("k." + column for column in _API_KEY_COLUMNS)},
           {", ".join("o." + column for column in _ORGANISATION_COLUMNS)}
    FROM certificates_apikey k JOIN certificates_organisation o ON o.id = k.organisation_id
    WHERE k.key_hash = %s AND k.revoked IS NULL AND o.active
"""


def api_key_for(*, key: str) -> ApiKey | None:
    """The active key presented by an API client, or None (unknown, revoked, inactive).

    Every API call asks: on PostgreSQL the question is a prepared statement (see above)."""
    if not key.startswith("sd_"):
        return None
    rows = prepared.execute("api_key_for", _API_KEY_FOR, [hash_key(key)])
    if not rows:
        return None
    width = len(_API_KEY_COLUMNS)
    api_key = prepared.instance(ApiKey, _API_KEY_COLUMNS, rows[0][:width])
    api_key.organisation = prepared.instance(Organisation, _ORGANISATION_COLUMNS, rows[0][width:])
    return api_key


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
