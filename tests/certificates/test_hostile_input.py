"""Input that once answered 500 or 503: empty and all-invalid bulks, header-only files, lone
surrogates, deeply nested JSON, NUL bytes in paths, over-long user names. Each answers 4xx (or
the page with its errors) and writes nothing half-way."""

import io
import json

import pytest

from certificates.models import BulkCheck, Inquiry
from tests.certificates.factories import CertificateFactory

MANY = "/api/v1/verifications/bulk"
ONE = "/api/v1/verifications"
BULK = "/en/certificates/bulk/"


def api_post(client, path, body, key):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(
        path,
        data,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


def api_upload(client, key, data: bytes, name="list.csv"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(MANY, {"file": file}, HTTP_AUTHORIZATION=f"Bearer {key}")


def web_upload(client, data: bytes, name="list.csv"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(BULK, {"file": file})


ALL_INVALID_CSV = b"number,national_id,reference\nabc!,123,r1\n,0499370899,r2\n12,99,r3\n"


def test_an_api_bulk_of_no_items_is_a_400(client, db, api_key):
    response = api_post(client, MANY, [], api_key[1])
    assert response.status_code == 400
    assert response.json()["errors"]["body"]
    assert not BulkCheck.objects.exists()


def test_an_api_bulk_whose_items_are_all_invalid_is_a_400_listing_each(client, db, api_key):
    items = [{"number": "abc!", "national_id": "1"}, {"number": "", "national_id": "0499370899"}]
    response = api_post(client, MANY, items, api_key[1])
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) >= {"1.number", "1.national_id", "2.number"}
    assert not Inquiry.objects.exists()
    assert not BulkCheck.objects.exists()


def test_an_api_bulk_file_whose_rows_are_all_invalid_is_a_400(client, db, api_key):
    response = api_upload(client, api_key[1], ALL_INVALID_CSV)
    assert response.status_code == 400
    assert "2.number" in response.json()["errors"]
    assert not BulkCheck.objects.exists()


def test_a_header_only_csv_is_a_400_through_the_api(client, db, api_key):
    response = api_upload(client, api_key[1], b"number,national_id,reference\n")
    assert response.status_code == 400
    assert response.json()["errors"]["body"]


def test_a_header_only_csv_is_explained_on_the_bulk_page(employer):
    response = web_upload(employer, b"number,national_id,reference\n")
    assert response.status_code == 400
    assert b"The file has no rows to check." in response.content
    assert not BulkCheck.objects.exists()


def test_a_web_bulk_file_whose_rows_are_all_invalid_lists_every_row(employer, member):
    response = web_upload(employer, ALL_INVALID_CSV)
    assert response.status_code == 302
    record = BulkCheck.objects.get()
    assert (record.rows, record.rejected) == (3, 3)
    assert not Inquiry.objects.exists()
    page = employer.get(response["Location"]).content.decode()
    for line in ("2", "3", "4"):
        assert f"<td>{line}</td>" in page


def test_a_lone_surrogate_in_a_bulk_reference_is_dropped(client, db, api_key):
    CertificateFactory(number="14021000123", national_id="0499370899")
    body = '[{"number": "14021000123", "national_id": "0499370899", "reference": "a\\ud800b"}]'
    response = api_post(client, MANY, body, api_key[1])
    assert response.status_code == 200
    assert response.json()["results"][0]["reference"] == "ab"
    assert BulkCheck.objects.get().result_csv


def test_a_lone_surrogate_in_a_single_check_is_not_a_500(client, db, api_key):
    body = '{"number": "1402\\udfff1000123", "national_id": "0499370899"}'
    response = api_post(client, ONE, body, api_key[1])
    assert response.status_code == 200
    assert response.json()["status"] == "not_found"


@pytest.mark.parametrize("path", [ONE, MANY])
def test_deeply_nested_json_is_a_400(client, db, api_key, path):
    response = api_post(client, path, "[" * 100_000, api_key[1])
    assert response.status_code == 400
    assert response.json()["errors"]["body"]


@pytest.mark.parametrize(
    "path",
    [
        "/c/%00",
        "/certificates/receipts/%00/",
        "/certificates/receipts/%00/qr.svg",
        "/feedback/captcha/%00/",
        "/en/c/a%00b",
        "/%00",
        "/certificates/requests/track/%00",
    ],
)
def test_a_nul_byte_in_a_path_is_a_404(client, db, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/en/accounts/login/", "/en/admin/login/"])
def test_an_over_long_user_name_gets_the_login_form_with_its_error(client, db, path):
    response = client.post(path, {"username": "u" * 300, "password": "whatever-it-is"})
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b"errornote" in response.content or b"alert" in response.content


@pytest.mark.parametrize(
    "path",
    [
        "/certificates/receipts/?code=AB%00CD",
        "/certificates/requests/track/?code=AB%00CD",
        "/feedback/track/?code=AB%00CD",
    ],
)
def test_a_nul_byte_in_a_query_is_never_a_500(client, db, path):
    assert client.get(path).status_code < 500
