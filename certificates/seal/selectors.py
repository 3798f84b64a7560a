"""Reads of seal keys and of what an online check of a seal may learn."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from certificates.models import Certificate
from certificates.seal.models import SealKey


def seal_keys_published() -> QuerySet[SealKey]:
    """Every key a verifier needs: those that sign or signed (retired ones are marked)."""
    return SealKey.objects.order_by("signs_from", "kid")


def seal_key_signing(*, now: datetime.datetime | None = None) -> SealKey | None:
    """The key that signs seals now: in its period, not retired; the newest if periods meet."""
    now = now or timezone.now()
    return (
        SealKey.objects.filter(retired_at__isnull=True, signs_from__lte=now)
        .filter(Q(signs_until__isnull=True) | Q(signs_until__gt=now))
        .order_by("-signs_from")
        .first()
    )


def certificates_for_sealing(*, numbers: list[str] | None = None) -> QuerySet[Certificate]:
    queryset = Certificate.objects.select_related("standard", "training_centre").order_by("number")
    return queryset if numbers is None else queryset.filter(number__in=numbers)


def certificates_of_import(*, source: str) -> QuerySet[Certificate] | None:
    """The certificates the latest import of the file named ``source`` created or changed (its
    history entries share one moment and the reason "import: <file name>"); None if none."""
    history = Certificate.history.model.objects.filter(
        history_change_reason__endswith=f": {source}"
    )
    moment = history.order_by("-history_date").values_list("history_date", flat=True).first()
    if moment is None:
        return None
    return certificates_for_sealing().filter(
        id__in=history.filter(history_date=moment).values("id")
    )
