"""Rate limits counted in the shared cache, so every worker and every host sees one count.

Limits are fixed windows per client and group (``"10/10m"``: ten in ten minutes), set in
``settings.RATE_LIMITS``. An IPv6 client is counted twice: by its /64 at the limit, and by its
/48 at ``WIDER_PREFIX_FACTOR`` times the limit, so a client that walks through the /64s of its
allocation still meets a limit, while a few households sharing a /48 rarely do. When the shared store is unreachable, counting falls back to each
process's own memory: limits stay in force, only less exact (each process counts for itself),
and the portal keeps answering. After a failure the store is left alone for a few seconds, so
a store that hangs slows one request per process now and then, not every request.
"""

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

from servicedesk.clients import client_hash, wider_client_hash

logger = logging.getLogger(__name__)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# An IPv6 client's /48 may make this many times its /64's attempts.
WIDER_PREFIX_FACTOR = 4


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """``"10/10m"`` → ten per six hundred seconds; ``"5/h"`` → five per hour."""
        count, _, window = text.partition("/")
        unit = window[-1:]
        multiple = int(window[:-1] or 1)
        return cls(limit=int(count), period=multiple * _UNITS[unit])


def _rate(group: str, rate: Rate | None) -> Rate:
    return rate or Rate.parse(settings.RATE_LIMITS[group])


def _window(rate: Rate, now: float) -> tuple[str, int]:
    start = int(now) - int(now) % rate.period
    return str(start), start + rate.period - int(now)


def _counters(group: str, request, rate: Rate, window: str, key: str | None):
    """(cache key, limit) of each count this attempt adds to: one for an IPv4 client or for
    ``key``; an IPv6 client's /64 and its /48."""
    counters = [(f"rl:{group}:{key or client_hash(request)}:{window}", rate.limit)]
    wider = None if key else wider_client_hash(request)
    if wider:
        counters.append((f"rl:{group}:{wider}:{window}", rate.limit * WIDER_PREFIX_FACTOR))
    return counters


# After the shared store fails, this process counts in its own memory for this long before it
# tries the store again: an unreachable store (a hung server, a dropped network) then costs one
# timeout per process per interval, not one per request.
SHARED_STORE_RETRY_SECONDS = 5.0
_shared_store_skipped_until = 0.0


def _with_fallback(operation):
    global _shared_store_skipped_until
    if time.monotonic() >= _shared_store_skipped_until:
        try:
            return operation(caches["default"])
        except Exception:  # the shared store is down: count in this process instead
            _shared_store_skipped_until = time.monotonic() + SHARED_STORE_RETRY_SECONDS
            logger.warning(
                "rate-limit store unavailable; counting in process memory for %s s",
                SHARED_STORE_RETRY_SECONDS,
            )
    return operation(caches["ratelimit-fallback"])


def retry_after(
    request, group: str, *, rate: Rate | None = None, key: str | None = None
) -> int | None:
    """Seconds the client must wait if it has used up ``group``'s limit, else None.

    ``rate`` overrides the group's setting; ``key`` counts something other than the client
    (an API key, say).
    """
    rate = _rate(group, rate)
    window, seconds_left = _window(rate, time.time())
    counters = _counters(group, request, rate, window, key)
    counts = _with_fallback(lambda cache: cache.get_many([cache_key for cache_key, _ in counters]))
    full = any(counts.get(cache_key, 0) >= limit for cache_key, limit in counters)
    return max(seconds_left, 1) if full else None


def _count(cache_key: str, period: int) -> int:
    def increment(cache):
        if hasattr(cache, "count"):  # the shared Redis store: one round trip
            return cache.count(cache_key, period + 5)
        cache.add(cache_key, 0, period + 5)
        return cache.incr(cache_key)

    return _with_fallback(increment)


def _record(request, group: str, rate: Rate, key: str | None) -> list[tuple[int, int]]:
    """Count one attempt on each of the client's counters: (count, limit) of each, the
    client's own first."""
    window, _ = _window(rate, time.time())
    return [
        (_count(cache_key, rate.period), limit)
        for cache_key, limit in _counters(group, request, rate, window, key)
    ]


def record_attempt(request, group: str, *, rate: Rate | None = None, key: str | None = None) -> int:
    """Count one attempt of ``group`` for this client; return the count in this window (of the
    client itself: an IPv6 client's /64)."""
    return _record(request, group, _rate(group, rate), key)[0][0]


def attempt(request, group: str, *, rate: Rate | None = None, key: str | None = None) -> int | None:
    """Count an attempt that always counts (a QR lookup, an API call); seconds to wait if this
    one is over the limit, else None."""
    rate = _rate(group, rate)
    if any(count > limit for count, limit in _record(request, group, rate, key)):
        return max(_window(rate, time.time())[1], 1)
    return None


def _keyed(group: str, keys: list[str], rate: Rate | None = None) -> dict[str, str]:
    """{cache key: key} of this window's counts of ``group`` for ``keys``."""
    rate = _rate(group, rate)
    window, _ = _window(rate, time.time())
    return {_counters(group, None, rate, window, key)[0][0]: key for key in keys}


def counts(group: str, keys: list[str], *, rate: Rate | None = None) -> dict[str, int]:
    """This window's count of ``group`` for each of ``keys`` (things other than the client: a
    certificate number, an organisation), read in one round trip."""
    return counts_of({group: keys}, rates={group: rate})[group]


def counts_of(
    keys: dict[str, list[str]], *, rates: dict[str, Rate | None] | None = None
) -> dict[str, dict[str, int]]:
    """``counts`` of several groups at once: {group: {key: count}}, in one round trip."""
    return retry_after_and_counts(None, None, keys, rates=rates)[1]


def retry_after_and_counts(
    request, group: str | None, keys: dict[str, list[str]], *, rates=None
) -> tuple[int | None, dict[str, dict[str, int]]]:
    """``retry_after(request, group)`` (None without a group) and ``counts_of(keys)``, read in
    one round trip: the public check asks both on every request."""
    rates = rates or {}
    client = []
    if group is not None:
        rate = _rate(group, None)
        window, seconds_left = _window(rate, time.time())
        client = _counters(group, request, rate, window, None)
    keyed = {name: _keyed(name, names, rates.get(name)) for name, names in keys.items()}
    wanted = [cache_key for cache_key, _ in client]
    wanted += [cache_key for by_cache_key in keyed.values() for cache_key in by_cache_key]
    found = _with_fallback(lambda cache: cache.get_many(wanted)) if wanted else {}
    full = any(found.get(cache_key, 0) >= limit for cache_key, limit in client)
    counted = {
        name: {key: found.get(cache_key, 0) for cache_key, key in by_cache_key.items()}
        for name, by_cache_key in keyed.items()
    }
    return (max(seconds_left, 1) if full else None), counted


def add_counts(group: str, amounts: dict[str, int], *, rate: Rate | None = None) -> dict[str, int]:
    """Add ``amounts[key]`` to this window's count of ``group`` for each key (negative to give
    some back); return the new counts."""
    rate = _rate(group, rate)
    cache_keys = _keyed(group, list(amounts), rate)
    by_cache_key = {cache_key: amounts[key] for cache_key, key in cache_keys.items()}

    def add(cache):
        if hasattr(cache, "add_many"):  # the shared Redis store: one round trip
            return cache.add_many(by_cache_key, rate.period + 5)
        new = {}
        for cache_key, amount in by_cache_key.items():
            cache.add(cache_key, 0, rate.period + 5)
            new[cache_key] = cache.incr(cache_key, amount)
        return new

    new = _with_fallback(add)
    return {key: new[cache_key] for cache_key, key in cache_keys.items()}
