"""Staff sessions count only once the second factor is verified (when STAFF_OTP_REQUIRED).

After the password alone, a staff member may finish signing in (the code, or setting up an
authenticator on the first sign-in) or sign out; every other page, the admin's above all,
sends them to the second step. Members of organisations (not staff) are not concerned.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

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
