"""The seal of a certificate in the admin: QR code and export of a selection."""

import csv
import io

from tests.certificates.factories import CertificateFactory
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
