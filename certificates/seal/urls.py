"""The verifier's pages (in each language) and, outside the language prefixes, the key set and
the status lookup (see ``public``)."""

from django.urls import path

from certificates.seal import views

app_name = "seal"

urlpatterns = [
    path("seal/", views.verifier, name="verifier"),
    path("seal/sw.js", views.service_worker, name="service-worker"),
    path("seal/keys/", views.keys_page, name="keys"),
]

public = (
    [
        path(".well-known/certificate-seal-keys.json", views.key_set, name="keys-json"),
        path("seal/status/<str:token>", views.status, name="status"),
    ],
    "seal-public",
)
