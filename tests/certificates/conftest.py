import pytest
from django.core.cache import cache

from tests.certificates.factories import CertificateFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    """Rate-limit counters live in the shared cache, which outlives a test's transaction."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def certificate(db):
    return CertificateFactory(number="14021000123", national_id="0499370899")
