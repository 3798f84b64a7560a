"""Included inside the certificates namespace (certificates/urls.py), under
``certificates/requests/``: the names are certificates:request-new, request-created and
request-track."""

from django.urls import path

from certificates.manual import views

urlpatterns = [
    path("new/", views.request_new, name="request-new"),
    path("created/", views.request_created, name="request-created"),
    path("track/", views.request_track, name="request-track"),
]
