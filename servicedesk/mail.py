"""Mail from templates, in the reader's language.

A message is three templates: ``<prefix>_subject.txt``, ``<prefix>_body.txt`` and
``<prefix>_body.html``. Callers send from outbox jobs (``servicedesk.outbox``), queued in the
transaction of the record they are about: the worker sends them, and tries again when SMTP fails.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def send_templated_mail(*, template: str, to: list[str], context: dict, language: str) -> None:
    """Render subject, text and HTML of ``<template>_*`` in ``language`` and send them."""
    with translation.override(language):
        context = {"site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}_body.txt", context)
        html = render_to_string(f"{template}_body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    message.send()


def supervisor_emails(configured: Iterable[str] = ()) -> list[str]:
    """The configured addresses, else every active superuser's address."""
    configured = [address for address in configured if address]
    if configured:
        return configured
    return list(
        get_user_model()
        .objects.filter(is_superuser=True, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    )
