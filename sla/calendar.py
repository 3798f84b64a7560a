"""The working calendar: every deadline of the portal is counted in its working days.

A working day is a local (Asia/Tehran) date that is neither a weekly day off (the
``WEEKLY_DAYS_OFF`` setting: Friday by default, Thursday too where the directorate closes) nor
an official holiday (``Holiday`` rows, kept by staff). A deadline is the very end of a working
day in local time.

The arithmetic lives in pure functions over a set of holidays, so it is tested on its own;
the public functions fetch the holidays they need with one query per call.
"""

import datetime
from collections.abc import Collection

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from sla.models import Holiday

WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}


def weekly_days_off() -> frozenset[int]:
    """Weekday numbers (Monday 0 … Sunday 6) of the weekly days off."""
    names = getattr(settings, "WEEKLY_DAYS_OFF", ["friday"])
    try:
        return frozenset(WEEKDAYS[name.strip().lower()] for name in names)
    except KeyError as error:
        raise ImproperlyConfigured(
            f"WEEKLY_DAYS_OFF: unknown day {error.args[0]!r}; use English day names."
        ) from None


def local_date(moment: datetime.datetime) -> datetime.date:
    """The date of a moment in the portal's time zone (a naive moment is taken as local)."""
    if timezone.is_naive(moment):
        return moment.date()
    return timezone.localtime(moment).date()


def end_of_day(day: datetime.date) -> datetime.datetime:
    """23:59:59.999999 local time of ``day``, aware."""
    return datetime.datetime.combine(day, datetime.time.max, tzinfo=timezone.get_default_timezone())


# --- pure arithmetic ------------------------------------------------------------------------------
def is_working(day: datetime.date, *, days_off: Collection[int], holidays: Collection) -> bool:
    return day.weekday() not in days_off and day not in holidays


def nth_working_day(
    first: datetime.date, n: int, *, days_off: Collection[int], holidays: Collection
) -> datetime.date:
    """The n-th working day counting from ``first`` inclusive (n >= 1)."""
    if len(days_off) >= 7:
        raise ImproperlyConfigured("WEEKLY_DAYS_OFF leaves no working day in the week.")
    day, found = first, 0
    # Every week has a day that is not a day off, and each holiday can take at most one of
    # them: n + len(holidays) + 1 weeks always hold the n-th working day.
    for _ in range((n + len(holidays) + 1) * 7):
        if is_working(day, days_off=days_off, holidays=holidays):
            found += 1
            if found == n:
                return day
        day += datetime.timedelta(days=1)
    raise AssertionError("unreachable: the bound above always holds the n-th working day")


def count_working_days(
    first: datetime.date, last: datetime.date, *, days_off: Collection[int], holidays: Collection
) -> int:
    """Working days from ``first`` to ``last``, both inclusive (0 when last < first)."""
    if last < first:
        return 0
    total_days = (last - first).days + 1
    full_weeks, rest = divmod(total_days, 7)
    count = full_weeks * (7 - len(days_off))
    day = first + datetime.timedelta(days=full_weeks * 7)
    for offset in range(rest):
        if (day + datetime.timedelta(days=offset)).weekday() not in days_off:
            count += 1
    count -= sum(
        1 for holiday in holidays if first <= holiday <= last and holiday.weekday() not in days_off
    )
    return count


# --- the public interface ---------------------------------------------------------------------
def _holidays(first: datetime.date, last: datetime.date) -> set[datetime.date]:
    return set(Holiday.objects.filter(date__range=(first, last)).values_list("date", flat=True))


def is_working_day(day: datetime.date) -> bool:
    if day.weekday() in weekly_days_off():
        return False
    return not Holiday.objects.filter(date=day).exists()


def add_working_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """The deadline ``days`` working days after ``start``: the end (23:59:59.999999 local time)
    of the ``days``-th working day after start's local date. With ``days=0``, the end of
    start's own day if it is a working day, else of the next working day."""
    if days < 0:
        raise ValueError("days must not be negative")
    days_off = weekly_days_off()
    start_day = local_date(start)
    first, n = (start_day, 1) if days == 0 else (start_day + datetime.timedelta(days=1), days)
    span = n * 2 + 21
    while True:
        last = first + datetime.timedelta(days=span)
        holidays = _holidays(first, last)
        day = nth_working_day(first, n, days_off=days_off, holidays=holidays)
        if day <= last:
            return end_of_day(day)
        # Past the holidays fetched: a long run of holidays, so look further ahead.
        span *= 2


def working_days_between(start: datetime.datetime, end: datetime.datetime) -> int:
    """Working days after start's local date up to and including end's local date; 0 on the
    same day or when end <= start."""
    if end <= start:
        return 0
    first = local_date(start) + datetime.timedelta(days=1)
    last = local_date(end)
    if last < first:
        return 0
    return count_working_days(
        first, last, days_off=weekly_days_off(), holidays=_holidays(first, last)
    )
