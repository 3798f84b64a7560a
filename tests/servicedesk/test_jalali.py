import datetime

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from servicedesk.jalali import format_date, jalali_iso, parse_jalali_date
from servicedesk.text import to_persian_digits


def test_it_reads_jalali_dates_in_persian_digits():
    assert parse_jalali_date("۱۴۰۵/۰۹/۰۵") == datetime.date(2026, 11, 26)


def test_it_reads_dashes_and_single_digit_months():
    assert parse_jalali_date("1405-9-5") == datetime.date(2026, 11, 26)


@pytest.mark.parametrize(
    "text", ["1404/12/30", "1405/13/01", "1405/00/10", "05/09/1405", "hello", ""]
)
def test_it_refuses_what_is_not_a_jalali_date(text):
    with pytest.raises(ValueError):
        parse_jalali_date(text)


def test_it_accepts_esfand_30_in_a_leap_year():
    assert parse_jalali_date("1403/12/30") == datetime.date(2025, 3, 20)


@given(st.dates(min_value=datetime.date(1930, 1, 1), max_value=datetime.date(2100, 1, 1)))
def test_iso_jalali_round_trips(day):
    assert parse_jalali_date(jalali_iso(day)) == day
    assert parse_jalali_date(to_persian_digits(jalali_iso(day))) == day


def test_persian_pages_show_jalali_with_persian_digits():
    with translation.override("fa"):
        assert format_date(datetime.date(2026, 11, 26)) == "۵ آذر ۱۴۰۵"
        assert format_date(datetime.date(2026, 11, 26), short=True) == "۱۴۰۵/۰۹/۰۵"


def test_english_pages_show_gregorian_with_jalali_alongside():
    with translation.override("en"):
        assert format_date(datetime.date(2026, 11, 26)) == "26 Nov 2026 (1405/09/05)"
