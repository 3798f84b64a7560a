import pytest
from django.core.cache import cache

from certificates.seal import services
from tests.certificates.factories import CertificateFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    """Rate-limit counters live in the shared cache, which outlives a test's transaction."""
    cache.clear()
    yield
    cache.clear()


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
