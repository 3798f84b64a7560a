"""The one writer of CSV and XLSX files: no cell is a live formula, numbers stay numbers, odd
text does not crash it."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from servicedesk import spreadsheets

# What people have typed into fields that end up in files, and what the files must hold.
FORMULAS = {
    '=HYPERLINK("http://evil.example","x")': '\'=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0": "'+cmd|' /C calc'!A0",
    "-2+3": "'-2+3",
    "@SUM(1+1)": "'@SUM(1+1)",
    "\t=1+2": "'\t=1+2",
    "\r=1+2": "'\r=1+2",
    " =1+2": "' =1+2",
    "\u00a0\n-1": "'\u00a0\n-1",
}


def read_csv_text(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def xlsx_cells(content: bytes) -> list[list[openpyxl.cell.Cell]]:
    """Every cell of the first sheet; fails if any of them is a formula."""
    rows = [list(row) for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows()]
    formulas = [cell.coordinate for row in rows for cell in row if cell.data_type == "f"]
    assert formulas == [], f"formula cells: {formulas}"
    return rows


@pytest.mark.parametrize(("typed", "written"), FORMULAS.items())
def test_a_text_a_spreadsheet_would_run_gets_an_apostrophe(typed, written):
    assert spreadsheets.cell(typed) == written


@pytest.mark.parametrize("text", ["", "reference 12", "علی", "1402/05/10", "a=b", "x-1", "'=1"])
def test_harmless_text_is_left_as_it_is(text):
    assert spreadsheets.cell(text) == text


@pytest.mark.parametrize("number", [3, -2, 2.5, Decimal("-0.5")])
def test_numbers_stay_numbers(number):
    assert spreadsheets.cell(number) == number
    assert type(spreadsheets.cell(number)) is type(number)


def test_none_and_other_values_become_text():
    assert spreadsheets.cell(None) == ""
    assert spreadsheets.cell(True) == "True"


def test_the_rule_leaves_its_own_output_alone():
    for written in FORMULAS.values():
        assert spreadsheets.cell(written) == written


def test_a_web_page_shows_the_text_without_the_added_apostrophe():
    for typed, written in FORMULAS.items():
        assert spreadsheets.as_written(written) == typed
    assert spreadsheets.as_written("'plain") == "'plain"


def test_the_csv_has_a_byte_order_mark_and_escapes_header_and_rows():
    text = spreadsheets.csv_text([["line", "=title"], [1, "-2+3"], [2, "علی"]])
    assert read_csv_text(text) == [["line", "'=title"], ["1", "'-2+3"], ["2", "علی"]]
    assert text.endswith("\r\n")


def test_the_xlsx_has_no_formula_and_keeps_numbers_as_numbers():
    content = spreadsheets.xlsx_bytes(
        [["line", "=title"], *([n, t] for n, t in enumerate(FORMULAS))]
    )
    rows = xlsx_cells(content)
    assert [cell.value for cell in rows[0]] == ["line", "'=title"]
    for (line, typed), row in zip(enumerate(FORMULAS), rows[1:], strict=True):
        assert (row[0].value, row[0].data_type) == (line, "n")
        assert row[1].data_type == "s"
        # XML keeps no lone carriage return: it comes back as a line feed, still escaped.
        assert row[1].value == FORMULAS[typed].replace("\r", "\n")


def test_an_escaped_csv_read_back_makes_the_same_xlsx_cells():
    table = [["reference"], *([text] for text in FORMULAS)]
    stored = spreadsheets.read_csv(io.BytesIO(spreadsheets.csv_bytes(table)))
    rows = xlsx_cells(spreadsheets.xlsx_bytes(stored))
    expected = [spreadsheets.cell(text).replace("\r", "\n") for text in FORMULAS]
    assert [row[0].value for row in rows[1:]] == expected


def test_odd_text_is_written_with_a_replacement_character():
    odd = "a\ud800b\x00c\x1bd\te"
    assert read_csv_text(spreadsheets.csv_bytes([[odd]]).decode()) == [
        ["a\ufffdb\ufffdc\ufffdd\te"]
    ]
    rows = xlsx_cells(spreadsheets.xlsx_bytes([[odd]]))
    assert rows[0][0].value == "a\ufffdb\ufffdc\ufffdd\te"
