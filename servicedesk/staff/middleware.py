"""Staff sessions count only once the second factor is verified (when STAFF_OTP_REQUIRED), and
only for so long.

After the password alone, a staff member may finish signing in (the code, or setting up an
authenticator on the first sign-in) or sign out; every other page, the admin's above all,
sends them to the second step. A staff session ends after a while without activity and, in
any case, some hours after the second factor. Members of organisations (not staff) are not
concerned.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from servicedesk.staff.two_factor import is_verified, otp_required_for

# Views that a staff member between the two steps may open.
OPEN_BETWEEN_STEPS = {
    "staff:verify",
    "staff:setup",
    "logout",
    "admin:logout",
    "healthz",
}


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not otp_required_for(user) or is_verified(user):
            return None
        if request.resolver_match.view_name in OPEN_BETWEEN_STEPS:
            return None
        return redirect(f"{reverse('staff:verify')}?{urlencode({'next': request.get_full_path()})}")


# --- how long a staff session lasts ----------------------------------------------------------------
STARTED = "staff_session_started"
SEEN = "staff_session_seen"
# The last request's time is written at most this often (seconds): a session write a minute, not
# one per request; the idle timeout is exact to within as much.
SEEN_RESOLUTION = 60


def staff_session_begin(request) -> None:
    """Start a staff session's lifetime (at sign-in, again at the second factor)."""
    now = int(time.time())
    request.session[STARTED] = now
    _seen(request, now)


def _seen(request, now: int) -> None:
    request.session[SEEN] = now
    # The stored session expires with the idle timeout too, so clearsessions removes it.
    request.session.set_expiry(settings.STAFF_SESSION_IDLE_MINUTES * 60 + SEEN_RESOLUTION)


def _ended(request, now: int) -> str:
    """Why this staff session is over (``"idle"``, ``"lifetime"``), or ``""``."""
    started, seen = request.session.get(STARTED), request.session.get(SEEN)
    if started is None or seen is None:
        return ""
    if now - seen > settings.STAFF_SESSION_IDLE_MINUTES * 60:
        return "idle"
    if now - started > settings.STAFF_SESSION_MAX_HOURS * 3600:
        return "lifetime"
    return ""


ENDED_MESSAGES = {
    "idle": _("You were signed out after a time without activity. Sign in again to go on."),
    "lifetime": _(
        "You were signed out because your session reached its time limit. Sign in again to go on."
    ),
}


class StaffSessionLifetimeMiddleware:
    """Signs staff out after ``STAFF_SESSION_IDLE_MINUTES`` without a request and
    ``STAFF_SESSION_MAX_HOURS`` after their second factor, and sends them to sign in again.
    Visitors and members of organisations are not concerned."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.is_staff:
            now = int(time.time())
            if reason := _ended(request, now):
                path = request.get_full_path()
                logout(request)
                messages.info(request, ENDED_MESSAGES[reason])
                return redirect_to_login(path, reverse("admin:login"))
            if STARTED not in request.session:
                staff_session_begin(request)
            elif now - request.session[SEEN] >= SEEN_RESOLUTION:
                _seen(request, now)
        return self.get_response(request)
