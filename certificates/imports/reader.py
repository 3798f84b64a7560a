"""Read tabular files as (line number, row) pairs: CSV in UTF-8 (with or without BOM) or
Windows-1256, and XLSX. Rows are lists of text in the header's order (read_rows) or dicts of
header name → text (read_table), streamed, never all in memory."""

import codecs
import csv
import datetime
import io
import itertools
import zipfile
from collections.abc import Iterator
from typing import BinaryIO

from django.utils.translation import gettext_lazy as _

from servicedesk.jalali import jalali_iso

EXTRA_VALUES = "__extra__"  # marks a row with more values than the header has columns


class UnreadableFile(Exception):
    """The file is not a CSV or XLSX file we can read; the message says why."""


def _is_xlsx(handle: BinaryIO) -> bool:
    start = handle.read(4)
    handle.seek(0)
    return start == b"PK\x03\x04" and zipfile.is_zipfile(handle)


def _detect_encoding(handle: BinaryIO) -> str:
    """UTF-8 when the whole file decodes as UTF-8, else Windows-1256 (old Persian Windows)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := handle.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = "cp1256"
    handle.seek(0)
    return encoding


def _header_key(name: str) -> str:
    return name.strip().strip("\ufeff").lower().replace(" ", "_")


def _csv_rows(handle: BinaryIO) -> Iterator[tuple[int, list[str]]]:
    text = io.TextIOWrapper(handle, encoding=_detect_encoding(handle), newline="")
    # Read a megabyte at a time, not 8 KB: each read from a file lets go of the GIL and takes
    # it straight back, and a thread waiting for the GIL (the import's writer) keeps waiting
    # as long as that goes on.
    text._CHUNK_SIZE = 1 << 20
    first_line = text.readline()
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(itertools.chain((first_line,), text), delimiter=delimiter)
    for values in reader:
        yield reader.line_num, values
    text.detach()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return jalali_iso(value)  # a real date cell is Gregorian; the format speaks Jalali
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(handle: BinaryIO) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise UnreadableFile(_("The XLSX file could not be opened.")) from error
    try:
        sheet = workbook.worksheets[0]
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, [_cell_text(value) for value in values]
    finally:
        workbook.close()


def read_rows(
    handle: BinaryIO, *, required: tuple[str, ...], optional: tuple[str, ...]
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """Check the header and return (columns, rows); each row is a list of one text per column.

    Blank lines are skipped. A row with fewer values is padded with empty ones; a row with more
    non-blank values than the header has columns comes longer than ``columns``, for the caller
    to reject; blank extra values are dropped.

    Raises UnreadableFile when the header lacks a required column or names an unknown one.
    """
    rows = _xlsx_rows(handle) if _is_xlsx(handle) else _csv_rows(handle)
    try:
        _line, header = next(rows)
    except StopIteration:
        raise UnreadableFile(
            _("The file is empty, or its first row does not name the columns.")
        ) from None
    except UnicodeDecodeError:
        raise UnreadableFile(_("The file is neither UTF-8 nor Windows-1256 text.")) from None
    except csv.Error as error:
        raise UnreadableFile(_("The file is not valid CSV.")) from error
    columns = [_header_key(name) for name in header]
    while columns and not columns[-1]:
        columns.pop()
    if not columns:
        raise UnreadableFile(_("The file is empty, or its first row does not name the columns."))
    known = set(required) | set(optional)
    missing = [name for name in required if name not in columns]
    unknown = [name for name in columns if name not in known]
    duplicated = sorted({name for name in columns if columns.count(name) > 1})
    problems = []
    if missing:
        problems.append(_("missing required columns: %s") % ", ".join(missing))
    if unknown:
        problems.append(_("unknown columns: %s") % ", ".join(unknown))
    if duplicated:
        problems.append(_("columns named twice: %s") % ", ".join(duplicated))
    if problems:
        raise UnreadableFile("; ".join(str(problem) for problem in problems))

    def list_rows():
        width = len(columns)
        try:
            for line, values in rows:
                # The usual row: as many values as columns, the first one filled in.
                if len(values) == width and values[0].strip():
                    yield line, values
                    continue
                if not any(value.strip() for value in values):
                    continue
                if len(values) < width:
                    values = values + [""] * (width - len(values))
                elif not any(value.strip() for value in values[width:]):
                    values = values[:width]
                yield line, values
        except csv.Error as error:
            raise UnreadableFile(_("The file is not valid CSV.")) from error

    return columns, list_rows()


def read_table(
    handle: BinaryIO, *, required: tuple[str, ...], optional: tuple[str, ...]
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """Like read_rows, with each row a dict of column → text; a row with more values than the
    header has columns carries EXTRA_VALUES.

    Raises UnreadableFile when the header lacks a required column or names an unknown one.
    """
    columns, rows = read_rows(handle, required=required, optional=optional)

    def dict_rows():
        width = len(columns)
        for line, values in rows:
            row = dict(zip(columns, values[:width], strict=True))
            if len(values) > width:
                row[EXTRA_VALUES] = "yes"
            yield line, row

    return columns, dict_rows()
