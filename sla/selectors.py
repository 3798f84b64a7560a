"""Reads of the sla app: the catalogue, the agreement in force, promises, and the tallies the
performance page is computed from. Querysets come with their related rows already fetched."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    DecimalField,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils import timezone

from servicedesk.text import normalize_code
from sla.calendar import end_of_day
from sla.models import (
    AgreementSection,
    AgreementVersion,
    Commitment,
    DailyTally,
    Service,
    ServiceChannel,
    ServiceRecipient,
)
from sla.search import search_terms


# --- services ---------------------------------------------------------------------------------
def service_get(*, service_id: str) -> Service:
    """One service by its eleven-digit ID, published or not; raises Service.DoesNotExist."""
    return Service.objects.select_related("parent").get(service_id=normalize_code(service_id))


def published_services() -> QuerySet[Service]:
    return Service.objects.filter(is_published=True).select_related("parent")


def service_catalogue(
    *,
    query: str = "",
    recipient: str = "",
    service_type: str = "",
    channel: str = "",
    fully_electronic: bool = False,
) -> QuerySet[Service]:
    """Published services matching every word of ``query`` (Persian-normalised) and the filters,
    with their channels and recipients."""
    services = published_services().prefetch_related("channels", "recipients")
    for term in search_terms(query):
        services = services.filter(search_text__contains=term)
    if recipient:
        services = services.filter(
            pk__in=ServiceRecipient.objects.filter(recipient=recipient).values("service_id")
        )
    if channel:
        services = services.filter(
            pk__in=ServiceChannel.objects.filter(channel=channel).values("service_id")
        )
    if service_type:
        services = services.filter(service_type=service_type)
    if fully_electronic:
        services = services.filter(
            informing_online=True, request_online=True, production_online=True, delivery_online=True
        )
    return services


def service_card(*, service_id: str, include_drafts: bool = False) -> Service:
    """A service with every part of its ID card; drafts only when asked (staff preview)."""
    services = Service.objects.select_related("parent").prefetch_related(
        "steps",
        "documents",
        "legal_references",
        "channels",
        "recipients",
        "faqs",
        Prefetch("sub_services", queryset=Service.objects.filter(is_published=True)),
    )
    if not include_drafts:
        services = services.filter(is_published=True)
    return services.get(service_id=normalize_code(service_id))


def services_for_export() -> QuerySet[Service]:
    return published_services().prefetch_related(
        "steps", "documents", "legal_references", "channels", "recipients", "faqs"
    )


# --- agreement versions -----------------------------------------------------------------------
def _in_force_at(at: datetime.datetime) -> Q:
    return Q(published_at__isnull=False, effective_from__lte=at) & (
        Q(effective_to__isnull=True) | Q(effective_to__gt=at)
    )


def published_versions() -> QuerySet[AgreementVersion]:
    return AgreementVersion.objects.filter(published_at__isnull=False).order_by("-effective_from")


def agreement_version_in_force(*, at: datetime.datetime | None = None) -> AgreementVersion | None:
    return (
        AgreementVersion.objects.filter(_in_force_at(at or timezone.now()))
        .order_by("-effective_from")
        .first()
    )


def agreement_versions_on(*, day: datetime.date) -> list[AgreementVersion]:
    """Every version in force at some moment of the local date ``day`` (two on a day the
    agreement changed)."""
    start = end_of_day(day - datetime.timedelta(days=1))
    return list(
        published_versions()
        .filter(effective_from__lte=end_of_day(day))
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=start))
        .order_by("effective_from")
    )


def agreement_version_get(*, pk: int, include_drafts: bool = False) -> AgreementVersion:
    versions = AgreementVersion.objects.all() if include_drafts else published_versions()
    return versions.get(pk=pk)


def agreement_version_text(*, version: AgreementVersion) -> AgreementVersion:
    """``version`` with its sections and commitments (and their services) fetched."""
    prefetch_related_objects(
        [version],
        Prefetch("sections", queryset=AgreementSection.objects.order_by("order", "id")),
        Prefetch(
            "commitments",
            queryset=Commitment.objects.select_related("service").order_by(
                F("service__service_id").asc(nulls_first=True), "kind", "id"
            ),
        ),
    )
    return version


# --- promises -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Promise:
    """What the agreement in force at a moment promised for one service and kind of work."""

    version: AgreementVersion
    working_days: int | None
    commitment: Commitment


def promise_in_force(*, service: Service, kind: str, at: datetime.datetime) -> Promise | None:
    """The commitment of ``kind`` for ``service`` in the version in force at ``at``, else that
    version's default commitment of the kind (service empty); None when there is neither.

    Callers store the returned version and a deadline from it, so a later version never
    changes a promise already made.
    """
    in_force = Q(version__published_at__isnull=False, version__effective_from__lte=at) & (
        Q(version__effective_to__isnull=True) | Q(version__effective_to__gt=at)
    )
    commitment = (
        Commitment.objects.filter(in_force, kind=kind)
        .filter(Q(service=service) | Q(service__isnull=True))
        .select_related("version")
        .order_by(F("service_id").asc(nulls_last=True), "id")
        .first()
    )
    if commitment is None:
        return None
    return Promise(
        version=commitment.version,
        working_days=commitment.working_days,
        commitment=commitment,
    )


def commitments_in_force(
    *, at: datetime.datetime | None = None
) -> tuple[AgreementVersion | None, dict[tuple[int | None, str], Commitment]]:
    """The version in force and its commitments keyed by (service pk or None, kind); the
    first commitment of a kind wins for "other" promises."""
    version = agreement_version_in_force(at=at)
    if version is None:
        return None, {}
    commitments: dict[tuple[int | None, str], Commitment] = {}
    for commitment in Commitment.objects.filter(version=version).order_by("id"):
        commitments.setdefault((commitment.service_id, commitment.kind), commitment)
    return version, commitments


def commitment_for(
    commitments: dict[tuple[int | None, str], Commitment], service: Service, kind: str
) -> Commitment | None:
    return commitments.get((service.pk, kind)) or commitments.get((None, kind))


# --- performance --------------------------------------------------------------------------------
def tallies_by_period(
    *, service_ids: list[int], today: datetime.date, periods: tuple[int, ...]
) -> list[dict]:
    """Per service, kind and value: records, met and judged counts within each period of the
    last N days (today included). Keys: ``records_<N>``, ``met_<N>``, ``judged_<N>``."""
    longest = max(periods)
    annotations = {}
    for days in periods:
        window = Q(day__gte=today - datetime.timedelta(days=days - 1))
        annotations[f"records_{days}"] = Sum("records", filter=window)
        annotations[f"met_{days}"] = Sum("met", filter=window)
        annotations[f"judged_{days}"] = Sum("judged", filter=window)
    return list(
        DailyTally.objects.filter(
            service_id__in=service_ids,
            day__gte=today - datetime.timedelta(days=longest - 1),
            day__lte=today,
        )
        .order_by()
        .values("service_id", "kind", "value")
        .annotate(**annotations)
    )


def tallies_by_month(
    *, service_ids: list[int], months: list[tuple[datetime.date, datetime.date]]
) -> list[dict]:
    """Per service, kind and month (given as first and last day; ``month`` is its index):
    the records, met, judged counts and the sum of values of the month."""
    month = Case(
        *(
            When(day__range=(first, last), then=Value(index))
            for index, (first, last) in enumerate(months)
        ),
        output_field=IntegerField(),
    )
    return list(
        DailyTally.objects.filter(
            service_id__in=service_ids, day__gte=months[0][0], day__lte=months[-1][1]
        )
        .order_by()
        # One CASE per tally and one GROUP BY: cheaper than a filtered sum per month.
        .annotate(month=month)
        .values("service_id", "kind", "month")
        .annotate(
            month_records=Sum("records"),
            month_met=Sum("met"),
            month_judged=Sum("judged"),
            month_total=Sum(
                F("value") * F("records"),
                output_field=DecimalField(max_digits=20, decimal_places=2),
            ),
        )
    )
