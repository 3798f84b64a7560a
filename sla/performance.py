"""Measured performance against the agreement, computed from the daily tallies.

The database does the heavy part (sums per service, kind and value over a year of tallies, in
two grouped queries); this module turns those few rows into the figures people read: volumes,
on-time shares, exact percentiles (the continuous percentile, as PostgreSQL's
``percentile_cont`` computes it, here from value counts so SQLite gives the same answer), and
average scores. A period without records has no figure: it says so instead of showing zero.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import jdatetime
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sla import selectors
from sla.models import Commitment, Measurement, Service

PERIODS = (30, 90, 365)
MONTHS = 12

Kind = Measurement.Kind


# --- arithmetic ---------------------------------------------------------------------------------
@dataclass
class Histogram:
    """Counts of each recorded value, with how many were judged and met their deadline."""

    counts: dict[Decimal, int] = field(default_factory=dict)
    met: int = 0
    judged: int = 0

    def add(self, value: Decimal, records: int, met: int = 0, judged: int = 0) -> None:
        if records:
            self.counts[value] = self.counts.get(value, 0) + records
        self.met += met
        self.judged += judged

    @property
    def records(self) -> int:
        return sum(self.counts.values())

    @property
    def total(self) -> Decimal:
        return sum((value * count for value, count in self.counts.items()), Decimal(0))

    def mean(self) -> Decimal | None:
        return self.total / self.records if self.records else None

    def on_time_share(self) -> Decimal | None:
        """Met / judged, as a fraction; None when nothing was judged."""
        return Decimal(self.met) / Decimal(self.judged) if self.judged else None

    def percentile(self, fraction: float) -> Decimal | None:
        return percentile_cont(self.counts, fraction)


def percentile_cont(counts: dict[Decimal, int], fraction: float) -> Decimal | None:
    """The continuous percentile of values given with their counts: linear interpolation
    between the two nearest ranks, exactly as PostgreSQL's ``percentile_cont``."""
    total = sum(counts.values())
    if total == 0:
        return None
    position = Decimal(str(fraction)) * (total - 1)
    lower_rank = int(position)  # 0-based ranks
    upper_rank = min(lower_rank + 1, total - 1)
    lower = upper = None
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if lower is None and lower_rank < seen:
            lower = value
        if upper_rank < seen:
            upper = value
            break
    return lower + (position - lower_rank) * (upper - lower)


def _round(value: Decimal | None, places: str = "0.1") -> Decimal | None:
    if value is None:
        return None
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


# --- the calendar of the report -------------------------------------------------------------------
def jalali_months(
    today: datetime.date, count: int = MONTHS
) -> list[tuple[datetime.date, datetime.date, str]]:
    """The last ``count`` Jalali months up to and including today's: (first, last, "YYYY-MM")."""
    current = jdatetime.date.fromgregorian(date=today)
    year, month = current.year, current.month
    months = []
    for _index in range(count):
        first = jdatetime.date(year, month, 1)
        next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
        last = jdatetime.date(next_year, next_month, 1).togregorian() - datetime.timedelta(days=1)
        months.append((first.togregorian(), last, f"{year:04d}-{month:02d}"))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


# --- the report ---------------------------------------------------------------------------------
@dataclass
class Cell:
    """One figure of one period. ``value`` is None when the period has no records."""

    value: Decimal | None
    records: int
    second: Decimal | None = None  # the 90th percentile beside the median
    days: int = 0  # the period: the last ``days`` days


@dataclass
class Row:
    measure: str  # machine name, for the CSV
    label: str
    promise: str
    unit: str  # "count" | "share" | "days" | "score"
    cells: list[Cell]
    promise_in_persian: bool = False  # the promise is the directorate's own words


@dataclass
class Month:
    key: str  # 1405-09
    first: datetime.date
    last: datetime.date
    checks: Cell
    inquiries_on_time: Cell
    feedback_on_time: Cell
    satisfaction: Cell


@dataclass
class ServiceReport:
    service: Service
    rows: list[Row]
    months: list[Month]
    has_checks: bool
    has_inquiries: bool
    has_feedback: bool
    has_satisfaction: bool

    @property
    def is_empty(self) -> bool:
        return not (
            self.has_checks or self.has_inquiries or self.has_feedback or self.has_satisfaction
        )


@dataclass
class Report:
    today: datetime.date
    periods: tuple[int, ...]
    services: list[ServiceReport]
    version: object  # the AgreementVersion in force, or None


LABELS = {
    "online_checks": _("Online checks"),
    "inquiry_on_time": _("Manual inquiries answered within the promised time"),
    "inquiry_days": _("Working days taken to answer a manual inquiry (median)"),
    "feedback_on_time": _("Suggestions and complaints answered within the promised time"),
    "feedback_days": _("Working days taken to answer a suggestion or complaint (median)"),
    "satisfaction": _("Satisfaction (average survey score out of 5)"),
}


def _promise(commitment) -> str:
    return commitment.promise_text() if commitment is not None else ""


def _row(measure: str, commitment, unit: str, cells: list[Cell]) -> Row:
    return Row(
        measure=measure,
        label=str(LABELS[measure]),
        promise=_promise(commitment),
        unit=unit,
        cells=cells,
        promise_in_persian=bool(commitment and commitment.description),
    )


def build_report(
    *,
    services: list[Service],
    today: datetime.date | None = None,
    periods=PERIODS,
    monthly: bool = True,
) -> Report:
    """The figures of ``services`` for each period (and, if ``monthly``, each of the last
    twelve Jalali months), beside the promises of the agreement in force."""
    today = today or timezone.localdate()
    version, commitments = selectors.commitments_in_force()
    ids = [service.pk for service in services]
    months = jalali_months(today) if monthly else []
    by_period: dict[tuple[int, str, int], Histogram] = {}
    by_month: dict[tuple[int, str, int], dict] = {}
    if ids:
        for row in selectors.tallies_by_period(service_ids=ids, today=today, periods=periods):
            for days in periods:
                histogram = by_period.setdefault(
                    (row["service_id"], row["kind"], days), Histogram()
                )
                histogram.add(
                    row["value"],
                    row[f"records_{days}"] or 0,
                    row[f"met_{days}"] or 0,
                    row[f"judged_{days}"] or 0,
                )
        if months:
            for row in selectors.tallies_by_month(
                service_ids=ids, months=[(first, last) for first, last, _key in months]
            ):
                by_month[(row["service_id"], row["kind"], row["month"])] = row

    reports = []
    for service in services:

        def histograms(kind, service=service):
            return [by_period.get((service.pk, kind, days), Histogram()) for days in periods]

        checks = histograms(Kind.ONLINE_CHECKS)
        inquiries = histograms(Kind.INQUIRY_ANSWERED)
        feedback = histograms(Kind.FEEDBACK_ANSWERED)
        scores = histograms(Kind.SATISFACTION)
        promise = {
            kind: selectors.commitment_for(commitments, service, kind)
            for kind in Commitment.Kind.values
        }
        rows = []
        has_checks = checks[-1].records > 0
        # Online checks are shown where they were counted or the service has an availability
        # promise of its own (the default one is about registering suggestions).
        if has_checks or (service.pk, Commitment.Kind.AVAILABILITY) in commitments:
            rows.append(
                _row(
                    "online_checks",
                    promise[Commitment.Kind.AVAILABILITY],
                    "count",
                    [Cell(h.total if h.records else None, h.records) for h in checks],
                )
            )
        for name, histogram_list, commitment_kind in (
            ("inquiry", inquiries, Commitment.Kind.INQUIRY_ANSWER),
            ("feedback", feedback, Commitment.Kind.FEEDBACK_ANSWER),
        ):
            commitment = promise[commitment_kind]
            if histogram_list[-1].records == 0 and commitment is None:
                continue
            rows.append(
                _row(
                    f"{name}_on_time",
                    commitment,
                    "share",
                    [Cell(_round(_share(h)), h.judged) for h in histogram_list],
                )
            )
            rows.append(
                _row(
                    f"{name}_days",
                    commitment,
                    "days",
                    [
                        Cell(_round(h.percentile(0.5)), h.records, _round(h.percentile(0.9)))
                        for h in histogram_list
                    ],
                )
            )
        has_satisfaction = scores[-1].records > 0
        if has_satisfaction or promise[Commitment.Kind.SATISFACTION] is not None:
            rows.append(
                _row(
                    "satisfaction",
                    promise[Commitment.Kind.SATISFACTION],
                    "score",
                    [Cell(_round(h.mean(), "0.01"), h.records) for h in scores],
                )
            )
        for row in rows:
            for days, cell in zip(periods, row.cells, strict=True):
                cell.days = days
        reports.append(
            ServiceReport(
                service=service,
                rows=rows,
                months=_months(service, months, by_month),
                has_checks=has_checks,
                has_inquiries=inquiries[-1].records > 0,
                has_feedback=feedback[-1].records > 0,
                has_satisfaction=has_satisfaction,
            )
        )
    return Report(today=today, periods=tuple(periods), services=reports, version=version)


def _share(histogram: Histogram) -> Decimal | None:
    share = histogram.on_time_share()
    return None if share is None else share * 100


def _months(service, months, by_month) -> list[Month]:
    def figures(kind, index) -> dict:
        return by_month.get((service.pk, kind, index), {})

    def share(data) -> Cell:
        judged = data.get("month_judged") or 0
        value = Decimal(data.get("month_met") or 0) * 100 / judged if judged else None
        return Cell(_round(value), judged)

    def total(data) -> Cell:
        records = data.get("month_records") or 0
        return Cell(data["month_total"] if records else None, records)

    def mean(data) -> Cell:
        records = data.get("month_records") or 0
        return Cell(_round(data["month_total"] / records, "0.01") if records else None, records)

    return [
        Month(
            key=key,
            first=first,
            last=last,
            checks=total(figures(Kind.ONLINE_CHECKS, index)),
            inquiries_on_time=share(figures(Kind.INQUIRY_ANSWERED, index)),
            feedback_on_time=share(figures(Kind.FEEDBACK_ANSWERED, index)),
            satisfaction=mean(figures(Kind.SATISFACTION, index)),
        )
        for index, (first, last, key) in enumerate(months)
    ]
