"""Project-level pages: the home of the Electronic Service Desk, health, and error pages."""

import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from servicedesk.errors import render_error
from sla.selectors import published_services


def home(request):
    return render(request, "home.html", {"services": published_services()})


def privacy(request):
    return render(
        request,
        "privacy.html",
        {
            "client_days": settings.RETENTION_CLIENT_HASH_DAYS,
            "contact_days": settings.RETENTION_CONTACT_DAYS,
            "scan_days": settings.RETENTION_SCAN_DAYS,
            "identity_days": settings.RETENTION_MANUAL_IDENTITY_DAYS,
            "sign_in_days": settings.RETENTION_ACCESS_LOG_DAYS,
        },
    )


@require_GET
@never_cache
def healthz(request):
    """For load balancers: 200 when the database answers, 503 with a reason when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def bad_request(request, exception=None):
    return render_error(request, 400)


def permission_denied(request, exception=None):
    return render_error(request, 403)


def page_not_found(request, exception=None):
    return render_error(request, 404)


def server_error(request):
    """500, or 503 when the database is what failed: that is an outage to wait out, and the
    page says so. (Django calls this while handling the exception, so it is still current.)"""
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError | InterfaceError):
        return render_error(request, 503, retry_after=30)
    return render_error(request, 500)


def csrf_failure(request, reason=""):
    """A stale or missing form token: the friendly 403, never Django's debug page."""
    return render_error(request, 403)
