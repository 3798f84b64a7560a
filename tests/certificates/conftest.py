import pytest
from django.core.cache import cache

from certificates import services
from tests.certificates.factories import CertificateFactory, MembershipFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    """Rate-limit counters live in the shared cache, which outlives a test's transaction."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def certificate(db):
    return CertificateFactory(number="14021000123", national_id="0499370899")


@pytest.fixture
def member(db):
    """A user of an employer organisation."""
    return MembershipFactory(organisation__name="Caspian Builders", user__username="hr")


@pytest.fixture
def employer(client, member):
    client.force_login(member.user)
    return client


@pytest.fixture
def api_key(member):
    """(ApiKey, the key itself) of the member's organisation."""
    return services.api_key_create(organisation=member.organisation, name="HR system")
