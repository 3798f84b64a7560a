"""The key set, the keys page, the verifier page and its service worker, the status lookup."""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from certificates.seal import services, views
from tests.seal.conftest import key_set

KEYS = "/.well-known/certificate-seal-keys.json"


def test_the_key_set_is_a_cacheable_jwk_set(client, seal_key):
    response = client.get(KEYS)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/jwk-set+json"
    assert response["Cache-Control"] == "public, max-age=900"
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert body["issuer"] == "127.0.0.1"
    assert body["retired_keys"] == []
    (key,) = body["keys"]
    assert {name: key[name] for name in ("kty", "crv", "kid", "alg", "use")} == {
        "kty": "EC",
        "crv": "P-256",
        "kid": seal_key.kid,
        "alg": "ES256",
        "use": "sig",
    }
    assert len(key["x"]) == len(key["y"]) == 43  # 32 bytes, base64url without padding
    assert key["signs_from"]
    assert key["signs_until"] is None
    assert "d" not in key  # never the private part


def test_the_key_set_answers_not_modified_to_a_verifier_that_has_it(client, seal_key):
    etag = client.get(KEYS)["ETag"]
    assert client.get(KEYS, headers={"If-None-Match": etag}).status_code == 304
    services.seal_key_rotate(overlap=datetime.timedelta(days=1))
    assert client.get(KEYS, headers={"If-None-Match": etag}).status_code == 200


def test_the_keys_page_shows_each_key_its_state_and_fingerprint(client, seal_key):
    services.seal_key_retire(kid=seal_key.kid, reason="leaked")
    fresh = services.seal_key_create()
    page = client.get("/en/seal/keys/").content.decode()
    assert f'data-kid="{seal_key.kid}" data-key-state="retired"' in page
    assert f'data-kid="{fresh.kid}" data-key-state="signing"' in page
    assert re.search(r"([0-9A-F]{4} ){15}[0-9A-F]{4}", page)


@pytest.mark.parametrize("path", ["/seal/", "/en/seal/"])
def test_the_verifier_page_carries_its_settings_and_the_official_host(client, path):
    response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<textarea class="form-control code" id="seal-input" name="seal"' in page
    assert 'data-official-host="127.0.0.1"' in page
    config = json.loads(re.search(r'id="seal-config"[^>]*>(.*?)</script>', page).group(1))
    assert config["host"] == "127.0.0.1"
    assert config["keysUrl"] == KEYS
    assert config["workerUrl"] == path + "sw.js"
    # Scripts only from files (script-src 'self'): no inline code.
    for script in re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S):
        assert "src=" in script[0] or 'type="application/json"' in script[0]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_english_verifier_teaches_how_to_check_the_host(client):
    page = client.get("/en/seal/").content.decode()
    assert "The official portal is only at" in page
    assert "Look-alike names are fake" in page


@pytest.mark.parametrize("path", ["/seal/sw.js", "/en/seal/sw.js"])
def test_the_service_worker_caches_the_page_its_modules_and_the_keys(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    config = json.loads(re.search(r"const CONFIG = (.*);", response.content.decode()).group(1))
    page = path.removesuffix("sw.js")
    assert config["page"] == page
    assert config["keys"] == KEYS
    for url in [page, KEYS, "/static/seal/verifier.js", "/static/vendor/cborg/lib/decode.js"]:
        assert url in config["precache"]
    for url in config["precache"][2:]:  # one missing file would fail the worker's install
        assert finders.find(url.removeprefix(settings.STATIC_URL)), url


def test_the_cached_cborg_modules_are_all_those_decode_and_encode_import():
    lib = Path(settings.NODE_MODULES) / "cborg" / "lib"
    needed, todo = set(), ["decode.js", "encode.js"]
    while todo:
        name = todo.pop()
        if name not in needed:
            needed.add(name)
            source = (lib / name).read_text()
            todo += [m.removeprefix("./") for m in re.findall(r"from '(\./[^']+)'", source)]
    assert sorted(needed) == sorted(f"{name}.js" for name in views.CBORG_MODULES)


def test_the_status_lookup_answers_one_word_for_a_token(client, certificate, revoked):
    response = client.get(f"/seal/status/{certificate.token}")
    assert response.status_code == 200
    assert response.json() == {"status": "valid"}
    assert "no-cache" in response["Cache-Control"]
    assert client.get(f"/seal/status/{revoked.token}").json() == {"status": "revoked"}


def test_the_status_lookup_of_an_unknown_token_is_not_found(client, db):
    response = client.get("/seal/status/" + "x" * 24)
    assert response.status_code == 404
    assert response.json() == {"status": "not_found"}
    assert client.get("/seal/status/" + "x" * 400).status_code == 404


def test_the_status_lookup_is_rate_limited_like_the_qr_link(client, settings, certificate):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "qr": "2/10m"}
    for _ in range(2):
        assert client.get(f"/seal/status/{certificate.token}").status_code == 200
    response = client.get(f"/seal/status/{certificate.token}")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_result_pages_show_the_official_host(client, certificate, prefix):
    page = client.get(f"{prefix}/c/{certificate.token}").content.decode()
    assert 'data-official-host="127.0.0.1"' in page
    receipt = re.search(r'data-receipt-code="([^"]+)"', page).group(1)
    page = client.get(f"{prefix}/certificates/receipts/{receipt}/").content.decode()
    assert 'data-official-host="127.0.0.1"' in page


def test_the_key_set_lists_keys_for_every_period(client, seal_key):
    assert [key["kid"] for key in key_set(client)["keys"]] == [seal_key.kid]
