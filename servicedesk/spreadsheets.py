"""Every CSV and XLSX the portal writes, with one rule for the cells: no file carries a live
formula.

A text that a spreadsheet would evaluate (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return, also after leading whitespace) gets a leading apostrophe, as OWASP advises
against CSV injection; the same rule in both formats, so an XLSX made from a stored CSV holds
the same text. Numbers (a line number, a count) stay numbers. CSV is UTF-8 with a byte-order
mark, so that Excel reads Persian right; XLSX cells are written with their type set, never as
formulas.
"""

import csv
import io
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import BinaryIO

from import_export.formats import base_formats

FORMULA_STARTS = ("=", "+", "-", "@")
# Lone surrogates (UTF-8 cannot encode them) and the control characters that XML, so XLSX,
# cannot hold; tab, line feed and carriage return are allowed.
_UNWRITABLE = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f]")

Value = str | int | float | Decimal


def cell(value) -> Value:
    """``value`` as it goes into a file: numbers as they are, anything else as safe text."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    text = _UNWRITABLE.sub("\ufffd", "" if value is None else str(value))
    if text.startswith(("\t", "\r")) or text.lstrip().startswith(FORMULA_STARTS):
        return "'" + text
    return text


def as_written(text: str) -> str:
    """The text of a cell written by ``cell``, without the apostrophe it may have added (for a
    web page; a text that began with an apostrophe and a formula sign loses it too)."""
    return text[1:] if text.startswith("'") and cell(text[1:]) == text else text


def csv_text(rows: Iterable[Iterable]) -> str:
    """The rows as CSV text, starting with the byte-order mark."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return buffer.getvalue()


def csv_bytes(rows: Iterable[Iterable]) -> bytes:
    return csv_text(rows).encode()


def read_csv(handle: BinaryIO) -> list[list[str]]:
    """The rows of a CSV file written by ``csv_bytes``, as text (the cells stay as written)."""
    return list(csv.reader(io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")))


def xlsx_bytes(rows: Iterable[Iterable]) -> bytes:
    """The rows as a one-sheet workbook, every cell a number or a string."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        cells = []
        for value in row:
            safe = cell(value)
            written = WriteOnlyCell(sheet, value=safe)
            # openpyxl reads a text starting with "=" as a formula; the type is set explicitly.
            written.data_type = "s" if isinstance(safe, str) else "n"
            cells.append(written)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class ExportCSV(base_formats.CSV):
    """django-import-export's CSV, written by ``csv_text``."""

    def export_data(self, dataset, **kwargs):
        return csv_text([dataset.headers, *dataset])


class ExportXLSX(base_formats.XLSX):
    """django-import-export's XLSX, written by ``xlsx_bytes``."""

    def export_data(self, dataset, **kwargs):
        return xlsx_bytes([dataset.headers, *dataset])
