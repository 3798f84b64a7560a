"""Writes and checks of two-factor sign-in: an authenticator app (TOTP) per staff member and a
set of single-use recovery codes.

django-otp throttles every device: each wrong code doubles the wait before the next try.
The staff member is mailed whenever a new authenticator or new recovery codes are made, so an
enrolment they did not make does not go unnoticed.
"""

import base64
import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user, user_has_device, verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from servicedesk import outbox
from servicedesk.mail import send_templated_mail
from servicedesk.text import normalize_code

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR = "authenticator"
RECOVERY = "recovery codes"


def otp_required_for(user) -> bool:
    """Whether this signed-in user must pass a second factor (staff, outside DEBUG)."""
    return settings.STAFF_OTP_REQUIRED and user.is_authenticated and user.is_staff


def is_verified(user) -> bool:
    return bool(getattr(user, "is_verified", lambda: False)())


def has_authenticator(user) -> bool:
    return user_has_device(user, confirmed=True)


def normalize_token(value: str) -> str:
    """Codes typed on a phone: Persian digits, spaces and dashes; recovery codes in any case."""
    return normalize_code(value or "").lower()


def format_recovery_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def totp_device_start(*, user, device_id: int | None = None) -> TOTPDevice:
    """The authenticator being set up in one session: the unconfirmed device ``device_id`` that
    this session started (so a reload shows the same QR code), else a new one. Each session has
    its own: a secret shown to one is never shown to, nor confirmed by, another."""
    pending = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    return pending or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def totp_secret(device: TOTPDevice) -> str:
    """The secret in base 32, in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_device_confirm(
    *, device: TOTPDevice, token: str, language: str = "fa"
) -> list[str] | None:
    """Confirm the new authenticator with its first code: it replaces any earlier one (and
    every other session's pending one), and a new set of recovery codes replaces the old; the
    staff member is mailed. Returns the codes (shown once), or None when the code is wrong."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(pk=device.pk).first()
        if device is None or device.confirmed or not device.verify_token(normalize_token(token)):
            return None
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_replace(device.user)
        _queue_mail(device.user, AUTHENTICATOR, language)
    return codes


def recovery_codes_issue(*, user, language: str = "fa") -> list[str]:
    """A new set of single-use recovery codes (earlier ones stop working); the staff member is
    mailed."""
    with transaction.atomic():
        codes = _recovery_codes_replace(user)
        _queue_mail(user, RECOVERY, language)
    return codes


def _recovery_codes_replace(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _queue_mail(user, made: str, language: str) -> None:
    outbox.enqueue(
        mail_enrolment,
        user_id=user.pk,
        made=made,
        language=language,
        at=timezone.now().isoformat(),
    )


@outbox.job
def mail_enrolment(*, user_id: int, made: str, language: str, at: str) -> None:
    """Tell the staff member what was made for their sign-in (never the codes themselves)."""
    user = get_user_model().objects.filter(pk=user_id).exclude(email="").first()
    if user is None:
        return
    send_templated_mail(
        template="staff/email/two_factor_changed",
        to=[user.email],
        context={
            "user": user,
            "authenticator": made == AUTHENTICATOR,
            "at": datetime.datetime.fromisoformat(at),
        },
        language=language,
    )


def _devices_for(user, token: str) -> list[Device]:
    """Six digits are asked of the authenticator, anything else of the recovery codes."""
    kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    return [d for d in devices_for_user(user, confirmed=True) if isinstance(d, kind)]


def second_factor_verify(*, user, token: str) -> Device | None:
    """The confirmed device that accepts ``token`` (a recovery code is used up by it), or
    None."""
    token = normalize_token(token)
    for device in _devices_for(user, token):
        verified = verify_token(user, device.persistent_id, token)
        if verified is not None:
            return verified
    return None


def second_factor_throttled(*, user, token: str) -> bool:
    """Whether the devices asked for this kind of code are waiting out their back-off."""
    devices = _devices_for(user, normalize_token(token))
    return bool(devices) and not any(device.verify_is_allowed()[0] for device in devices)
