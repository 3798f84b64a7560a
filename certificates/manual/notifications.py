"""What manual inquiries tell the filer, in the language they filed in: casework's mail, and an
SMS (theirs alone) when they left a mobile number. Called after the transaction commits; every
message goes through ``send_safely``: a gateway that fails is logged (without addresses or
numbers) and never undoes what was saved.
"""

from functools import partial

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from casework.notifications import mail_case
from certificates.models import ManualRequest
from servicedesk import sms
from servicedesk.mail import send_safely

# Messages the filer gets, by the event that causes them.
FILER_MESSAGES = ("received", "answered", "rejected")


def _sms_text(manual_request: ManualRequest, message: str) -> str:
    with translation.override(manual_request.language):
        text = render_to_string(
            f"certificates/manual/sms/{message}.txt",
            {"manual_request": manual_request, "site_url": settings.SITE_URL},
        )
    return " ".join(text.split())


def notify_filer(model: type[ManualRequest], manual_request_id: int, message: str) -> None:
    """Tell the filer of request ``manual_request_id`` about ``message`` (one of
    FILER_MESSAGES) by every way they left."""
    if message not in FILER_MESSAGES:
        raise ValueError(f"unknown message {message!r}")
    manual_request = model.objects.select_related("agreement_version").get(pk=manual_request_id)
    mail_case(manual_request, message)
    if manual_request.contact_mobile:
        send_safely(
            f"the {message} message of manual inquiry {manual_request_id} by SMS",
            partial(
                sms.send_sms,
                to=manual_request.contact_mobile,
                text=_sms_text(manual_request, message),
            ),
        )
