"""Reads of the certificates app."""

from django.db.models import QuerySet

from certificates.models import Certificate, Inquiry


def inquiry_for_receipt(*, code: str) -> Inquiry | None:
    return (
        Inquiry.objects.select_related(
            "certificate__standard", "certificate__training_centre", "certificate__replaced_by"
        )
        .filter(receipt_code=code)
        .first()
    )


def certificates_for_admin() -> QuerySet[Certificate]:
    return Certificate.objects.select_related("standard", "training_centre", "replaced_by")
