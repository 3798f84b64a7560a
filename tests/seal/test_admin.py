"""The seal of a certificate in the admin: QR code and export of a selection."""

import csv
import io

from django.contrib.auth.models import Permission

from tests.certificates.factories import CertificateFactory
from tests.conftest import verified_login
from tests.factories import UserFactory
from tests.seal.conftest import key_set
from tests.seal.independent import verify


def test_staff_download_a_certificates_seal_qr_as_svg_and_png(staff_client, seal_key, certificate):
    base = f"/admin/certificates/certificate/{certificate.pk}"
    svg = staff_client.get(f"{base}/seal.svg")
    assert svg.status_code == 200
    assert svg["Content-Type"] == "image/svg+xml"
    png = staff_client.get(f"{base}/seal.png")
    assert png.content.startswith(b"\x89PNG")
    page = staff_client.get(f"{base}/change/").content.decode()
    assert f"{base}/seal.svg" in page


def test_the_seal_qr_is_for_staff_only(client, seal_key, certificate):
    response = client.get(f"/admin/certificates/certificate/{certificate.pk}/seal.svg")
    assert response.status_code == 302


def test_staff_export_the_seals_of_a_selection(staff_client, client, seal_key, certificate):
    other = CertificateFactory(number="14021000999")
    response = staff_client.post(
        "/admin/certificates/certificate/",
        {"action": "export_seals", "_selected_action": [certificate.pk, other.pk]},
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["number", "seal", "qr_url"]
    assert [row[0] for row in rows[1:]] == ["14021000123", "14021000999"]
    for row in rows[1:]:
        assert verify(row[1], key_set(client), issuer="127.0.0.1")["cert"]["n"] == row[0]
        assert row[2].startswith("http://127.0.0.1:8000/seal/#SKC1:")


def test_a_superuser_withdraws_a_leaked_key_in_admin(staff_client, client, seal_key):
    response = staff_client.post(
        "/admin/seal/sealkey/", {"action": "retire", "_selected_action": [seal_key.pk]}
    )
    assert response.status_code == 302
    seal_key.refresh_from_db()
    assert seal_key.retired
    assert "withdrawn in admin by staff" in seal_key.retired_reason
    assert key_set(client)["keys"] == []


def test_staff_who_are_not_superusers_cannot_withdraw_keys(client, seal_key):
    user = UserFactory(is_staff=True, username="clerk")
    user.user_permissions.add(*Permission.objects.filter(codename="view_sealkey"))
    staff = verified_login(client, user)
    response = staff.post(
        "/admin/seal/sealkey/", {"action": "retire", "_selected_action": [seal_key.pk]}
    )
    seal_key.refresh_from_db()
    assert not seal_key.retired
    assert response.status_code in (200, 302)


def test_staff_who_only_read_the_registry_make_no_seals(client, seal_key, certificate):
    user = UserFactory(is_staff=True, username="reader")
    user.user_permissions.add(*Permission.objects.filter(codename="view_certificate"))
    staff = verified_login(client, user)
    base = f"/admin/certificates/certificate/{certificate.pk}"
    assert staff.get(f"{base}/change/").status_code == 200
    assert staff.get(f"{base}/seal.svg").status_code == 403
    response = staff.post(
        "/admin/certificates/certificate/",
        {"action": "export_seals", "_selected_action": [certificate.pk]},
    )
    assert response.get("Content-Type") != "text/csv; charset=utf-8"
