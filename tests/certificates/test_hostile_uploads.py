"""Bomb files, built here: each is refused with a 4xx and its message by the web bulk page, the
API's multipart bulk and the admin import, quickly and with bounded memory, writing nothing."""

import io

import openpyxl
import pytest

from certificates.imports.reader import Limits, UnreadableFile, read_rows
from certificates.models import BulkCheck, Certificate, Inquiry
from tests.certificates import bombs
from tests.certificates.bombs import (
    HEADER_ROW,
    dimension_bomb,
    entity_bomb,
    import_header,
    many_shared_strings,
    ratio_bomb,
    sheet_xml,
    wide_row_bomb,
    xlsx,
)
from tests.certificates.factories import CertificateFactory

MANY = "/api/v1/verifications/bulk"
BULK = "/en/certificates/bulk/"
IMPORT = "/en/admin/certificates/certificate/import/"
MB = 1024 * 1024


@pytest.fixture(scope="module")
def shared_strings_bomb() -> bytes:
    return bombs.shared_strings_bomb()


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
    return client.post(IMPORT, {"file": file}, follow=True)  # to the import's page


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
    assert b'data-import-status="failed"' in response.content
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
    assert b'data-import-status="failed"' in response.content
    assert b"data-import-failure" in response.content
    assert not Certificate.objects.exists()


def test_the_dimension_bomb_costs_the_admin_import_two_rows(staff_client):
    response = admin_upload(staff_client, dimension_bomb(import_header()))
    assert b'data-import-status="finished"' in response.content
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
