"""Hostile XLSX files, built in memory (a few megabytes at most) for the tests and
bench/hostile_uploads.py: each expands, or declares, far more than any upload may cost."""

import io
import zipfile

from certificates.imports import rows as certificate_rows

MB = 1024 * 1024

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>number</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>national_id</t></is></c></row>'
)


def xlsx(sheet: str, shared_strings=None) -> bytes:
    """A minimal XLSX file; ``shared_strings`` is the part's text, or chunks written one by one
    (so a part of hundreds of MB is compressed as it is made, never held whole)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        chunks = [shared_strings or f'<sst {NS} count="0" uniqueCount="0"></sst>']
        if not isinstance(shared_strings, (str, type(None))):
            chunks = shared_strings
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            for chunk in chunks:
                part.write(chunk.encode() if isinstance(chunk, str) else chunk)
    return buffer.getvalue()


def sheet_xml(rows: str, dimension: str = "A1:B2") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    )


def dimension_bomb(header: str = HEADER_ROW) -> bytes:
    """The 1.8 KB file that spun a worker for 30 s: a declared dimension of the whole sheet
    (16,384 columns by 1,048,576 rows) and one cell in its last row."""
    last = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>1</t></is></c></row>'
    return xlsx(sheet_xml(header + last, dimension="A1:XFD1048576"))


def import_header() -> str:
    cells = "".join(
        f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in certificate_rows.REQUIRED
    )
    return f'<row r="1">{cells}</row>'


def _repeated(unit: bytes, total: int, chunk: int = 4 * MB):
    block = unit * (chunk // len(unit))
    for _ in range(total // len(block)):
        yield block


def shared_strings_bomb() -> bytes:
    """Half a gigabyte of shared strings in about half a megabyte."""
    unit = b"<si><t>" + b"A" * 1000 + b"</t></si>"
    chunks = [f"<sst {NS}>".encode(), *_repeated(unit, 512 * MB), b"</sst>"]
    return xlsx(sheet_xml(HEADER_ROW), chunks)


def many_shared_strings() -> bytes:
    """5 MB of distinct shared strings that compress no better than text does: over the bulk
    check's limit for that part without any suspicious ratio."""
    strings = "".join(f"<si><t>{n:x}{n * 7919 % 1000003:x}</t></si>" for n in range(200_000))
    return xlsx(sheet_xml(HEADER_ROW), f"<sst {NS}>{strings}</sst>")


def ratio_bomb() -> bytes:
    """A sheet padded with 200 MB of spaces between its rows: a ratio of about 1,000 to 1."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            WORKBOOK_RELS.replace(
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>',
                "",
            ),
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0"?><worksheet {NS}><sheetData>{HEADER_ROW}'.encode())
            for block in _repeated(b" ", 200 * MB):
                part.write(block)
            part.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def wide_row_bomb() -> bytes:
    """One row of two million cells: 8 MB of XML in a few KB."""
    cells = "<c/>" * 2_000_000
    return xlsx(sheet_xml(HEADER_ROW + f'<row r="2">{cells}</row>'))


def entity_bomb() -> bytes:
    """Billion laughs in the shared strings: refused by defusedxml, never expanded."""
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        f"<sst {NS}><si><t>&c;</t></si></sst>"
    )
    return xlsx(sheet_xml(HEADER_ROW), laughs)
