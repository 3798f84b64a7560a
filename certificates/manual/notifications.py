"""What manual inquiries tell the filer, in the language they filed in: casework's mail, and an
SMS (theirs alone) when they left a mobile number. Both are outbox jobs (``servicedesk.outbox``),
queued in the transaction that changes the request: a gateway that fails is tried again by the
worker and never undoes what was saved.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from certificates.models import ManualRequest
from servicedesk import outbox, sms

# Messages the filer gets, by the event that causes them.
FILER_MESSAGES = ("received", "answered", "rejected")


def _sms_text(manual_request: ManualRequest, message: str) -> str:
    with translation.override(manual_request.language):
        text = render_to_string(
            f"certificates/manual/sms/{message}.txt",
            {"manual_request": manual_request, "site_url": settings.SITE_URL},
        )
    return " ".join(text.split())


def queue_sms(manual_request: ManualRequest, message: str) -> None:
    """Queue the SMS about ``message`` (one of FILER_MESSAGES) if the filer left a number."""
    if message not in FILER_MESSAGES:
        raise ValueError(f"unknown message {message!r}")
    if manual_request.contact_mobile:
        outbox.enqueue(sms_filer, manual_request_id=manual_request.pk, message=message)


@outbox.job
def sms_filer(*, manual_request_id: int, message: str) -> None:
    """Text the filer of request ``manual_request_id`` about ``message``, if they still leave a
    number."""
    manual_request = (
        ManualRequest.objects.select_related("agreement_version")
        .filter(pk=manual_request_id)
        .first()
    )
    if manual_request is None or not manual_request.contact_mobile:
        return
    sms.send_sms(to=manual_request.contact_mobile, text=_sms_text(manual_request, message))
