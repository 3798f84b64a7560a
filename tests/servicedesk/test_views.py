import re

import pytest
from django.db import connection
from django.utils.http import url_has_allowed_host_and_scheme


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_unreachable(
    client, django_db_blocker, monkeypatch
):
    with django_db_blocker.unblock():
        connection.close()
        # A port where nothing listens: a real connection failure, not a mock.
        monkeypatch.setitem(connection.settings_dict, "PORT", "1")
        monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
        try:
            response = client.get("/healthz")
        finally:
            connection.close()
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


def test_home_is_persian_and_right_to_left_at_the_root(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert b'<html lang="fa" dir="rtl">' in response.content
    assert b"bootstrap.rtl.min.css" in response.content


def test_home_is_english_and_left_to_right_under_en(client, db):
    response = client.get("/en/")
    assert response.status_code == 200
    assert b'<html lang="en" dir="ltr">' in response.content
    assert b"Electronic Service Desk" in response.content


def test_the_language_switch_keeps_the_page(client, db):
    response = client.get("/en/")
    assert b'href="/" hreflang="fa"' in response.content
    response = client.get("/")
    assert b'href="/en/" hreflang="en"' in response.content


def language_switch_links(response) -> list[str]:
    return re.findall(r'<a class="nav-link" href="([^"]*)" hreflang=', response.content.decode())


# What the server sees as the path (PATH_INFO, already percent-decoded) for each request.
OFF_SITE_PATHS = {
    "/en//evil.example": "/en//evil.example",
    "//evil.example/": "//evil.example/",
    "/%2F%2Fevil.example": "///evil.example",
    "/en/%2F%2Fevil.example": "/en///evil.example",
    "/en/%5C%5Cevil.example": "/en/\\\\evil.example",
}


@pytest.mark.parametrize("path", OFF_SITE_PATHS)
def test_the_language_switch_never_points_off_the_site(client, db, path):
    response = client.get(path, PATH_INFO=OFF_SITE_PATHS[path])
    links = language_switch_links(response)
    assert links
    for target in [*links, response.get("Location", "/")]:
        assert url_has_allowed_host_and_scheme(target, allowed_hosts={"testserver"}), target
        assert not target.startswith(("//", "/\\")), target


@pytest.mark.parametrize(
    ("path", "links"),
    [
        ("/en//evil.example", ["/evil.example"]),
        ("//evil.example/", ["/en/evil.example/"]),
        ("/en/%2F%2Fevil.example", ["/evil.example"]),
    ],
)
def test_the_language_switch_keeps_a_doubled_slash_page_on_the_site(client, db, path, links):
    response = client.get(path, PATH_INFO=OFF_SITE_PATHS[path])
    assert language_switch_links(response) == links


def test_pages_use_only_the_portals_own_static_files(client, db):
    html = client.get("/").content.decode()
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html
    assert "/static/vendor/vazirmatn/Vazirmatn-Regular.woff2" in html


def test_security_headers_are_sent(client, db):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_hsts_is_sent_over_https(client, db):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize(
    ("path", "lang", "title"),
    [("/no-such-page/", "fa", "صفحه پیدا نشد"), ("/en/no-such-page/", "en", "Page not found")],
)
def test_an_unknown_page_is_a_friendly_404_in_the_readers_language(client, db, path, lang, title):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert title in html
    assert "Traceback" not in html


def test_a_missing_csrf_token_is_a_friendly_403(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/en/admin/login/", {"username": "x"})
    assert response.status_code == 403
    assert "Access denied" in response.content.decode()


def test_a_server_error_is_a_friendly_500_without_detail(client, db, settings):
    from django.test import RequestFactory
    from django.utils import translation

    from servicedesk.views import server_error

    with translation.override("en"):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


@pytest.fixture
def database_down(django_db_blocker, monkeypatch):
    """The database stops answering (a port where nothing listens): a real failure."""
    with django_db_blocker.unblock():
        connection.close()
        monkeypatch.setitem(connection.settings_dict, "PORT", "1")
        monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
        yield
        connection.close()


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/certificates/receipts/ABCDABCDABCD/", "موقتاً در دسترس نیست"),
        ("/en/services/", "Temporarily unavailable"),
    ],
)
def test_pages_answer_a_friendly_503_while_the_database_is_down(database_down, path, text):
    from django.test import Client

    response = Client(raise_request_exception=False).get(path, HTTP_COOKIE="sessionid=abc")
    assert response.status_code == 503
    assert text in response.content.decode()
    assert response["Retry-After"] == "30"
    assert "Traceback" not in response.content.decode()


def test_every_response_carries_a_request_id(client, db):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234")
    assert response["X-Request-ID"] == "lb-1234"
    assert len(client.get("/healthz")["X-Request-ID"]) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="bad id<>")["X-Request-ID"] != "bad id<>"


@pytest.mark.parametrize(
    ("path", "text"), [("/privacy/", "چه چیزی را ثبت می‌کنیم"), ("/en/privacy/", "What we record")]
)
def test_the_privacy_page_says_what_is_kept_and_for_how_long(client, db, settings, path, text):
    settings.RETENTION_CONTACT_DAYS = 123
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert text in html
    assert ("123" in html) or ("۱۲۳" in html)


def test_the_privacy_page_says_when_identities_and_sign_in_records_go(client, db, settings):
    settings.RETENTION_MANUAL_IDENTITY_DAYS = 456
    settings.RETENTION_ACCESS_LOG_DAYS = 78
    html = client.get("/en/privacy/").content.decode()
    assert "national code and certificate number are removed 456 days after the answer" in html
    assert "are removed after 78 days" in html
