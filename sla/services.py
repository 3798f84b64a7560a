"""Writes of the sla app: publishing services and agreement versions, holidays, and the
recording interface other apps call (``measurement_record``, ``measurement_set_daily_total``)."""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext

from servicedesk.decoding import decode_text
from servicedesk.jalali import parse_jalali_date
from servicedesk.text import normalize_text
from sla.calendar import local_date
from sla.models import (
    AgreementSection,
    AgreementVersion,
    Commitment,
    DailyTally,
    Holiday,
    Measurement,
    Service,
)

CENT = Decimal("0.01")


class AgreementError(Exception):
    """A rule of agreement versions was broken; the message says which."""


# --- services -------------------------------------------------------------------------------
def service_publish(*, service: Service) -> Service:
    if not service.is_published:
        service.is_published = True
        service.save(update_fields=["is_published", "updated"])
    return service


def service_unpublish(*, service: Service) -> Service:
    if service.is_published:
        service.is_published = False
        service.save(update_fields=["is_published", "updated"])
    return service


# --- agreement versions -------------------------------------------------------------------------
def agreement_version_publish(
    *,
    version: AgreementVersion,
    effective_from: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> AgreementVersion:
    """Publish a draft and close the version before it, in one transaction.

    The version takes effect at ``effective_from`` (else its own, else now), which may not lie
    before the moment of publication: a new agreement is never retroactive. The latest published
    version ends where this one starts.
    """
    now = now or timezone.now()
    with transaction.atomic():
        version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
        if version.is_published:
            raise AgreementError(gettext("This version is already published."))
        start = effective_from or version.effective_from or now
        if start < now:
            raise AgreementError(gettext("A version cannot take effect before it is published."))
        if not version.sections.exists():
            raise AgreementError(gettext("A version needs at least one section."))
        previous = (
            AgreementVersion.objects.select_for_update()
            .filter(published_at__isnull=False)
            .order_by("-effective_from")
            .first()
        )
        if previous is not None:
            if previous.effective_from >= start:
                raise AgreementError(
                    gettext("A version must take effect after the latest published version.")
                )
            # Closing is the one change a published version ever sees.
            AgreementVersion.objects.filter(pk=previous.pk).update(effective_to=start, updated=now)
        AgreementVersion.objects.filter(pk=version.pk).update(
            effective_from=start, published_at=now, updated=now
        )
        _record_history(version_ids=[version.pk], reason=PUBLISHED, at=now)
        if previous is not None:
            _record_history(version_ids=[previous.pk], reason=CLOSED, at=now)
    version.refresh_from_db()
    return version


# Reasons recorded in the history of versions (the staff pages translate them).
PUBLISHED = "published"
CLOSED = "closed by the next version"


def _record_history(*, version_ids: list[int], reason: str, at: datetime.datetime) -> None:
    """The updates above bypass save(), and so the history: record them as a save would (the
    user is the request's, through simple-history's middleware)."""
    AgreementVersion.history.bulk_history_create(
        AgreementVersion.objects.filter(pk__in=version_ids),
        update=True,
        default_change_reason=reason,
        default_date=at,
    )


def agreement_version_copy(*, version: AgreementVersion) -> AgreementVersion:
    """A new draft with the text and commitments of ``version``: how a change begins."""
    with transaction.atomic():
        draft = AgreementVersion.objects.create(
            title=version.title,
            caption=version.caption,
            reference=version.reference,
            reference_date=version.reference_date,
        )
        AgreementSection.objects.bulk_create(
            AgreementSection(version=draft, order=s.order, heading=s.heading, body=s.body)
            for s in version.sections.all()
        )
        Commitment.objects.bulk_create(
            Commitment(
                version=draft,
                service_id=c.service_id,
                kind=c.kind,
                working_days=c.working_days,
                target=c.target,
                description=c.description,
            )
            for c in version.commitments.all()
        )
    return draft


# --- holidays -------------------------------------------------------------------------------
@dataclass
class HolidayImport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def holiday_import_csv(*, data: bytes) -> HolidayImport:
    """Import official holidays from CSV: a header row with ``date`` (Jalali YYYY/MM/DD, Persian
    or Latin digits) and ``title``. All rows or none: a file with a bad row writes nothing and
    lists every bad row. Importing the same file again changes nothing."""
    result = HolidayImport()
    reader = csv.DictReader(io.StringIO(decode_text(data)))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if "date" not in header or "title" not in header:
        result.errors.append((1, gettext("The header row must name the columns date and title.")))
        return result
    reader.fieldnames = header
    rows: dict[datetime.date, str] = {}
    for line, row in enumerate(reader, start=2):
        raw_date, title = (row.get("date") or "").strip(), normalize_text(row.get("title") or "")
        if not raw_date and not title:
            continue
        try:
            day = parse_jalali_date(raw_date)
        except ValueError:
            message = gettext("date: %(value)s is not a Jalali date YYYY/MM/DD.")
            result.errors.append((line, message % {"value": raw_date or "–"}))
            continue
        if not title:
            result.errors.append((line, gettext("title: empty.")))
            continue
        if day in rows:
            message = gettext("date: %(value)s appears twice in the file.")
            result.errors.append((line, message % {"value": raw_date}))
            continue
        rows[day] = title[:200]
    if result.errors:
        return result
    with transaction.atomic():
        existing = {h.date: h for h in Holiday.objects.select_for_update().filter(date__in=rows)}
        for day, title in rows.items():
            holiday = existing.get(day)
            if holiday is None:
                Holiday.objects.create(date=day, title=title)
                result.created += 1
            elif holiday.title != title:
                holiday.title = title
                holiday.save(update_fields=["title", "updated"])
                result.updated += 1
            else:
                result.unchanged += 1
    return result


# --- measurements ---------------------------------------------------------------------------------
def _as_value(value: float | Decimal | int) -> Decimal:
    value = Decimal(str(value)).quantize(CENT)
    if value < 0:
        raise ValueError("a measurement is never negative")
    return value


def _check_kind(kind: str, value: Decimal) -> None:
    if kind not in Measurement.Kind.values:
        raise ValueError(f"unknown kind of measurement {kind!r}")
    if kind == Measurement.Kind.SATISFACTION and not 1 <= value <= 5:
        raise ValueError("a satisfaction score is between 1 and 5")


_TALLY_UPSERT = """
INSERT INTO {table} (service_id, kind, day, value, records, met, judged)
VALUES (%s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (service_id, kind, day, value) DO UPDATE SET
    records = {table}.records + excluded.records,
    met = {table}.met + excluded.met,
    judged = {table}.judged + excluded.judged
"""


def _tally(
    *,
    service_id: int,
    kind: str,
    day: datetime.date,
    value: Decimal,
    met_deadline: bool | None,
) -> None:
    """Count one measurement in its day's tally: one upsert statement."""
    table = connection.ops.quote_name(DailyTally._meta.db_table)
    params = [
        service_id,
        kind,
        day,
        value,
        1,
        int(bool(met_deadline)),
        int(met_deadline is not None),
    ]
    with connection.cursor() as cursor:
        # Both PostgreSQL and SQLite (3.24+) understand this upsert.
        cursor.execute(_TALLY_UPSERT.format(table=table), params)


def _untally(*, service_id: int, kind: str, day: datetime.date, value: Decimal) -> None:
    """Take back one daily total (no deadline) from its day's tally."""
    tally = DailyTally.objects.filter(service_id=service_id, kind=kind, day=day, value=value)
    tally.update(records=F("records") - 1)
    tally.filter(records=0).delete()


def measurement_record(
    *,
    service: Service,
    kind: str,
    occurred_at: datetime.datetime,
    value: float | Decimal = 1,
    met_deadline: bool | None = None,
) -> Measurement:
    """Record one event: an inquiry answered (value = working days taken, met_deadline), a
    suggestion answered (likewise), a satisfaction score (value 1..5), an online check."""
    value = _as_value(value)
    _check_kind(kind, value)
    day = local_date(occurred_at)
    with transaction.atomic():
        measurement = Measurement.objects.create(
            service=service,
            kind=kind,
            occurred_at=occurred_at,
            day=day,
            value=value,
            met_deadline=met_deadline,
        )
        _tally(service_id=service.pk, kind=kind, day=day, value=value, met_deadline=met_deadline)
    return measurement


def measurement_set_daily_total(
    *, service: Service, kind: str, day: datetime.date, value: float | Decimal
) -> Measurement:
    """Set the total of one day (e.g. the online checks of that day); calling it again with a
    new total replaces the old one."""
    value = _as_value(value)
    _check_kind(kind, value)
    lookup = {"service": service, "kind": kind, "day": day, "is_daily_total": True}
    for attempt in range(2):
        try:
            with transaction.atomic():
                measurement = Measurement.objects.select_for_update().filter(**lookup).first()
                if measurement is None:
                    with transaction.atomic():  # a savepoint: a concurrent insert may win
                        measurement = Measurement.objects.create(
                            **lookup,
                            occurred_at=datetime.datetime.combine(
                                day, datetime.time.min, tzinfo=timezone.get_default_timezone()
                            ),
                            value=value,
                        )
                elif measurement.value == value:
                    return measurement
                else:
                    _untally(service_id=service.pk, kind=kind, day=day, value=measurement.value)
                    measurement.value = value
                    measurement.save(update_fields=["value", "updated"])
                _tally(service_id=service.pk, kind=kind, day=day, value=value, met_deadline=None)
                return measurement
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def daily_tally_rebuild(*, service_ids: list[int] | None = None) -> int:
    """Recompute the daily tallies from the measurements, in the database (after a bulk load,
    or should they ever drift); returns how many tallies there are now."""
    with transaction.atomic():
        tallies = DailyTally.objects.all()
        measurements = Measurement.objects.all()
        if service_ids is not None:
            tallies = tallies.filter(service_id__in=service_ids)
            measurements = measurements.filter(service_id__in=service_ids)
        tallies.delete()
        grouped = (
            measurements.order_by()
            .values("service_id", "kind", "day", "value")
            .annotate(
                records=Count("id"),
                met=Count("id", filter=Q(met_deadline=True)),
                judged=Count("id", filter=Q(met_deadline__isnull=False)),
            )
        )
        select, params = grouped.query.sql_with_params()
        table = connection.ops.quote_name(DailyTally._meta.db_table)
        with connection.cursor() as cursor:
            # INSERT … SELECT: the grouping never leaves the database.
            cursor.execute(
                f"INSERT INTO {table} (service_id, kind, day, value, records, met, judged) {select}",
                params,
            )
        return tallies.count()
