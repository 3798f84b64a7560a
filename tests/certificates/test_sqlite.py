"""The demo runs on the embedded SQLite database, where the check takes the ORM's queries
instead of PostgreSQL's prepared statements: every channel still answers the same."""

from tests.sqlite import run_on_sqlite

SCRIPT = """
import django
django.setup()
import json
from io import StringIO
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
call_command("createcachetable", verbosity=0)
from certificates import demo, services
from certificates.models import Certificate, Inquiry
demo.load(StringIO())
client = Client()
for number, national_id, outcome in [
    ("14021000123", "0499370899", "valid"),
    ("13981000789", "0084575948", "expired"),
    ("14001000321", "0012345679", "revoked"),
    ("13991000654", "0061234567", "replaced"),
    ("14021000123", "0790419904", "not_found"),
]:
    html = client.post(
        "/certificates/verify/", {"number": number, "national_id": national_id}
    ).content.decode()
    assert f'data-verification-status="{outcome}"' in html, (number, outcome)
assert "14031000655" in client.post(
    "/certificates/verify/", {"number": "13991000654", "national_id": "0061234567"}
).content.decode().translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
token = Certificate.objects.get(number="14021000123").token
assert 'data-verification-status="valid"' in client.get(f"/c/{token}").content.decode()
organisation, _ = services.organisation_get_or_create(name="SQLite employer")
_record, key = services.api_key_create(organisation=organisation, name="sqlite")
response = client.post(
    "/api/v1/verifications",
    json.dumps({"number": "14021000123", "national_id": "0499370899"}),
    content_type="application/json",
    HTTP_AUTHORIZATION=f"Bearer {key}",
)
assert response.status_code == 200, response.content
body = response.json()
assert body["status"] == "valid" and body["certificate"]["standard"]["code"] == "7321-20-001-1"
assert Inquiry.objects.get(receipt_code=body["receipt"]).organisation_id == organisation.pk
assert client.post(
    "/api/v1/verifications", "{}", content_type="application/json",
    HTTP_AUTHORIZATION="Bearer sd_unknown",
).status_code == 401
response = client.post(
    "/api/v1/verifications/bulk",
    json.dumps([
        {"number": "14021000123", "national_id": "0499370899"},
        {"number": "13991000654", "national_id": "0061234567"},
        {"number": "14021000123", "national_id": "0790419904"},
    ]),
    content_type="application/json",
    HTTP_AUTHORIZATION=f"Bearer {key}",
)
assert response.status_code == 200, response.content
assert [row["status"] for row in response.json()["results"]] == ["valid", "replaced", "not_found"]
assert Inquiry.objects.count() == 11
print("ok")
"""


def test_every_channel_checks_on_sqlite(tmp_path):
    assert run_on_sqlite(SCRIPT, tmp_path).strip().endswith("ok")
