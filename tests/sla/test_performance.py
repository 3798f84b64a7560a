"""Performance figures computed from recorded rows, and the arithmetic behind them."""

import datetime
import itertools
import statistics
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from sla import services
from sla.models import Measurement
from sla.performance import build_report, jalali_months, percentile_cont
from tests.sla.conftest import tehran

TODAY = datetime.date(2026, 11, 26)  # 1405/09/05


def record(service, kind, day, value, met=None):
    return services.measurement_record(
        service=service,
        kind=kind,
        occurred_at=datetime.datetime.combine(
            day, datetime.time(10), tzinfo=tehran(2026, 1, 1).tzinfo
        ),
        value=value,
        met_deadline=met,
    )


def days_ago(days):
    return TODAY - datetime.timedelta(days=days)


def row(report, measure, service=None):
    item = (
        report.services[0]
        if service is None
        else next(i for i in report.services if i.service == service)
    )
    return next(r for r in item.rows if r.measure == measure)


# --- the arithmetic ---------------------------------------------------------------------------------
def expand(counts):
    return sorted(value for value, count in counts.items() for _ in range(count))


def reference_percentile(values, fraction):
    """percentile_cont by its definition: interpolate between the ranks around (n-1)·p."""
    position = (len(values) - 1) * Decimal(str(fraction))
    lower = int(position)
    upper = min(lower + 1, len(values) - 1)
    return values[lower] + (values[upper] - values[lower]) * (position - lower)


@given(
    counts=st.dictionaries(
        st.integers(0, 40).map(Decimal), st.integers(1, 30), min_size=1, max_size=15
    ),
    fraction=st.sampled_from([0.1, 0.25, 0.5, 0.9, 0.95]),
)
def test_the_percentile_of_counted_values_is_the_percentile_of_the_values(counts, fraction):
    assert percentile_cont(counts, fraction) == reference_percentile(expand(counts), fraction)


def test_the_median_matches_the_textbook_median():
    counts = {Decimal(1): 2, Decimal(4): 1, Decimal(9): 3}
    assert percentile_cont(counts, 0.5) == Decimal(str(statistics.median(expand(counts))))


def test_no_values_have_no_percentile():
    assert percentile_cont({}, 0.5) is None


def test_the_last_twelve_jalali_months_end_with_the_current_one():
    months = jalali_months(TODAY)
    assert len(months) == 12
    assert months[-1] == (datetime.date(2026, 11, 22), datetime.date(2026, 12, 21), "1405-09")
    assert months[0][2] == "1404-10"
    # Esfand 1404 has 29 days; the months tile the year without gaps.
    for (_, last, _), (first, _, _) in itertools.pairwise(months):
        assert first == last + datetime.timedelta(days=1)


# --- figures from recorded rows ---------------------------------------------------------------------
@pytest.mark.django_db
def test_on_time_shares_and_answer_times_come_from_the_recorded_answers(certificate_service):
    for value, met in [(2, True), (3, True), (5, True), (9, False)]:
        record(certificate_service, "inquiry_answered", days_ago(3), value, met)
    record(certificate_service, "inquiry_answered", days_ago(60), 12, False)

    with translation.override("en"):
        report = build_report(services=[certificate_service], today=TODAY)
    on_time = row(report, "inquiry_on_time")
    assert [c.value for c in on_time.cells] == [Decimal("75.0"), Decimal("60.0"), Decimal("60.0")]
    assert [c.records for c in on_time.cells] == [4, 5, 5]
    assert on_time.promise == "within 7 working day(s)"
    days = row(report, "inquiry_days")
    assert (days.cells[0].value, days.cells[0].second) == (Decimal("4.0"), Decimal("7.8"))
    assert (days.cells[1].value, days.cells[1].second) == (Decimal("5.0"), Decimal("10.8"))


@pytest.mark.django_db
def test_an_empty_period_has_no_figure_instead_of_zero(certificate_service):
    record(certificate_service, "feedback_answered", days_ago(200), 4, True)
    report = build_report(services=[certificate_service], today=TODAY)
    cells = row(report, "feedback_on_time").cells
    assert [c.value for c in cells] == [None, None, Decimal("100.0")]
    assert [c.records for c in cells] == [0, 0, 1]


@pytest.mark.django_db
def test_online_checks_add_up_daily_totals_within_each_period(certificate_service):
    for days, total in [(0, 100), (1, 50), (45, 7), (364, 3), (365, 1000)]:
        services.measurement_set_daily_total(
            service=certificate_service, kind="online_checks", day=days_ago(days), value=total
        )
    report = build_report(services=[certificate_service], today=TODAY)
    assert [c.value for c in row(report, "online_checks").cells] == [150, 157, 160]


@pytest.mark.django_db
def test_satisfaction_is_the_average_score_of_the_period(service):
    for score in (5, 4, 4, 2):
        record(service, "satisfaction", days_ago(1), score)
    cell = row(build_report(services=[service], today=TODAY), "satisfaction").cells[0]
    assert (cell.value, cell.records) == (Decimal("3.75"), 4)


@pytest.mark.django_db
def test_months_without_records_have_no_figure(certificate_service):
    record(certificate_service, "inquiry_answered", days_ago(2), 1, True)
    record(certificate_service, "inquiry_answered", days_ago(2), 8, False)
    months = build_report(services=[certificate_service], today=TODAY).services[0].months
    assert months[-1].inquiries_on_time.value == Decimal("50.0")
    assert months[-2].inquiries_on_time.value is None
    assert months[-1].checks.value is None


@pytest.mark.django_db
def test_a_service_with_neither_records_nor_promises_has_no_rows(service):
    from tests.sla.factories import published_version

    published_version()  # a version without any commitment
    item = build_report(services=[service], today=TODAY).services[0]
    assert item.rows == []
    assert item.is_empty


@pytest.mark.django_db
def test_the_percentiles_agree_with_postgresql_percentile_cont(certificate_service):
    values = [1, 1, 2, 3, 3, 3, 4, 6, 7, 7, 8, 10, 11, 14]
    for offset, value in enumerate(values):
        record(certificate_service, "feedback_answered", days_ago(offset % 20), value, value <= 10)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY value),"
            " percentile_cont(0.9) WITHIN GROUP (ORDER BY value)"
            " FROM sla_measurement WHERE service_id = %s AND kind = %s",
            [certificate_service.pk, Measurement.Kind.FEEDBACK_ANSWERED],
        )
        median, p90 = cursor.fetchone()
    cell = row(build_report(services=[certificate_service], today=TODAY), "feedback_days").cells[0]
    assert cell.value == Decimal(str(median)).quantize(Decimal("0.1"))
    assert cell.second == Decimal(str(p90)).quantize(Decimal("0.1"))
