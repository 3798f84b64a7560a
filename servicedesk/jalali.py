"""Jalali (Solar Hijri) dates at the edges: the database keeps plain Gregorian dates.

Persian pages show Jalali dates with Persian digits; English pages show the Gregorian date with
the Jalali one alongside. jdatetime does the calendar arithmetic.
"""

import datetime
import re
from functools import lru_cache

import jdatetime
from django.utils import timezone

from servicedesk.language import is_persian
from servicedesk.text import normalize_text, to_persian_digits

_JALALI_DATE = re.compile(r"^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})$")


def to_jalali(value: datetime.date) -> jdatetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return jdatetime.date.fromgregorian(date=value)


def parse_jalali_date(text: str) -> datetime.date:
    """Read ``YYYY/MM/DD`` in Persian or Latin digits as a Jalali date; ValueError if not one."""
    match = _JALALI_DATE.match(normalize_text(text).replace(" ", ""))
    if not match:
        raise ValueError("expected YYYY/MM/DD")
    year, month, day = (int(part) for part in match.groups())
    return jdatetime.date(year, month, day).togregorian()


@lru_cache(maxsize=50_000)
def jalali_iso(value: datetime.date) -> str:
    """1405/09/05, Latin digits: for files and machines (cached: files repeat their dates)."""
    return to_jalali(value).strftime("%Y/%m/%d")


def format_date(value: datetime.date | None, language: str | None = None, *, short=False) -> str:
    """A date as a reader of the current language expects it.

    Persian: ``۵ آذر ۱۴۰۵`` (or ``۱۴۰۵/۰۹/۰۵`` when short). English: ``26 Nov 2026
    (1405/09/05)``, the Jalali date alongside because the documents carry it.
    """
    if value is None:
        return ""
    jalali = to_jalali(value)
    if is_persian(language):
        if short:
            return to_persian_digits(jalali.strftime("%Y/%m/%d"))
        month = jdatetime.date.j_months_fa[jalali.month - 1]
        return to_persian_digits(f"{jalali.day} {month} {jalali.year}")
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    gregorian = value.strftime("%Y-%m-%d" if short else "%-d %b %Y")
    return f"{gregorian} ({jalali.strftime('%Y/%m/%d')})"


def format_datetime(value: datetime.datetime | None, language: str | None = None) -> str:
    """Date and local time (Asia/Tehran) of a moment."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    clock = local.strftime("%H:%M")
    if is_persian(language):
        return f"{format_date(local, language)}، {to_persian_digits('ساعت ' + clock)}"
    return f"{format_date(local, language)}, {clock}"


def format_month(value: datetime.date | None) -> str:
    """The Jalali month of a date: "آذر ۱۴۰۵" on Persian pages, "Azar 1405" elsewhere."""
    if value is None:
        return ""
    month = to_jalali(value)
    if is_persian():
        return to_persian_digits(f"{jdatetime.date.j_months_fa[month.month - 1]} {month.year}")
    return f"{jdatetime.date.j_months_en[month.month - 1]} {month.year}"
