"""The shared Redis cache: one client object per pool, and counting in one atomic round trip
that starts the window's expiry, on a real Redis."""

import pytest
import redis

from servicedesk.cache import SharedRedisCache

LOCATION = "redis://127.0.0.1:6379/15"


def redis_answers() -> bool:
    try:
        return redis.Redis.from_url(LOCATION, socket_timeout=1).ping()
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def cache():
    redis.Redis.from_url(LOCATION).flushdb()
    return SharedRedisCache(LOCATION, {"OPTIONS": {"socket_timeout": 1}})


def test_counts_start_at_one_and_expire_with_their_window(cache):
    assert [cache.count("rl:test", 60) for _ in range(3)] == [1, 2, 3]
    assert cache.get("rl:test") == 3
    ttl = redis.Redis.from_url(LOCATION).ttl(cache.make_key("rl:test"))
    assert 55 <= ttl <= 60
    cache.count("rl:test", 600)  # later counts do not push the window's end
    assert redis.Redis.from_url(LOCATION).ttl(cache.make_key("rl:test")) <= 60


def test_counting_survives_a_restarted_redis_that_forgot_the_script(cache):
    assert cache.count("rl:again", 60) == 1
    redis.Redis.from_url(LOCATION).script_flush()
    assert cache.count("rl:again", 60) == 2


def test_one_client_object_serves_every_call(cache):
    cache.set("a", 1)
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    assert cache.get("a") == 1


def test_many_counters_change_in_one_call_and_get_their_expiry_once(cache):
    assert cache.add_many({"rl:a": 3, "rl:b": 1}, 60) == {"rl:a": 3, "rl:b": 1}
    assert cache.add_many({"rl:a": -2, "rl:c": 5}, 600) == {"rl:a": 1, "rl:c": 5}
    assert cache.get_many(["rl:a", "rl:b", "rl:c"]) == {"rl:a": 1, "rl:b": 1, "rl:c": 5}
    server = redis.Redis.from_url(LOCATION)
    assert 55 <= server.ttl(cache.make_key("rl:a")) <= 60  # kept from its first count
    assert 595 <= server.ttl(cache.make_key("rl:c")) <= 600
    server.script_flush()
    assert cache.add_many({"rl:a": 1}, 60) == {"rl:a": 2}
