"""What manual inquiries tell people: the filer (by email and/or SMS, in the language they filed
in) when a request is received and when it is answered or rejected, and the supervisors about
requests past their deadline.

Called after the transaction commits. Every message is sent through ``send_safely``: a gateway
that fails is logged (without addresses or numbers) and never undoes what was saved.
"""

import logging
from functools import partial

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from certificates.models import ManualRequest
from servicedesk import sms
from servicedesk.mail import send_safely, send_templated_mail, supervisor_emails

logger = logging.getLogger(__name__)

TEMPLATES = "certificates/manual/email"
# Messages the filer gets, by the event that causes them.
FILER_MESSAGES = ("received", "answered", "rejected")


def _sms_text(manual_request: ManualRequest, message: str) -> str:
    with translation.override(manual_request.language):
        text = render_to_string(
            f"certificates/manual/sms/{message}.txt",
            {"manual_request": manual_request, "site_url": settings.SITE_URL},
        )
    return " ".join(text.split())


def notify_filer(manual_request_id: int, message: str) -> None:
    """Tell the filer of request ``manual_request_id`` about ``message`` (one of
    FILER_MESSAGES) by every way they left."""
    if message not in FILER_MESSAGES:
        raise ValueError(f"unknown message {message!r}")
    manual_request = ManualRequest.objects.select_related("agreement_version").get(
        pk=manual_request_id
    )
    description = f"the {message} message of manual inquiry {manual_request_id}"
    if manual_request.contact_email:
        send_safely(
            f"{description} by email",
            partial(
                send_templated_mail,
                template=f"{TEMPLATES}/{message}",
                to=[manual_request.contact_email],
                context={"manual_request": manual_request},
                language=manual_request.language,
            ),
        )
    if manual_request.contact_mobile:
        send_safely(
            f"{description} by SMS",
            partial(
                sms.send_sms,
                to=manual_request.contact_mobile,
                text=_sms_text(manual_request, message),
            ),
        )


def mail_supervisors_overdue(items: list[ManualRequest], *, total: int, now) -> list[str]:
    """Mail the supervisors the requests newly past their deadline; the addresses mailed, or
    an empty list when there is nobody to mail or the mail failed (the next run retries)."""
    recipients = supervisor_emails(settings.MANUAL_REQUEST_SUPERVISOR_EMAILS)
    if not recipients:
        logger.warning("manual inquiries: overdue requests, but no supervisor address to mail")
        return []
    sent = send_safely(
        "the overdue report of manual inquiries",
        partial(
            send_templated_mail,
            template=f"{TEMPLATES}/overdue",
            to=recipients,
            context={"items": items, "total": total, "now": now},
            language=settings.LANGUAGE_CODE,
        ),
    )
    return recipients if sent else []
