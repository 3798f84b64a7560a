import pytest

from certificates.seal import services
from tests.certificates.conftest import _fresh_rate_limits  # noqa: F401 (autouse here too)
from tests.certificates.factories import CertificateFactory


@pytest.fixture
def seal_key(db):
    return services.seal_key_create(note="test")


@pytest.fixture
def certificate(db):
    return CertificateFactory(number="14021000123", national_id="0499370899")


@pytest.fixture
def revoked(db):
    return CertificateFactory(
        number="14001000321", status="revoked", status_reason="forged documents"
    )


def key_set(client) -> dict:
    return client.get("/.well-known/certificate-seal-keys.json").json()
