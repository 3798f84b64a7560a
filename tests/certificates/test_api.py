"""The JSON API: keys, one check, many checks, errors, limits and the OpenAPI document."""

import io
import json

import pytest
from openapi_spec_validator import validate

from certificates import services
from certificates.models import ApiKey, BulkCheck, Inquiry
from tests.certificates.factories import CertificateFactory

ONE = "/api/v1/verifications"
MANY = "/api/v1/verifications/bulk"


def post(client, path, body, key, **extra):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return client.post(path, data, content_type="application/json", **headers, **extra)


def test_a_valid_certificate_is_answered_as_the_contract_says(client, certificate, api_key):
    response = post(client, ONE, {"number": "14021000123", "national_id": "0499370899"}, api_key[1])
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"status", "receipt", "certificate"}
    assert body["status"] == "valid"
    assert body["certificate"]["number"] == "14021000123"
    assert body["certificate"]["national_id"] == "04******99"
    inquiry = Inquiry.objects.get(receipt_code=body["receipt"])
    assert inquiry.channel == "api"
    assert inquiry.organisation == api_key[0].organisation


def test_persian_digits_are_normalised(client, certificate, api_key):
    body = post(
        client, ONE, {"number": "۱۴۰۲۱۰۰۰۱۲۳", "national_id": "۰۴۹۹-۳۷۰۸۹۹"}, api_key[1]
    ).json()
    assert body["status"] == "valid"


def test_a_mismatch_is_not_found_with_a_null_certificate(client, certificate, api_key):
    body = post(
        client, ONE, {"number": "14021000123", "national_id": "0790419904"}, api_key[1]
    ).json()
    assert body["status"] == "not_found"
    assert body["certificate"] is None
    assert body["receipt"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"number": "14021000123", "national_id": "0499370898"}, "national_id"),
        ({"number": "", "national_id": "0499370899"}, "number"),
        ({"national_id": "0499370899"}, "number"),
        ({"number": 5, "national_id": "0499370899"}, "number"),
    ],
)
def test_bad_input_is_a_400_with_errors_by_field(client, db, api_key, body, field):
    response = post(client, ONE, body, api_key[1])
    assert response.status_code == 400
    assert list(response.json()) == ["errors"]
    assert response.json()["errors"][field]
    assert not Inquiry.objects.exists()


def test_malformed_json_is_a_400(client, db, api_key):
    response = post(client, ONE, b'{"number": ', api_key[1])
    assert response.status_code == 400
    assert (
        response.json() == {"errors": {"body": ["The request body is not valid JSON."]}}
        or response.json()["errors"]["body"]
    )


@pytest.mark.parametrize("key", [None, "sd_deadbeef_not-a-real-key", "something else"])
def test_a_missing_or_unknown_key_is_a_401(client, db, key):
    response = post(client, ONE, {"number": "1", "national_id": "0499370899"}, key)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "authorization" in response.json()["errors"]


def test_a_revoked_key_is_a_401(client, certificate, api_key):
    services.api_key_revoke(api_key=api_key[0])
    response = post(client, ONE, {"number": "14021000123", "national_id": "0499370899"}, api_key[1])
    assert response.status_code == 401


def test_an_inactive_organisation_cannot_use_its_keys(client, certificate, api_key):
    api_key[0].organisation.active = False
    api_key[0].organisation.save()
    response = post(client, ONE, {"number": "14021000123", "national_id": "0499370899"}, api_key[1])
    assert response.status_code == 401


def test_only_the_hash_of_a_key_is_stored(api_key):
    record, key = api_key
    stored = ApiKey.objects.filter(pk=record.pk).values().get()
    assert key not in json.dumps(stored, default=str)
    assert key.startswith(f"sd_{record.prefix}_")
    assert len(key) > 40


def test_the_last_use_is_recorded(client, certificate, api_key):
    post(client, ONE, {"number": "14021000123", "national_id": "0499370899"}, api_key[1])
    api_key[0].refresh_from_db()
    assert api_key[0].last_used is not None


def test_a_key_over_its_limit_gets_a_429_with_retry_after(client, certificate, api_key):
    api_key[0].requests_per_minute = 2
    api_key[0].save()
    body = {"number": "14021000123", "national_id": "0499370899"}
    assert post(client, ONE, body, api_key[1]).status_code == 200
    assert post(client, ONE, body, api_key[1]).status_code == 200
    response = post(client, ONE, body, api_key[1])
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "rate" in response.json()["errors"]


def test_bulk_json_answers_in_the_order_of_the_input(client, certificate, api_key):
    CertificateFactory(number="555", national_id="0790419904", status="revoked", status_reason="x")
    items = [
        {"number": "555", "national_id": "0790419904", "reference": "r1"},
        {"number": "14021000123", "national_id": "0499370898", "reference": "bad"},
        {"number": "14021000123", "national_id": "0499370899", "reference": "r3"},
        {"number": "404", "national_id": "0499370899"},
    ]
    response = post(client, MANY, items, api_key[1])
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["reference"], r["status"]) for r in results] == [
        ("r1", "revoked"),
        ("bad", None),
        ("r3", "valid"),
        ("", "not_found"),
    ]
    assert results[1]["errors"]["national_id"]
    assert results[1]["receipt"] is None
    assert response.json()["rejected"] == 1
    assert Inquiry.objects.filter(channel="api").count() == 3
    assert BulkCheck.objects.get().rows == 4


def test_bulk_accepts_a_csv_file(client, certificate, api_key):
    upload = io.BytesIO("number,national_id,reference\n۱۴۰۲۱۰۰۰۱۲۳,0499370899,x\n".encode())
    upload.name = "list.csv"
    response = client.post(MANY, {"file": upload}, HTTP_AUTHORIZATION=f"Bearer {api_key[1]}")
    assert response.status_code == 200
    assert response.json()["results"][0]["status"] == "valid"


@pytest.mark.parametrize(
    "body",
    [b'{"number": "1"}', b"[1, 2]", b"not json", b'"text"'],
)
def test_bulk_refuses_what_is_not_a_list_of_objects(client, db, api_key, body):
    response = post(client, MANY, body, api_key[1])
    assert response.status_code == 400
    assert response.json()["errors"]["body"]


def test_bulk_refuses_more_than_ten_thousand_items(client, db, api_key):
    items = [{"number": "1", "national_id": "0499370899"}] * 10_001
    response = post(client, MANY, items, api_key[1])
    assert response.status_code == 400
    assert not Inquiry.objects.exists()


def test_the_openapi_document_is_valid_and_describes_both_operations(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/verifications", "/api/v1/verifications/bulk"} <= set(document["paths"])
    bulk_body = document["paths"]["/api/v1/verifications/bulk"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(bulk_body)


@pytest.mark.parametrize("path", ["/api/", "/en/api/"])
def test_the_api_page_explains_it_in_both_languages(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b"Authorization: Bearer" in response.content
    assert b"curl" in response.content
