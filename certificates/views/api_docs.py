"""The human page about the JSON API, in both languages."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET

from certificates.bulk import MAX_ROWS


@require_GET
def api_docs(request):
    return render(
        request,
        "certificates/api_docs.html",
        {"site_url": settings.SITE_URL, "max_rows": MAX_ROWS},
    )
