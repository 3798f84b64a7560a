"""Who the client is: the connection's address, and X-Forwarded-For only from our own proxies
(TRUSTED_PROXIES), read from the right; what the per-client limits and django-axes count."""

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import RequestFactory

from servicedesk import clients, ratelimits
from tests.certificates.factories import CertificateFactory
from tests.factories import UserFactory
from tests.servicedesk.test_settings import PRODUCTION, run_manage

PROXY = "10.0.0.1"
VERIFY = "/en/certificates/verify/"


def a_request(remote: str, forwarded: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def address(remote: str, forwarded: str | None = None) -> str:
    return clients.client_address(a_request(remote, forwarded))


@pytest.fixture
def proxies(settings):
    def trust(*entries: str) -> None:
        settings.TRUSTED_PROXIES = list(entries)

    return trust


@pytest.fixture
def fresh_counts(db):
    """Rate-limit counters live in the shared cache, which outlives a test's transaction."""
    cache.clear()
    yield
    cache.clear()


# --- which address ------------------------------------------------------------------------------
def test_without_trusted_proxies_the_header_is_ignored():
    assert address("198.51.100.7", "203.0.113.9") == "198.51.100.7"


def test_the_header_of_a_connection_from_an_untrusted_address_is_ignored(proxies):
    proxies(PROXY)
    assert address("198.51.100.7", "203.0.113.9") == "198.51.100.7"
    assert address("198.51.100.7", f"203.0.113.9, {PROXY}") == "198.51.100.7"


def test_behind_a_trusted_proxy_the_address_it_saw_is_the_client(proxies):
    proxies(PROXY)
    assert address(PROXY, "203.0.113.9") == "203.0.113.9"
    # What the client wrote itself stands left of what our proxy appended.
    assert address(PROXY, "6.6.6.6, 203.0.113.9") == "203.0.113.9"


def test_every_trusted_proxy_on_the_way_is_skipped_from_the_right(proxies):
    proxies("10.0.0.0/24", "192.168.7.7")
    assert address("10.0.0.1", "6.6.6.6, 203.0.113.9, 192.168.7.7, 10.0.0.2") == "203.0.113.9"
    # Only our proxies are skipped: an untrusted hop in between is where the walk stops.
    assert address("10.0.0.1", "203.0.113.9, 198.51.100.1, 10.0.0.2") == "198.51.100.1"
    # All of them trusted: the farthest is all we know.
    assert address("10.0.0.1", "10.0.0.3, 10.0.0.2") == "10.0.0.3"
    assert address("10.0.0.1", "") == "10.0.0.1"


def test_a_malformed_entry_falls_back_to_the_last_trusted_hop(proxies):
    proxies("10.0.0.0/24")
    assert address("10.0.0.1", "6.6.6.6, not-an-address") == "10.0.0.1"
    assert address("10.0.0.1", "6.6.6.6, 203.0.113.9:443, 10.0.0.2") == "10.0.0.2"
    assert address("10.0.0.1", "6.6.6.6, , 10.0.0.2") == "10.0.0.2"


def test_proxies_and_clients_may_be_ipv6(proxies):
    proxies("2001:db8:ffff::/48")
    client = "2001:db8:1:2:aaaa:bbbb:cccc:dddd"
    assert address("2001:db8:ffff::1", f"{client}, 2001:db8:ffff::2") == "2001:db8:1:2::"
    assert address("2001:db8:fffe::1", client) == "2001:db8:fffe::"  # not ours


def test_an_ipv4_peer_on_a_dual_stack_socket_is_its_ipv4_address(proxies):
    proxies(PROXY)
    assert address(f"::ffff:{PROXY}", "203.0.113.9") == "203.0.113.9"
    assert address("::ffff:198.51.100.7") == "198.51.100.7"


def test_production_refuses_to_start_with_a_trusted_proxy_that_is_not_an_address():
    result = run_manage("check", env={**PRODUCTION, "TRUSTED_PROXIES": "10.0.0.1,lb.example"})
    assert result.returncode != 0
    assert "TRUSTED_PROXIES: 'lb.example' is not an address" in result.stderr


# --- what the limits count ----------------------------------------------------------------------
def check(client, number: str, **headers):
    return client.post(VERIFY, {"number": number, "national_id": "0499370899"}, **headers)


def test_a_client_cannot_escape_the_check_limit_by_changing_the_header(
    client, fresh_counts, proxies, settings
):
    proxies(PROXY)  # a proxy is configured, but this client reaches the app directly
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "verify-failures": "3/10m"}
    for n in range(3):
        response = check(
            client, f"1402100{n}", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"6.6.6.{n}"
        )
        assert response.status_code == 200
    response = check(
        client, "14021009", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="6.6.6.99"
    )
    assert response.status_code == 429


def test_clients_behind_a_trusted_proxy_are_counted_apart(client, fresh_counts, proxies, settings):
    proxies(PROXY)
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "verify-failures": "3/10m"}
    CertificateFactory(number="14021000123", national_id="0499370899")
    for n in range(3):
        response = check(
            client, f"1402100{n}", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9"
        )
        assert response.status_code == 200
    first = check(client, "14021009", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert first.status_code == 429
    # The next person behind the same load balancer is not held back by the first.
    other = check(client, "14021000123", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert other.status_code == 200
    assert b'data-verification-status="valid"' in other.content
    # Nor can the first one pass for the second by writing its address in front.
    spoofed = check(
        client,
        "14021000123",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.10, 203.0.113.9",
    )
    assert spoofed.status_code == 429


RATE = ratelimits.Rate(limit=3, period=600)


def test_addresses_within_one_ipv6_64_share_one_count(fresh_counts):
    waits = [
        ratelimits.attempt(a_request(f"2001:db8:1:2::{n:x}"), "qr", rate=RATE) for n in range(4)
    ]
    assert waits[:3] == [None, None, None]
    assert waits[3] > 0
    assert ratelimits.retry_after(a_request("2001:db8:1:2:ffff::1"), "qr", rate=RATE) > 0
    assert ratelimits.retry_after(a_request("2001:db8:1:3::1"), "qr", rate=RATE) is None


def test_an_ipv6_48_is_limited_at_four_times_the_limit(fresh_counts):
    """A client walking through the /64s of its /48 gets four times one client's attempts."""
    allowed = 0
    for subnet in range(20):
        if ratelimits.attempt(a_request(f"2001:db8:1:{subnet:x}::1"), "qr", rate=RATE) is None:
            allowed += 1
    assert allowed == RATE.limit * ratelimits.WIDER_PREFIX_FACTOR
    assert ratelimits.retry_after(a_request("2001:db8:1:99::1"), "qr", rate=RATE) > 0
    # The next /48 is another allocation.
    assert ratelimits.retry_after(a_request("2001:db8:2::1"), "qr", rate=RATE) is None
    assert ratelimits.attempt(a_request("2001:db8:2::1"), "qr", rate=RATE) is None


def test_an_ipv4_client_is_counted_once(fresh_counts):
    request = a_request("203.0.113.9")
    assert [ratelimits.record_attempt(request, "qr", rate=RATE) for _ in range(2)] == [1, 2]
    assert len([key for key in _cache_keys() if key.startswith("rl:qr:")]) == 1


def _cache_keys() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM servicedesk_cache")
        return [row[0].split(":", 2)[-1] for row in cursor.fetchall()]


# --- django-axes --------------------------------------------------------------------------------
def sign_in(client, password: str, **headers):
    return client.post(
        "/en/admin/login/",
        {"username": "clerk", "password": password, "next": "/en/admin/"},
        **headers,
    )


def test_axes_locks_a_spoofing_client_by_its_real_address(client, db, settings):
    UserFactory(username="clerk", is_staff=True)
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"6.6.6.{n}")
    response = sign_in(
        client, "a-long-test-password", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="6.6.6.9"
    )
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


def test_axes_counts_the_client_behind_a_trusted_proxy(client, db, proxies):
    proxies(PROXY)
    UserFactory(username="clerk", is_staff=True)
    sign_in(client, "wrong", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.9"]


# --- where gunicorn listens -----------------------------------------------------------------------
def test_gunicorn_listens_on_loopback_unless_told_otherwise(monkeypatch):
    import runpy

    from django.conf import settings

    config = str(settings.BASE_DIR / "gunicorn.conf.py")
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    assert runpy.run_path(config)["bind"] == "127.0.0.1:8000"
    monkeypatch.setenv("GUNICORN_BIND", "10.0.0.21:8000")
    assert runpy.run_path(config)["bind"] == "10.0.0.21:8000"
