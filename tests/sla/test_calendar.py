"""The working calendar: days off, holidays, and deadlines in working days."""

import datetime

import jdatetime
import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from sla import calendar
from sla.calendar import add_working_days, is_working_day, working_days_between
from tests.sla.conftest import tehran
from tests.sla.factories import HolidayFactory


def jalali(year, month, day) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


def holidays(*dates, title="تعطیل رسمی"):
    for date in dates:
        HolidayFactory(date=date, title=title)


@pytest.fixture
def nowruz_1405(db):
    """29 Esfand 1404 and the holidays of Farvardin 1405."""
    holidays(jalali(1404, 12, 29), *(jalali(1405, 1, day) for day in (1, 2, 3, 4, 12, 13)))


@pytest.fixture
def nowruz_1404(db):
    """29 Esfand 1403 (a leap year: Esfand has 30 days) and Nowruz 1404."""
    holidays(jalali(1403, 12, 29), *(jalali(1404, 1, day) for day in (1, 2, 3, 4)))


# --- is_working_day ---------------------------------------------------------------------------
def test_friday_is_a_day_off_and_saturday_a_working_day(db, fridays_only):
    assert not is_working_day(datetime.date(2026, 11, 27))  # Friday 1405/09/06
    assert is_working_day(datetime.date(2026, 11, 28))  # Saturday


def test_thursday_is_a_day_off_when_configured(db, thursdays_and_fridays):
    assert not is_working_day(datetime.date(2026, 11, 26))  # Thursday 1405/09/05
    assert is_working_day(datetime.date(2026, 11, 25))


def test_an_official_holiday_is_not_a_working_day(db, fridays_only):
    holidays(jalali(1405, 11, 22))
    assert not is_working_day(jalali(1405, 11, 22))


def test_an_unknown_day_name_in_the_setting_is_a_configuration_error(settings):
    settings.WEEKLY_DAYS_OFF = ["jomeh"]
    with pytest.raises(ImproperlyConfigured):
        calendar.weekly_days_off()


# --- add_working_days -------------------------------------------------------------------------
def test_a_deadline_is_the_end_of_the_local_working_day(db, fridays_only):
    deadline = add_working_days(tehran(2026, 11, 24, 10, 0), 1)  # Tuesday
    assert deadline == tehran(2026, 11, 25, 23, 59, 59, 999999)
    assert str(deadline.tzinfo) == "Asia/Tehran"


def test_days_are_counted_from_the_local_date_not_the_utc_date(db, fridays_only):
    # 21:00 UTC on Tuesday is already 00:30 on Wednesday in Tehran.
    start = datetime.datetime(2026, 11, 24, 21, 0, tzinfo=datetime.UTC)
    assert add_working_days(start, 1) == tehran(2026, 11, 26, 23, 59, 59, 999999)


def test_fridays_are_skipped(db, fridays_only):
    # Thursday + 1 working day: Friday is off, so Saturday.
    assert add_working_days(tehran(2026, 11, 26, 9), 1).date() == datetime.date(2026, 11, 28)


def test_zero_days_is_the_end_of_the_same_working_day(db, fridays_only):
    assert add_working_days(tehran(2026, 11, 25, 9), 0) == tehran(2026, 11, 25, 23, 59, 59, 999999)


def test_zero_days_from_a_day_off_is_the_end_of_the_next_working_day(db, fridays_only):
    assert add_working_days(tehran(2026, 11, 27, 9), 0).date() == datetime.date(2026, 11, 28)


def test_negative_days_are_refused(db):
    with pytest.raises(ValueError, match="negative"):
        add_working_days(tehran(2026, 11, 25, 9), -1)


@pytest.mark.parametrize(
    ("days", "deadline"),
    [
        (1, (1404, 12, 28)),  # Thursday before Nowruz
        (2, (1405, 1, 5)),  # over 29 Esfand, Friday and four days of Nowruz
        (3, (1405, 1, 6)),
        (4, (1405, 1, 8)),  # over the next Friday
    ],
)
def test_deadlines_cross_the_jalali_year_end_over_nowruz(nowruz_1405, fridays_only, days, deadline):
    start = tehran(2026, 3, 18, 10)  # Wednesday 1404/12/27
    assert add_working_days(start, days).date() == jalali(*deadline)


def test_with_thursdays_off_the_year_end_is_crossed_later(nowruz_1405, thursdays_and_fridays):
    assert add_working_days(tehran(2026, 3, 18, 10), 1).date() == jalali(1405, 1, 5)


def test_esfand_30_of_a_leap_year_is_a_working_day(nowruz_1404, fridays_only):
    start = datetime.datetime.combine(
        jalali(1403, 12, 28), datetime.time(10), tzinfo=tehran(2025, 1, 1).tzinfo
    )
    assert add_working_days(start, 1).date() == jalali(1403, 12, 30)
    assert add_working_days(start, 2).date() == jalali(1404, 1, 5)


def test_a_run_of_holidays_and_a_friday_is_skipped_whole(nowruz_1405, fridays_only):
    start = tehran(2026, 3, 31, 12)  # Tuesday 1405/01/11; 12 and 13 are holidays, 14 is Friday
    assert add_working_days(start, 1).date() == jalali(1405, 1, 15)


def test_a_run_of_holidays_longer_than_the_first_look_ahead_is_skipped(db, fridays_only):
    first = datetime.date(2027, 1, 2)
    holidays(*(first + datetime.timedelta(days=offset) for offset in range(60)))
    deadline = add_working_days(tehran(2027, 1, 1, 9), 1)
    assert deadline.date() == first + datetime.timedelta(days=60)


# --- working_days_between -----------------------------------------------------------------------
def test_the_same_day_counts_no_working_day(db, fridays_only):
    assert working_days_between(tehran(2026, 11, 24, 8), tehran(2026, 11, 24, 17)) == 0


def test_an_end_before_the_start_counts_no_working_day(db, fridays_only):
    assert working_days_between(tehran(2026, 11, 24, 8), tehran(2026, 11, 20, 8)) == 0


def test_working_days_between_skip_fridays_and_holidays(nowruz_1405, fridays_only):
    # From Wednesday 1404/12/27 to Saturday 1405/01/08: 12/28, 01/05, 01/06, 01/08.
    assert working_days_between(tehran(2026, 3, 18, 10), tehran(2026, 3, 28, 9)) == 4


def test_a_week_has_six_working_days_or_five_with_thursdays_off(db, settings):
    start, end = tehran(2026, 11, 21, 9), tehran(2026, 11, 28, 9)  # Saturday to Saturday
    settings.WEEKLY_DAYS_OFF = ["friday"]
    assert working_days_between(start, end) == 6
    settings.WEEKLY_DAYS_OFF = ["thursday", "friday"]
    assert working_days_between(start, end) == 5


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    start=st.datetimes(
        min_value=datetime.datetime(2026, 3, 1), max_value=datetime.datetime(2026, 4, 30)
    ),
    days=st.integers(min_value=1, max_value=40),
)
def test_counting_back_from_a_deadline_gives_the_days_added(nowruz_1405, fridays_only, start, days):
    start = start.replace(tzinfo=tehran(2026, 1, 1).tzinfo)
    deadline = add_working_days(start, days)
    assert working_days_between(start, deadline) == days
    assert is_working_day(deadline.date())


# --- the pure arithmetic, property-based ---------------------------------------------------------
dates = st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2028, 12, 31))
days_off_sets = st.frozensets(st.integers(min_value=0, max_value=6), max_size=6)


def brute_count(first, last, days_off, holiday_set):
    day, count = first, 0
    while day <= last:
        count += calendar.is_working(day, days_off=days_off, holidays=holiday_set)
        day += datetime.timedelta(days=1)
    return count


@given(
    first=dates,
    length=st.integers(min_value=-3, max_value=800),
    days_off=days_off_sets,
    offsets=st.sets(st.integers(min_value=-10, max_value=810), max_size=60),
)
def test_counting_working_days_agrees_with_walking_day_by_day(first, length, days_off, offsets):
    holiday_set = {first + datetime.timedelta(days=offset) for offset in offsets}
    last = first + datetime.timedelta(days=length)
    assert calendar.count_working_days(
        first, last, days_off=days_off, holidays=holiday_set
    ) == brute_count(first, last, days_off, holiday_set)


@given(
    first=dates,
    n=st.integers(min_value=1, max_value=120),
    days_off=days_off_sets,
    offsets=st.sets(st.integers(min_value=0, max_value=400), max_size=80),
)
def test_the_nth_working_day_is_a_working_day_with_n_working_days_up_to_it(
    first, n, days_off, offsets
):
    holiday_set = {first + datetime.timedelta(days=offset) for offset in offsets}
    day = calendar.nth_working_day(first, n, days_off=days_off, holidays=holiday_set)
    assert day is not None
    assert calendar.is_working(day, days_off=days_off, holidays=holiday_set)
    assert calendar.count_working_days(first, day, days_off=days_off, holidays=holiday_set) == n


@given(first=dates, a=st.integers(0, 300), b=st.integers(0, 300), days_off=days_off_sets)
def test_working_days_of_two_adjacent_ranges_add_up(first, a, b, days_off):
    middle = first + datetime.timedelta(days=a)
    last = middle + datetime.timedelta(days=b)
    count = calendar.count_working_days
    assert count(first, last, days_off=days_off, holidays=set()) == count(
        first, middle, days_off=days_off, holidays=set()
    ) + count(middle + datetime.timedelta(days=1), last, days_off=days_off, holidays=set())
