"""When the shared rate-limit store (Redis) is unreachable the limits hold, counted in each
process's memory, and the portal keeps answering; a store that hangs is not waited for on
every request. Real failures: a port where nothing listens, and one that never answers."""

import socket
import time
import uuid

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from servicedesk import ratelimits

RATE = ratelimits.Rate(limit=3, period=600)


@pytest.fixture
def shared_store(settings, monkeypatch):
    """Point the shared store somewhere; a fresh fallback; the store is tried at once."""
    monkeypatch.setattr(ratelimits, "_shared_store_skipped_until", 0.0)

    def point(location: str, *, timeout: float = 0.5) -> None:
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "servicedesk.cache.SharedRedisCache",
                "LOCATION": location,
                "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
            },
            "ratelimit-fallback": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"fallback-{uuid.uuid4()}",
            },
        }

    return point


@pytest.fixture
def hung_redis():
    """An address that accepts connections and never answers: a hung server, or what a
    client sees when the network to the store's host drops packets."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"


def a_request(address="10.1.2.3"):
    return RequestFactory().get("/", REMOTE_ADDR=address)


def test_limits_hold_in_process_memory_while_the_store_refuses_connections(shared_store):
    shared_store("redis://127.0.0.1:1/0")
    request = a_request()
    waits = [ratelimits.attempt(request, "qr", rate=RATE) for _ in range(4)]
    assert waits[:3] == [None, None, None]
    assert waits[3] > 0
    assert ratelimits.retry_after(request, "qr", rate=RATE) > 0


def test_a_hung_store_costs_one_timeout_not_one_per_request(shared_store, hung_redis):
    shared_store(hung_redis, timeout=0.5)
    request = a_request()
    started = time.monotonic()
    assert ratelimits.attempt(request, "qr", rate=RATE) is None
    assert time.monotonic() - started >= 0.4  # it did wait for the store once

    started = time.monotonic()
    waits = [ratelimits.attempt(request, "qr", rate=RATE) for _ in range(20)]
    # Waiting for the hung store each time would take 20 × 0.5 s.
    assert time.monotonic() - started < 0.4
    assert waits[:2] == [None, None]
    assert all(wait and wait > 0 for wait in waits[2:])  # and the limit still holds


def test_the_store_is_used_again_once_it_answers(shared_store, hung_redis, settings, monkeypatch):
    monkeypatch.setattr(ratelimits, "SHARED_STORE_RETRY_SECONDS", 0.3)
    shared_store(hung_redis, timeout=0.2)
    request = a_request()
    ratelimits.record_attempt(request, "qr", rate=RATE)  # fails over to process memory
    # The store comes back.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"shared-{uuid.uuid4()}",
        },
    }
    ratelimits.record_attempt(request, "qr", rate=RATE)  # still left alone for a moment
    assert not caches["default"]._cache
    time.sleep(0.35)
    assert ratelimits.record_attempt(request, "qr", rate=RATE) == 1  # counted there again
    assert caches["default"]._cache


def test_pages_keep_answering_while_the_store_is_down(client, db, shared_store):
    from tests.certificates.factories import CertificateFactory

    shared_store("redis://127.0.0.1:1/0")
    certificate = CertificateFactory(number="14021000123", national_id="0499370899")
    response = client.get(f"/c/{certificate.token}")
    assert response.status_code == 200
    assert b'data-verification-status="valid"' in response.content
