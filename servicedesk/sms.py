"""Text messages to Iranian mobile numbers, through a backend chosen by ``settings.SMS_BACKEND``.

The default backend only logs that a message would be sent, with the number masked and the text
left out: development and tests never reach a real gateway, and logs never hold personal data.
A gateway of a provider is a class with ``send(*, to: str, text: str) -> None`` that raises on
failure; name it in ``SMS_BACKEND`` (a dotted path).

Mobile numbers are normalised here too (they are what SMS is sent to): ``09xxxxxxxxx``.
"""

import hashlib
import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request

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


class GatewayError(Exception):
    """The gateway refused or did not answer; the outbox tries again later."""


class KavenegarBackend:
    """Kavenegar's REST API (``POST {KAVENEGAR_URL}/v1/{KAVENEGAR_API_KEY}/sms/send.json`` with
    ``receptor``, ``message`` and ``sender``): its answer carries ``return.status`` 200 when the
    message was accepted. Numbers and text never reach the log; the key is in the URL, so
    errors name the status, not the address."""

    def send(self, *, to: str, text: str) -> None:
        key = settings.KAVENEGAR_API_KEY
        if not key:
            raise GatewayError("KAVENEGAR_API_KEY is not set")
        url = f"{settings.KAVENEGAR_URL.rstrip('/')}/v1/{urllib.parse.quote(key)}/sms/send.json"
        fields = {"receptor": to, "message": text}
        if settings.KAVENEGAR_SENDER:
            fields["sender"] = settings.KAVENEGAR_SENDER
        request = urllib.request.Request(
            url,
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_TIMEOUT) as response:
                body = response.read()
        except urllib.error.HTTPError as error:
            raise GatewayError(f"Kavenegar answered HTTP {error.code}") from None
        except (OSError, TimeoutError) as error:
            raise GatewayError(f"Kavenegar unreachable: {type(error).__name__}") from None
        try:
            status = json.loads(body)["return"]["status"]
        except (ValueError, KeyError, TypeError):
            raise GatewayError("Kavenegar answered something that is not its JSON") from None
        if status != 200:
            raise GatewayError(f"Kavenegar refused the message (status {status})")
        logger.info("SMS accepted by Kavenegar: to %s", mask_mobile(to))


def get_backend():
    return import_string(getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND))()


def send_sms(*, to: str, text: str) -> None:
    """Send one message through the configured backend; raises what the backend raises."""
    get_backend().send(to=normalize_mobile(to), text=text)
