"""Text messages to Iranian mobile numbers, through a backend chosen by ``settings.SMS_BACKEND``.

The default backend only logs that a message would be sent, with the number masked and the text
left out: development and tests never reach a real gateway, and logs never hold personal data.
A gateway of a provider is a class with ``send(*, to: str, text: str) -> None`` that raises on
failure; name it in ``SMS_BACKEND`` (a dotted path).

Mobile numbers are normalised here too (they are what SMS is sent to): ``09xxxxxxxxx``.
"""

import hashlib
import logging
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from servicedesk.text import normalize_code

logger = logging.getLogger(__name__)

DEFAULT_BACKEND = "servicedesk.sms.LoggingBackend"
# For CheckConstraint(condition=Q(<field>="") | Q(<field>__regex=MOBILE_PATTERN)).
MOBILE_PATTERN = r"^09[0-9]{9}$"
_MOBILE = re.compile(MOBILE_PATTERN)


# --- numbers -----------------------------------------------------------------------------------
def normalize_mobile(value: str) -> str:
    """An Iranian mobile number as 09xxxxxxxxx, from Persian or Arabic digits, spaces, dashes,
    brackets, +98 or 0098; ValidationError when it is not one."""
    number = normalize_code(value or "").replace("(", "").replace(")", "")
    if number.startswith("+98"):
        number = "0" + number[3:]
    elif number.startswith("0098"):
        number = "0" + number[4:]
    elif number.startswith("98") and len(number) == 12:
        number = "0" + number[2:]
    elif number.startswith("9") and len(number) == 10:
        number = "0" + number
    if not _MOBILE.match(number):
        raise ValidationError(
            _("Enter an Iranian mobile number such as 09121234567 (or +989121234567)."),
            code="invalid_mobile",
        )
    return number


def mask_mobile(number: str) -> str:
    """0912*****67: enough for a person to recognise their own number, nothing more."""
    if len(number) < 7:
        return "*" * len(number)
    return f"{number[:4]}{'*' * (len(number) - 6)}{number[-2:]}"


# --- backends ----------------------------------------------------------------------------------
class LoggingBackend:
    """Logs that a message would be sent: masked number, length and a short fingerprint of the
    text (to tell two messages apart), never the text itself."""

    def send(self, *, to: str, text: str) -> None:
        fingerprint = hashlib.sha256(text.encode()).hexdigest()[:8]
        logger.info(
            "SMS not sent (logging backend): to %s, %d characters, text #%s",
            mask_mobile(to),
            len(text),
            fingerprint,
        )


outbox: list[dict] = []


class LocmemBackend:
    """Keeps messages in ``servicedesk.sms.outbox`` (tests read it, as Django's mail.outbox)."""

    def send(self, *, to: str, text: str) -> None:
        outbox.append({"to": to, "text": text})


def get_backend():
    return import_string(getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND))()


def send_sms(*, to: str, text: str) -> None:
    """Send one message through the configured backend; raises what the backend raises."""
    get_backend().send(to=normalize_mobile(to), text=text)
