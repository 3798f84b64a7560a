"""One row of the certificate import file: normalised, checked, or explained."""

import datetime
import operator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from certificates.imports.reader import EXTRA_VALUES
from servicedesk.jalali import parse_jalali_date
from servicedesk.national_code import normalize_national_code
from servicedesk.text import normalize_code, normalize_text

REQUIRED = (
    "number",
    "national_id",
    "first_name",
    "last_name",
    "standard_code",
    "standard_title",
    "issue_date",
)
OPTIONAL = (
    "father_name",
    "birth_date",
    "grade",
    "theory_score",
    "practical_score",
    "exam_date",
    "training_center",
    "province",
    "valid_until",
    "status",
    "status_reason",
    "replaced_by",
    "first_name_en",
    "last_name_en",
    "standard_title_en",
)
# The order of values in a staged row (see load.py); the writer appends the token.
STAGED = (
    "line",
    "number",
    "national_id",
    "first_name",
    "last_name",
    "father_name",
    "first_name_en",
    "last_name_en",
    "birth_date",
    "standard_code",
    "standard_title",
    "standard_title_en",
    "grade",
    "theory_score",
    "practical_score",
    "exam_date",
    "issue_date",
    "valid_until",
    "training_center",
    "province",
    "status",
    "status_reason",
    "replaced_by",
)
_staged = operator.itemgetter(*STAGED)
TEXT_LIMITS = {
    "first_name": 100,
    "last_name": 100,
    "father_name": 100,
    "first_name_en": 100,
    "last_name_en": 100,
    "standard_title": 255,
    "standard_title_en": 255,
    "grade": 40,
    "training_center": 255,
    "province": 100,
    "status_reason": 500,
}
STATUSES = {"valid", "revoked", "replaced"}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str

    def __str__(self):
        return _("line %(line)s, column %(column)s: %(reason)s") % {
            "line": self.line,
            "column": self.column,
            "reason": self.reason,
        }


# Names, titles and dates repeat across a registry: normalise each distinct value once.
_text = lru_cache(maxsize=200_000)(normalize_text)


@lru_cache(maxsize=100_000)
def _date(text: str) -> str:
    """ISO YYYY-MM-DD of a Jalali date: staged as text, and ISO strings compare as dates."""
    return parse_jalali_date(text).isoformat()


@lru_cache(maxsize=100_000)
def _national_code(text: str) -> str:
    return normalize_national_code(text)


@lru_cache(maxsize=10_000)
def _score(text: str) -> str:
    value = Decimal(normalize_text(text).replace("٫", ".").replace("/", "."))
    if not value.is_finite() or not (0 <= value <= 100) or value.as_tuple().exponent < -2:
        raise InvalidOperation
    return str(value)


class RowCleaner:
    """Checks the rows of one file; knows its columns, so absent ones cost nothing."""

    def __init__(self, columns: list[str], *, today: datetime.date):
        self.today = today.isoformat()
        self.text_columns = [column for column in TEXT_LIMITS if column in columns]
        self.absent_text = {column: "" for column in TEXT_LIMITS if column not in columns}
        self.date_columns = [
            column
            for column in ("issue_date", "birth_date", "exam_date", "valid_until")
            if column in columns
        ]
        self.score_columns = [
            column for column in ("theory_score", "practical_score") if column in columns
        ]

    def clean(self, line: int, row: dict[str, str]):
        """Return (staged values, errors); the values are None when the row has any error.

        Dates are staged as ISO text, scores as decimal text: they go to the database as text.
        """
        errors: list[RowError] = []
        clean: dict[str, object] = {
            "line": line,
            "birth_date": None,
            "exam_date": None,
            "valid_until": None,
            "theory_score": None,
            "practical_score": None,
            **self.absent_text,
        }

        def fail(column, reason):
            errors.append(RowError(line, column, reason))

        if EXTRA_VALUES in row:
            fail("—", _("the row has more values than the header has columns"))

        number = normalize_code(row["number"])
        if not number:
            fail("number", _("required"))
        elif not number.isascii() or not number.isalnum() or len(number) > 32:
            fail("number", _("letters and digits only, at most 32"))
        clean["number"] = number

        try:
            clean["national_id"] = _national_code(row["national_id"])
        except ValidationError as error:
            fail("national_id", error.messages[0])

        for column in self.text_columns:
            value = _text(row[column])
            if len(value) > TEXT_LIMITS[column]:
                fail(column, _("longer than %(limit)s characters") % {"limit": TEXT_LIMITS[column]})
            clean[column] = value
        for column in ("first_name", "last_name", "standard_title"):
            if not clean[column]:
                fail(column, _("required"))

        standard_code = _text(row["standard_code"]).replace(" ", "")
        if not standard_code:
            fail("standard_code", _("required"))
        elif len(standard_code) > 40:
            fail("standard_code", _("longer than %(limit)s characters") % {"limit": 40})
        clean["standard_code"] = standard_code

        clean["issue_date"] = None
        for column in self.date_columns:
            text = row[column].strip()
            if not text:
                if column == "issue_date":
                    fail(column, _("required"))
                continue
            try:
                clean[column] = _date(text)
            except ValueError:
                fail(column, _("not a Jalali date YYYY/MM/DD"))
        issue = clean["issue_date"]
        if issue:
            if issue > self.today:
                fail("issue_date", _("in the future"))
            if clean["valid_until"] and clean["valid_until"] < issue:
                fail("valid_until", _("before the issue date"))
            if clean["birth_date"] and clean["birth_date"] >= issue:
                fail("birth_date", _("not before the issue date"))

        for column in self.score_columns:
            text = row[column].strip()
            if text:
                try:
                    clean[column] = _score(text)
                except (InvalidOperation, ValueError):
                    fail(column, _("a number from 0 to 100 with at most two decimals"))

        status = row.get("status", "").strip().lower() or "valid"
        if status not in STATUSES:
            fail("status", _("must be valid, revoked or replaced"))
        clean["status"] = status
        replaced_by = normalize_code(row.get("replaced_by", ""))
        if status == "replaced" and not replaced_by:
            fail("replaced_by", _("required when the status is replaced"))
        elif replaced_by and status != "replaced":
            fail("replaced_by", _("only for the status replaced"))
        elif replaced_by and replaced_by == number:
            fail("replaced_by", _("a certificate cannot replace itself"))
        clean["replaced_by"] = replaced_by

        if errors:
            return None, errors
        return _staged(clean), errors
