"""One row of the certificate import file: normalised, checked, or explained."""

import datetime
import operator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from servicedesk.jalali import parse_jalali_date
from servicedesk.national_code import is_valid_national_code, normalize_national_code
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
# The order of values in a staged row (see stage.py); the writer appends the token.
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
_SHORTEST_LIMIT = min(TEXT_LIMITS.values())
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


# Names, titles, codes, dates and scores repeat across a registry: each distinct value is
# normalised once. The cached checks return None for a value that is not acceptable.
_text = lru_cache(maxsize=200_000)(normalize_text)


@lru_cache(maxsize=10_000)
def _standard_code(text: str) -> str:
    return normalize_text(text).replace(" ", "")


@lru_cache(maxsize=100_000)
def _date(text: str) -> str | None:
    """ISO YYYY-MM-DD of a Jalali date, "" when blank, None when not a date: staged as text,
    and ISO strings compare as dates."""
    text = text.strip()
    if not text:
        return ""
    try:
        return parse_jalali_date(text).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=10_000)
def _score(text: str) -> str | None:
    """A score as decimal text, "" when blank, None when not a score from 0 to 100."""
    text = text.strip()
    if not text:
        return ""
    try:
        value = Decimal(normalize_text(text).replace("٫", ".").replace("/", "."))
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or not (0 <= value <= 100) or value.as_tuple().exponent < -2:
        return None
    return str(value)


@lru_cache(maxsize=1_000)
def _status(text: str) -> str:
    return text.strip().lower() or "valid"


def _national_code(text: str) -> str:
    """The canonical code; raises ValidationError. Most files hold canonical codes already."""
    return text if is_valid_national_code(text) else normalize_national_code(text)


def _too_long(line: int, column: str, limit: int) -> RowError:
    return RowError(line, column, _("longer than %(limit)s characters") % {"limit": limit})


_DATES = ("issue_date", "birth_date", "exam_date", "valid_until")
_SCORES = ("theory_score", "practical_score")


class RowCleaner:
    """Checks the rows of one file; knows its columns' places, so absent ones cost nothing.

    A row is a list of texts in the file's order (reader.read_rows). Absent columns read the
    empty text appended to each row.
    """

    def __init__(self, columns: list[str], *, today: datetime.date):
        self.today = today.isoformat()
        self.width = width = len(columns)
        place = {column: index for index, column in enumerate(columns)}

        def places(*names):
            return operator.itemgetter(*[place.get(name, width) for name in names])

        self.codes = places("number", "national_id", "standard_code", "status", "replaced_by")
        self.texts = places(*TEXT_LIMITS)
        self.dates = places(*_DATES)
        self.scores = places(*_SCORES)

    def clean(self, line: int, values: list[str]):
        """Return (staged values, errors); the values are None when the row has any error.

        Every staged value is text, as COPY reads it: the line number, dates as ISO text,
        scores as decimal text; "" stands for no date or score.
        """
        errors: list[RowError] = []
        if len(values) != self.width:  # more values than columns (read_rows pads short rows)
            errors.append(
                RowError(line, "—", _("the row has more values than the header has columns"))
            )
            values = values[: self.width]
        values.append("")  # what absent columns read
        number, national_id, standard_code, status, replaced_by = self.codes(values)

        number = normalize_code(number)
        if not number:
            errors.append(RowError(line, "number", _("required")))
        elif not number.isascii() or not number.isalnum() or len(number) > 32:
            errors.append(RowError(line, "number", _("letters and digits only, at most 32")))

        try:
            national_id = _national_code(national_id)
        except ValidationError as error:
            errors.append(RowError(line, "national_id", error.messages[0]))

        texts = tuple(map(_text, self.texts(values)))
        if max(map(len, texts)) > _SHORTEST_LIMIT:
            for (column, limit), value in zip(TEXT_LIMITS.items(), texts, strict=True):
                if len(value) > limit:
                    errors.append(_too_long(line, column, limit))
        (
            first_name,
            last_name,
            father_name,
            first_name_en,
            last_name_en,
            standard_title,
            standard_title_en,
            grade,
            training_center,
            province,
            status_reason,
        ) = texts
        if not first_name:
            errors.append(RowError(line, "first_name", _("required")))
        if not last_name:
            errors.append(RowError(line, "last_name", _("required")))
        if not standard_title:
            errors.append(RowError(line, "standard_title", _("required")))

        standard_code = _standard_code(standard_code)
        if not standard_code:
            errors.append(RowError(line, "standard_code", _("required")))
        elif len(standard_code) > 40:
            errors.append(_too_long(line, "standard_code", 40))

        issue, birth_date, exam_date, valid_until = dates = tuple(map(_date, self.dates(values)))
        if None in dates or not issue:
            for column, value in zip(_DATES, dates, strict=True):
                if value is None:
                    errors.append(RowError(line, column, _("not a Jalali date YYYY/MM/DD")))
                elif not value and column == "issue_date":
                    errors.append(RowError(line, column, _("required")))
        if issue:
            if issue > self.today:
                errors.append(RowError(line, "issue_date", _("in the future")))
            if valid_until and valid_until < issue:
                errors.append(RowError(line, "valid_until", _("before the issue date")))
            if birth_date and birth_date >= issue:
                errors.append(RowError(line, "birth_date", _("not before the issue date")))

        theory_score, practical_score = scores = tuple(map(_score, self.scores(values)))
        if None in scores:
            for column, value in zip(_SCORES, scores, strict=True):
                if value is None:
                    errors.append(
                        RowError(
                            line, column, _("a number from 0 to 100 with at most two decimals")
                        )
                    )

        status = _status(status)
        if status not in STATUSES:
            errors.append(RowError(line, "status", _("must be valid, revoked or replaced")))
        if replaced_by:
            replaced_by = normalize_code(replaced_by)
        if status == "replaced" and not replaced_by:
            errors.append(RowError(line, "replaced_by", _("required when the status is replaced")))
        elif replaced_by and status != "replaced":
            errors.append(RowError(line, "replaced_by", _("only for the status replaced")))
        elif replaced_by and replaced_by == number:
            errors.append(RowError(line, "replaced_by", _("a certificate cannot replace itself")))

        if errors:
            return None, errors
        return (
            str(line),
            number,
            national_id,
            first_name,
            last_name,
            father_name,
            first_name_en,
            last_name_en,
            birth_date,
            standard_code,
            standard_title,
            standard_title_en,
            grade,
            theory_score,
            practical_score,
            exam_date,
            issue,
            valid_until,
            training_center,
            province,
            status,
            status_reason,
            replaced_by,
        ), errors
