"""Read tabular files as (line number, row) pairs: CSV in UTF-8 (with or without BOM) or
Windows-1256, and XLSX. Rows are lists of text in the header's order (read_rows) or dicts of
header name → text (read_table), streamed, never all in memory.

What a file may cost is bounded (``Limits``) whatever it holds: an XLSX file is checked from its
zip directory before anything is expanded (total size, each part read whole, compression
ratio), its sheet is read by our own loop over the XML that keeps one row of a few cells at a
time (the declared ``<dimension>`` is never looked at), and a CSV line has a longest length.
"""

import csv
import datetime
import io
import itertools
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.translation import gettext_lazy as _

from servicedesk.decoding import text_encoding
from servicedesk.jalali import jalali_iso

EXTRA_VALUES = "__extra__"  # marks a row with more values than the header has columns
MB = 1024 * 1024


class UnreadableFile(Exception):
    """The file is not a CSV or XLSX file we can read; the message says why."""


@dataclass(frozen=True)
class Limits:
    """The most a file may make us read; past any of them it is refused as UnreadableFile."""

    lines: int | None = None  # lines of the CSV, rows of the sheet, the header included
    line_chars: int = 64 * 1024  # characters on one line of a CSV file
    expanded: int = 1024 * MB  # XLSX: every part together, uncompressed
    shared_strings: int = 64 * MB  # XLSX: the shared strings, which are read whole
    part: int = 4 * MB  # XLSX: any other part read whole (styles, workbook, relationships)
    ratio: int = 200  # XLSX: uncompressed size over compressed size, for parts over 1 MB


# A sheet's XML elements nest a few levels (worksheet, sheetData, row, c, is, r, t).
_MAX_DEPTH = 32
_MAX_CELL_PARTS = 64


def _is_xlsx(handle: BinaryIO) -> bool:
    start = handle.read(4)
    handle.seek(0)
    return start == b"PK\x03\x04" and zipfile.is_zipfile(handle)


def _header_key(name: str) -> str:
    return name.strip().strip("\ufeff").lower().replace(" ", "_")


def _bounded_lines(text: io.TextIOWrapper, limit: int) -> Iterator[str]:
    """The lines of ``text``; UnreadableFile for one longer than ``limit`` characters (a line of
    a million commas would otherwise become a list of a million values)."""
    readline = text.readline
    while line := readline(limit + 1):
        if len(line) > limit:
            raise UnreadableFile(
                _("A line of the file is longer than %(count)s characters.") % {"count": limit}
            )
        yield line


def _csv_rows(handle: BinaryIO, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    text = io.TextIOWrapper(handle, encoding=text_encoding(handle), newline="")
    # Read a megabyte at a time, not 8 KB: each read from a file lets go of the GIL and takes
    # it straight back, and a thread waiting for the GIL (the import's writer) keeps waiting
    # as long as that goes on.
    text._CHUNK_SIZE = 1 << 20
    lines = _bounded_lines(text, limits.line_chars)
    first_line = next(lines, "")
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(itertools.chain((first_line,), lines), delimiter=delimiter)
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


def _check_archive(handle: BinaryIO, limits: Limits) -> None:
    """Refuse, from the zip directory alone, an XLSX file that would expand too far.

    The sizes it declares are binding: Python's zipfile never expands a part past its declared
    size (and fails its checksum instead)."""
    too_large = UnreadableFile(
        _("The XLSX file expands to more data than a file of this kind may hold.")
    )
    try:
        with zipfile.ZipFile(handle) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise UnreadableFile(_("The XLSX file could not be opened.")) from error
    finally:
        handle.seek(0)
    if sum(part.file_size for part in parts) > limits.expanded:
        raise too_large
    for part in parts:
        name = part.filename.lower()
        if name.startswith("xl/worksheets/"):
            limit = limits.expanded  # read a row at a time
        elif name.endswith("sharedstrings.xml"):
            limit = limits.shared_strings
        else:
            limit = limits.part
        if part.file_size > limit:
            raise too_large
        if part.file_size > MB and part.file_size > limits.ratio * max(part.compress_size, 1):
            raise too_large


def _sheet_rows(source, max_cells: int):
    """The ``<row>`` elements of a worksheet's XML, each holding at most ``max_cells`` cells.

    Every element is dropped once parsed (a row once it has been used), so memory stays that
    of one short row whatever the sheet holds; nesting deeper than a sheet's is refused."""
    from openpyxl.worksheet._reader import ROW_TAG
    from openpyxl.xml.functions import iterparse

    stack, kept = [], [0]  # the open elements; how many children each has kept
    row = None
    for event, element in iterparse(source, events=("start", "end")):
        if event == "start":
            stack.append(element)
            kept.append(0)
            if len(stack) > _MAX_DEPTH:
                raise UnreadableFile(_("The XLSX file could not be opened."))
            if element.tag == ROW_TAG:
                row = element
            continue
        stack.pop()
        kept.pop()
        if element is row:
            yield row
            row = None
        if not stack:
            continue
        parent = stack[-1]
        # The parser builds a chunk of the file ahead of these events: count, do not measure.
        kept[-1] += 1
        if row is None:
            element.clear()
            parent.remove(element)
        elif kept[-1] > (max_cells if parent is row else _MAX_CELL_PARTS):
            parent.remove(element)


def _xlsx_rows(handle: BinaryIO, limits: Limits, columns: int) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook
    from openpyxl.worksheet._reader import WorkSheetParser

    _check_archive(handle, limits)
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise UnreadableFile(_("The XLSX file could not be opened.")) from error
    try:
        with sheet._get_source() as source:
            parser = WorkSheetParser(
                source,
                workbook.shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            for element in _sheet_rows(source, columns):
                line, cells = parser.parse_row(element)
                values = [None] * min(columns, max((c["column"] for c in cells), default=0))
                for cell in cells:
                    if 0 < cell["column"] <= columns:
                        values[cell["column"] - 1] = cell["value"]
                yield line, [_cell_text(value) for value in values]
    except UnreadableFile:
        raise
    except Exception as error:  # a broken or hostile sheet: bad XML, numbers, references
        raise UnreadableFile(_("The XLSX file could not be read.")) from error
    finally:
        workbook.close()


def read_rows(
    handle: BinaryIO,
    *,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    limits: Limits = Limits(),
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """Check the header and return (columns, rows); each row is a list of one text per column.

    Blank lines are skipped. A row with fewer values is padded with empty ones; a row with more
    non-blank values than the header has columns comes longer than ``columns``, for the caller
    to reject; blank extra values are dropped. An XLSX sheet is read only as far as one column
    past the known ones.

    Raises UnreadableFile when the header lacks a required column or names an unknown one, and
    (also while the rows are read) when the file passes ``limits``.
    """
    if _is_xlsx(handle):
        rows = _xlsx_rows(handle, limits, columns=len(required) + len(optional) + 1)
    else:
        rows = _csv_rows(handle, limits)
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
        most = limits.lines or float("inf")
        try:
            for line, values in rows:
                if line > most:
                    raise UnreadableFile(
                        _("The file has more than %(count)s lines.") % {"count": f"{most:,}"}
                    )
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
    handle: BinaryIO,
    *,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    limits: Limits = Limits(),
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """Like read_rows, with each row a dict of column → text; a row with more values than the
    header has columns carries EXTRA_VALUES.

    Raises UnreadableFile when the header lacks a required column or names an unknown one, or
    when the file passes ``limits``.
    """
    columns, rows = read_rows(handle, required=required, optional=optional, limits=limits)

    def dict_rows():
        width = len(columns)
        for line, values in rows:
            row = dict(zip(columns, values[:width], strict=True))
            if len(values) > width:
                row[EXTRA_VALUES] = "yes"
            yield line, row

    return columns, dict_rows()
