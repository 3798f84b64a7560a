import pytest

from certificates.seal import services
from tests.certificates.conftest import _fresh_rate_limits  # noqa: F401 (autouse here too)
from tests.certificates.factories import CertificateFactory, StandardFactory


@pytest.fixture
def seal_key(db):
    return services.seal_key_create(note="test")


@pytest.fixture
def certificate(db):
    # A standard code of the usual length: the factory's sequence passes 999 in a long run, and
    # one more character in the seal can tip its QR code into the next version.
    return CertificateFactory(
        number="14021000123",
        national_id="0499370899",
        standard=StandardFactory(code="7321-20-001-1"),
    )


@pytest.fixture
def revoked(db):
    return CertificateFactory(
        number="14001000321", status="revoked", status_reason="forged documents"
    )


def key_set(client) -> dict:
    return client.get("/.well-known/certificate-seal-keys.json").json()
