"""Guessing is counted in the shared store: two separate app processes share one limit."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
import redis

from tests.processes import gunicorn

pytestmark = pytest.mark.django_db(transaction=True)


class Browser:
    """A tiny HTTP client keeping one cookie jar across both processes (one client)."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def token(self, base):
        html = self.opener.open(base + "/certificates/verify/").read().decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def check(self, base, token, number):
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "number": number, "national_id": "0499370899"}
        ).encode()
        try:
            response = self.opener.open(base + "/certificates/verify/", data)
            return response.status, response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.headers


def redis_answers() -> bool:
    try:
        return redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_timeout=1).ping()
    except redis.RedisError:
        return False


STORES = [
    pytest.param({}, id="database-cache"),
    pytest.param(
        {"REDIS_URL": "redis://127.0.0.1:6379/15"},
        id="redis",
        marks=pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379"),
    ),
]


@pytest.mark.parametrize("store", STORES)
def test_the_failure_limit_holds_across_two_app_processes(store):
    if store:
        redis.Redis.from_url(store["REDIS_URL"]).flushdb()
    env = {"RATE_LIMIT_VERIFY_FAILURES": "3/10m", **store}
    with gunicorn(env=env) as first, gunicorn(env=env) as second:
        browser = Browser()
        token = browser.token(first)
        statuses = [
            browser.check(base, token, number)[0]
            for base, number in [(first, "11"), (second, "12"), (first, "13")]
        ]
        assert statuses == [200, 200, 200]
        status, headers = browser.check(second, token, "14")
        assert status == 429
        assert int(headers["Retry-After"]) > 0
        assert browser.check(first, token, "15")[0] == 429
