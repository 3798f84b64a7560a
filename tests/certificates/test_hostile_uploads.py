"""Bomb files, built here: each is refused with a 4xx and its message by the web bulk page, the
API's multipart bulk and the admin import, quickly and with bounded memory, writing nothing."""

import io
import zipfile

import openpyxl
import pytest

from certificates.imports import rows as certificate_rows
from certificates.imports.reader import Limits, UnreadableFile, read_rows
from certificates.models import BulkCheck, Certificate, Inquiry
from tests.certificates.factories import CertificateFactory

MANY = "/api/v1/verifications/bulk"
BULK = "/en/certificates/bulk/"
IMPORT = "/en/admin/certificates/certificate/import/"
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


@pytest.fixture(scope="module")
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


def api_upload(client, key, data: bytes, name="list.xlsx"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(MANY, {"file": file}, HTTP_AUTHORIZATION=f"Bearer {key}")


def web_upload(client, data: bytes, name="list.xlsx"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(BULK, {"file": file})


def admin_upload(client, data: bytes, name="registry.xlsx"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(IMPORT, {"file": file})


def nothing_written():
    return not (BulkCheck.objects.exists() or Inquiry.objects.exists())


def test_openpyxl_parses_through_defusedxml():
    assert openpyxl.DEFUSEDXML is True


BOMBS = {
    "dimension": (dimension_bomb, b"The file has more than 20,000 lines."),
    "ratio": (ratio_bomb, b"The XLSX file expands to more data"),
    "many shared strings": (many_shared_strings, b"The XLSX file expands to more data"),
    "wide row": (wide_row_bomb, b"The XLSX file expands to more data"),
    "entities": (entity_bomb, b"The XLSX file could not be opened."),
}


@pytest.fixture(params=BOMBS)
def bomb(request, shared_strings_bomb):
    build, message = BOMBS[request.param]
    return build(), message


def test_the_shared_strings_bomb_is_refused_by_the_bulk_page(employer, shared_strings_bomb):
    response = web_upload(employer, shared_strings_bomb)
    assert response.status_code == 400
    assert b"The XLSX file expands to more data" in response.content
    assert nothing_written()


def test_the_shared_strings_bomb_is_refused_by_the_api(client, api_key, shared_strings_bomb):
    response = api_upload(client, api_key[1], shared_strings_bomb)
    assert response.status_code == 400
    assert response.json()["errors"]["body"]
    assert nothing_written()


def test_the_shared_strings_bomb_is_refused_by_the_admin_import(staff_client, shared_strings_bomb):
    response = admin_upload(staff_client, shared_strings_bomb)
    assert response.status_code == 400
    assert b"The XLSX file expands to more data" in response.content
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("name", BOMBS)
def test_each_bomb_is_refused_by_the_bulk_page_with_its_reason(employer, name):
    build, message = BOMBS[name]
    response = web_upload(employer, build())
    assert response.status_code == 400
    assert message in response.content
    assert nothing_written()


@pytest.mark.parametrize("name", BOMBS)
def test_each_bomb_is_refused_by_the_api(client, api_key, name):
    build, _message = BOMBS[name]
    response = api_upload(client, api_key[1], build())
    assert response.status_code == 400
    assert response.json()["errors"]["body"]
    assert nothing_written()


@pytest.mark.parametrize("name", ["ratio", "entities"])
def test_each_bomb_is_refused_by_the_admin_import(staff_client, name):
    build, _message = BOMBS[name]
    response = admin_upload(staff_client, build())
    assert response.status_code == 400
    assert b"errorlist" in response.content
    assert not Certificate.objects.exists()


def test_the_dimension_bomb_costs_the_admin_import_two_rows(staff_client):
    response = admin_upload(staff_client, dimension_bomb(import_header()))
    assert response.status_code == 400
    assert b"1048576" in response.content  # its one data row, refused for what it lacks
    assert not Certificate.objects.exists()


def test_the_declared_dimension_is_ignored_by_the_reader():
    columns, rows = read_rows(
        io.BytesIO(dimension_bomb()), required=("number", "national_id"), optional=()
    )
    assert columns == ["number", "national_id"]
    assert list(rows) == [(1048576, ["1", ""])]


def test_a_row_is_read_only_one_column_past_the_known_ones():
    cells = "".join(f'<c t="inlineStr"><is><t>{n}</t></is></c>' for n in range(1000))
    data = xlsx(sheet_xml(HEADER_ROW + f'<row r="2">{cells}</row>'))
    _columns, rows = read_rows(io.BytesIO(data), required=("number", "national_id"), optional=())
    assert list(rows) == [(2, ["0", "1", "2"])]  # the third value: a row too long, refused later


def test_a_row_of_two_million_cells_is_read_as_a_few_when_its_ratio_is_let_through():
    _columns, rows = read_rows(
        io.BytesIO(wide_row_bomb()),
        required=("number", "national_id"),
        optional=(),
        limits=Limits(ratio=10**6),
    )
    assert list(rows) == []  # its first cells are empty: a blank row


def test_a_csv_line_longer_than_the_limit_is_refused():
    data = b"number,national_id\n" + b"," * 100_000 + b"\n"
    _columns, rows = read_rows(
        io.BytesIO(data), required=("number", "national_id"), optional=(), limits=Limits()
    )
    with pytest.raises(UnreadableFile, match="longer than 65536 characters"):
        list(rows)


def test_an_oversized_csv_is_refused_by_the_bulk_page_before_it_is_read(employer, settings):
    data = b"number,national_id\n" + b"14021000123,0499370899\n" * (6 * MB // 23)
    response = web_upload(employer, data, name="list.csv")
    assert response.status_code == 413
    assert nothing_written()


def test_an_oversized_csv_is_refused_by_the_api_before_it_is_read(client, api_key):
    data = b"number,national_id\n" + b"14021000123,0499370899\n" * (6 * MB // 23)
    response = api_upload(client, api_key[1], data, name="list.csv")
    assert response.status_code == 413
    assert response.json()["errors"]["file"]
    assert nothing_written()


def test_an_oversized_csv_is_refused_by_the_admin_import(staff_client, settings):
    settings.UPLOAD_MAX_IMPORT_BYTES = MB
    data = b"number,national_id\n" + b"14021000123,0499370899\n" * (2 * MB // 23)
    response = admin_upload(staff_client, data, name="registry.csv")
    assert response.status_code == 413
    assert not Certificate.objects.exists()


def test_a_file_just_over_the_limit_is_dropped_while_streaming_and_explained(employer, settings):
    settings.UPLOAD_MAX_BULK_BYTES = 100_000
    data = b"number,national_id\n" + b"14021000123,0499370899\n" * (101_000 // 23)
    response = web_upload(employer, data, name="list.csv")
    assert response.status_code == 413
    assert b"The file is larger than" in response.content
    assert nothing_written()


def test_the_admin_import_explains_a_file_just_over_its_limit(staff_client, settings):
    settings.UPLOAD_MAX_IMPORT_BYTES = 100_000
    data = b"number,national_id\n" + b"14021000123,0499370899\n" * (101_000 // 23)
    response = admin_upload(staff_client, data, name="registry.csv")
    assert response.status_code == 413
    assert b"The file is larger than" in response.content


def test_the_api_refuses_a_file_just_over_the_limit(client, api_key, settings):
    settings.UPLOAD_MAX_BULK_BYTES = 100_000
    data = b"number,national_id\n" + b"14021000123,0499370899\n" * (101_000 // 23)
    response = api_upload(client, api_key[1], data, name="list.csv")
    assert response.status_code == 413
    assert response.json()["errors"]["file"]


def test_a_json_body_over_the_limit_is_a_413(client, api_key, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    items = '[{"number": "1", "national_id": "0499370899"}' + ", {}" * 500 + "]"
    response = client.post(
        MANY, items, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {api_key[1]}"
    )
    assert response.status_code == 413
    assert response.json()["errors"]["body"]


def test_a_good_xlsx_still_reads_with_dates_and_numbers(employer, member):
    CertificateFactory(number="14021000123", national_id="0499370899")
    workbook = openpyxl.Workbook()
    workbook.active.append(["number", "national_id", "reference"])
    workbook.active.append([14021000123, "0499370899", "emp-1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = web_upload(employer, buffer.getvalue())
    assert response.status_code == 302
    assert BulkCheck.objects.get().valid == 1
