"""Many checks at once, from an uploaded file (web page or API) or a JSON list (API).

Batched: the certificates of the whole run come in a few queries (never one per row), every
row is decided by the same ``verification_outcome`` as a single check, and the inquiries are
written together with the run's record in one transaction. Bad rows are reported by line and
reason in the results without stopping the good ones.
"""

import csv
import datetime
import io
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from certificates import budget, selectors, services
from certificates.imports.reader import MB, Limits, UnreadableFile, read_table
from certificates.models import BulkCheck, Certificate, Outcome
from servicedesk import spreadsheets
from servicedesk.jalali import jalali_iso
from servicedesk.language import english_if_written
from servicedesk.national_code import mask_national_code, normalize_national_code
from servicedesk.text import mask_name, normalize_code, normalize_text

MAX_ROWS = 10_000
# What reading a bulk file may cost: a list of 10,000 checks (with some blank lines) is a few MB
# of XML at most; the rest of a bulk XLSX file is small.
READ_LIMITS = Limits(lines=2 * MAX_ROWS, expanded=32 * MB, shared_strings=4 * MB, part=1 * MB)
RESULT_COLUMNS = (
    "line",
    "reference",
    "number",
    "status",
    "holder",
    "standard",
    "issue_date",
    "receipt",
    "problem",
)


class TooManyRows(Exception):
    pass


@dataclass
class BulkRow:
    line: int
    reference: str
    number: str
    national_id: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)
    inquiry: services.Answer | None = None

    @property
    def certificate(self) -> Certificate | None:
        return self.inquiry.certificate if self.inquiry else None


@dataclass
class BulkOutcome:
    rows: list[BulkRow]
    record: BulkCheck | None


def read_rows(handle: BinaryIO) -> list[tuple[int, dict[str, str]]]:
    """The rows of an uploaded CSV or XLSX file (columns number, national_id, reference)."""
    _columns, rows = read_table(
        handle, required=("number", "national_id"), optional=("reference",), limits=READ_LIMITS
    )
    result = []
    for line, row in rows:
        if len(result) == MAX_ROWS:
            raise TooManyRows
        result.append((line, row))
    return result


def _clean(line: int, row: dict[str, str]) -> BulkRow:
    number = normalize_code(str(row.get("number") or ""))
    checked = BulkRow(
        line=line, reference=normalize_text(str(row.get("reference") or ""))[:100], number=number
    )
    if not number:
        checked.errors["number"] = [_("Enter the certificate number.")]
    elif not number.isalnum() or len(number) > 40:
        checked.errors["number"] = [_("A certificate number has letters and digits only.")]
    try:
        checked.national_id = normalize_national_code(str(row.get("national_id") or ""))
    except ValidationError as error:
        checked.errors["national_id"] = [str(message) for message in error.messages]
    return checked


def bulk_verify(
    rows: Iterable[tuple[int, dict[str, str]]],
    *,
    channel: str,
    language: str,
    client: str = "",
    organisation=None,
    user=None,
    api_key=None,
    source_name: str = "",
    keep_record: bool = True,
) -> BulkOutcome:
    """Check every row; record an inquiry per good row and, if asked, the run with its files.

    Raises budget.BudgetSpent, recording nothing, when the organisation has spent its daily
    budget of checks that matched nothing, or when the rows of one number exceed what is left
    of that number's budget (see ``budget.reserve``). Rows of a number whose budget is spent
    are answered with a refusal, not checked."""
    checked = [_clean(line, row) for line, row in rows]
    if len(checked) > MAX_ROWS:
        raise TooManyRows
    good = [row for row in checked if not row.errors]
    if organisation is not None:
        budget.organisation_check_allowed(organisation)
    lines_per_number: dict[str, list[int]] = defaultdict(list)
    for row in good:
        lines_per_number[row.number].append(row.line)
    reservation = budget.reserve(
        Counter({number: len(lines) for number, lines in lines_per_number.items()}),
        lines_per_number=lines_per_number,
    )
    try:
        record = _check_and_record(
            checked,
            good,
            reservation=reservation,
            channel=channel,
            language=language,
            client=client,
            organisation=organisation,
            keep_record=keep_record,
            user=user,
            api_key=api_key,
            source_name=source_name,
        )
    except BaseException:
        reservation.cancel()
        raise
    misses = Counter(
        row.number for row in good if row.inquiry and row.inquiry.outcome == Outcome.NOT_FOUND
    )
    reservation.settle(misses=misses, channel=channel, organisation=organisation)
    return BulkOutcome(rows=checked, record=record)


def _check_and_record(
    checked, good, *, reservation, channel, language, client, organisation, keep_record, **run
) -> BulkCheck | None:
    refused = [budget.number_spent_message()]
    for row in good:
        if row.number in reservation.refused:
            row.errors["number"] = refused
    checkable = [row for row in good if not row.errors]
    certificates = selectors.certificates_by_number(sorted({row.number for row in checkable}))
    checks = []
    for row in checkable:
        certificate = certificates.get(row.number)
        if certificate is not None and certificate.national_id != row.national_id:
            certificate = None  # the same answer as an unknown number
        checks.append((certificate, row.number, row.national_id))
    answers = services.answers_build(
        checks,
        channel=channel,
        language=language,
        client=client,
        organisation=organisation,
        today=timezone.localdate(),
    )
    for row, answer in zip(checkable, answers, strict=True):
        row.inquiry = answer
    with transaction.atomic():
        services.inquiries_record(row.inquiry for row in checkable)
        if keep_record and organisation is not None:
            return _record(checked, organisation=organisation, language=language, **run)
    return None


def _record(rows, *, organisation, user, api_key, source_name, language) -> BulkCheck:
    counts = dict.fromkeys(Outcome.values, 0)
    for row in rows:
        if row.inquiry:
            counts[row.inquiry.outcome] += 1
    record = BulkCheck(
        organisation=organisation,
        user=user,
        api_key=api_key,
        source_name=source_name[:255],
        rows=len(rows),
        rejected=sum(1 for row in rows if row.errors),
        **counts,
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    with translation.override(language):
        table = result_table(rows)
    record.result_csv.save(
        f"{organisation.pk}-{stamp}.csv", ContentFile(spreadsheets.csv_bytes(table)), save=False
    )
    record.save()
    return record


def result_xlsx(record: BulkCheck):
    """The XLSX copy of a run's result, made from its CSV on the first download and kept.

    The CSV's cells are already safe; the same rule leaves them as they are."""
    if not record.result_xlsx:
        with record.result_csv.open("rb") as handle:
            table = spreadsheets.read_csv(handle)
        name = record.result_csv.name.rsplit("/", 1)[-1].replace(".csv", ".xlsx")
        record.result_xlsx.save(name, ContentFile(spreadsheets.xlsx_bytes(table)), save=False)
        record.save(update_fields=["result_xlsx"])
    return record.result_xlsx


def result_table(rows: list[BulkRow]) -> list[list[str]]:
    """The rows of the result files, in the order of the input."""
    table = [list(RESULT_COLUMNS)]
    for row in rows:
        certificate = row.certificate
        problem = "; ".join(
            f"{column}: {' '.join(messages)}" for column, messages in row.errors.items()
        )
        table.append(
            [
                str(row.line),
                row.reference,
                row.number,
                row.inquiry.outcome if row.inquiry else "invalid",
                mask_name(english_if_written(certificate, "holder_name")) if certificate else "",
                english_if_written(certificate.standard, "title") if certificate else "",
                jalali_iso(certificate.issue_date) if certificate else "",
                row.inquiry.receipt_code if row.inquiry else "",
                problem,
            ]
        )
    return table


def result_problems(handle: BinaryIO, limit: int = 500) -> list[dict[str, str]]:
    """The rejected rows of a stored result file (line and problem), for its page."""
    reader = csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8-sig", newline=""))
    problems = [row for row in reader if row["status"] == "invalid"][:limit]
    return [{key: spreadsheets.as_written(value) for key, value in row.items()} for row in problems]


def certificate_json(certificate: Certificate | None, outcome: str) -> dict | None:
    """What the API tells about a matched certificate (the national code stays masked)."""
    if certificate is None:
        return None
    return {
        "number": certificate.number,
        "national_id": mask_national_code(certificate.national_id),
        "first_name": certificate.first_name,
        "last_name": certificate.last_name,
        "first_name_en": certificate.first_name_en,
        "last_name_en": certificate.last_name_en,
        "father_name": certificate.father_name,
        "standard": {
            "code": certificate.standard.code,
            "title": certificate.standard.title,
            "title_en": certificate.standard.title_en,
        },
        "grade": certificate.grade,
        "issue_date": certificate.issue_date.isoformat(),
        "issue_date_jalali": jalali_iso(certificate.issue_date),
        "valid_until": _iso(certificate.valid_until),
        "training_centre": str(certificate.training_centre or ""),
        "status_reason": certificate.status_reason if outcome in ("revoked", "replaced") else "",
        "status_changed_on": _iso(certificate.status_changed_on)
        if outcome in ("revoked", "replaced")
        else None,
        "replaced_by": certificate.replaced_by.number if certificate.replaced_by else None,
    }


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


__all__ = ["MAX_ROWS", "TooManyRows", "UnreadableFile", "bulk_verify", "read_rows"]
