"""The seal verifier (it runs in the browser), its service worker, the published keys and the
online status of a sealed certificate."""

import hashlib
import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from certificates import selectors as certificate_selectors
from certificates.seal import codec, jwks, selectors
from certificates.services import verification_outcome
from servicedesk import ratelimits

# The modules of cborg that decode.js and encode.js import (tests keep this list complete).
CBORG_MODULES = [
    "0uint", "1negint", "2bytes", "3string", "4array", "5map", "6tag", "7float",
    "bl", "byte-utils", "common", "decode", "encode", "is", "jump", "token",
]  # fmt: skip
# ES modules import one another by plain relative names, so these are cached by plain names.
MODULES = [
    "seal/verifier.js",
    "seal/seal.js",
    "seal/scanner.js",
    "vendor/fflate/browser.js",
    *(f"vendor/cborg/lib/{name}.js" for name in CBORG_MODULES),
]
ASSETS = [
    "vendor/jsqr/jsQR.js",
    "vendor/bootstrap/css/bootstrap.rtl.min.css",
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "vendor/vazirmatn/Vazirmatn-Regular.woff2",
    "css/portal.css",
    "seal/seal.css",
]
KEYS_MAX_AGE = 900  # seconds: a retired key reaches online verifiers within a quarter hour
TOKEN_MAX_LENGTH = 32


def _messages() -> dict:
    return {
        "valid": _("Genuine: signed by the directorate, and the data below is unchanged."),
        "invalid": _(
            "Not genuine: this seal is damaged, altered, or was not issued by the official portal."
        ),
        "unknown-key": _(
            "This seal names a key this verifier does not know. Refresh the keys while online; "
            "if it stays unknown, the seal is not from the official portal."
        ),
        "retired-key": _(
            "Warning: this seal was signed with a key the directorate has withdrawn (it may "
            "have leaked). Do not accept it without checking the certificate online."
        ),
        "online-valid": _("Checked online just now: the certificate is valid in the registry."),
        "online-expired": _("Checked online just now: the certificate has expired."),
        "online-revoked": _("Checked online just now: the certificate has been revoked."),
        "online-replaced": _(
            "Checked online just now: the certificate has been replaced by a newer one."
        ),
        "online-not_found": _("Checked online just now: the certificate is not in the registry."),
        "online-unavailable": _(
            "Offline: whether the certificate has been revoked or replaced could not be checked. "
            "Check it online before relying on it."
        ),
        "online-checking": _("Checking the certificate's current status online…"),
        "keys-refreshed": _("Keys last refreshed: %(date)s"),
        "keys-missing": _(
            "The keys could not be loaded. Open this page once while online to check seals offline."
        ),
        "camera-failed": _("The camera could not be used. Paste the seal instead."),
        "number": _("Certificate number"),
        "holder": _("Holder"),
        "holder-latin": _("Name in Latin letters"),
        "national-id": _("National code"),
        "standard": _("Occupational standard"),
        "grade": _("Grade"),
        "issue-date": _("Issue date"),
        "centre": _("Training centre"),
        "issuer": _("Issued by"),
        "sealed-at": _("Sealed on"),
        "key": _("Signing key"),
    }


@require_GET
def verifier(request):
    config = {
        "host": codec.official_host(),
        "language": get_language(),
        "keysUrl": reverse("seal-public:keys-json"),
        "statusUrl": reverse("seal-public:status", args=["TOKEN"]),
        "workerUrl": reverse("seal:service-worker"),
        "jsqrUrl": static("vendor/jsqr/jsQR.js"),
        "messages": _messages(),
    }
    response = render(request, "certificates/seal/verifier.html", {"seal_config": config})
    # Served from the service worker offline; online, always asked for again.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def service_worker(request):
    # The page asks for files by their hashed names; modules import one another by plain ones.
    hashed = [static(path) for path in [*MODULES, *ASSETS]]
    plain = [settings.STATIC_URL + path for path in MODULES]
    static_urls = list(dict.fromkeys([*hashed, *plain]))
    page = reverse("seal:verifier")
    keys = reverse("seal-public:keys-json")
    config = {
        # A new cache whenever a file changes (its hashed name changes) or this list does.
        "version": hashlib.sha256("\n".join([page, *static_urls]).encode()).hexdigest()[:16],
        "page": page,
        "keys": keys,
        "precache": [page, keys, *static_urls],
    }
    response = render(
        request,
        "certificates/seal/service_worker.js",
        {"config": json.dumps(config)},
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def key_set(request):
    body = json.dumps(jwks.key_set(selectors.seal_keys_published()), indent=1).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/jwk-set+json")
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={KEYS_MAX_AGE}"
    # Anyone's verifier, in any browser, may read the public keys.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def keys_page(request):
    keys = list(selectors.seal_keys_published())
    signing = selectors.seal_key_signing()
    rows = [
        {
            "key": key,
            "fingerprint": jwks.fingerprint(key),
            "signing": signing is not None and key.pk == signing.pk,
        }
        for key in keys
    ]
    return render(
        request,
        "certificates/seal/keys.html",
        {"rows": rows, "official_host": codec.official_host(), "now": timezone.now()},
    )


@never_cache
@require_GET
def status(request, token):
    """What the registry says today of the certificate a seal names, by its QR-link token: one
    word, nothing the seal does not already carry."""
    wait = ratelimits.attempt(request, "qr")
    if wait:
        response = JsonResponse({"error": "rate_limited"}, status=429)
        response["Retry-After"] = str(wait)
        return response
    certificate = None
    if len(token) <= TOKEN_MAX_LENGTH:
        certificate = certificate_selectors.certificate_for_token(token=token)
    outcome = verification_outcome(certificate, today=timezone.localdate())
    return JsonResponse({"status": outcome}, status=200 if certificate else 404)
