"""Staff pages: the second step of signing in, setting up an authenticator with recovery
codes, and the supervisors' page of recent changes (in the admin)."""

import datetime
from urllib.parse import urlencode

import segno
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from servicedesk.fields import JalaliDateField
from servicedesk.staff import changes as feed
from servicedesk.staff import two_factor
from servicedesk.staff.forms import SetupTokenForm, TokenForm
from servicedesk.staff.middleware import staff_session_begin

PAGE_SIZE = 50
# The session's own authenticator being set up (its id): no other session sees its secret.
PENDING_AUTHENTICATOR = "staff_pending_authenticator"


def _next_url(request) -> str:
    """Where to go once verified: the page asked for, if it is ours, else the admin."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _staff_only(request):
    """None for a signed-in staff member, else the admin's sign-in page to go to."""
    if request.user.is_authenticated and request.user.is_staff:
        return None
    return redirect_to_login(request.get_full_path(), reverse("admin:login"))


def _verified(request, device) -> None:
    # A new session key for the raised privilege, as at sign-in.
    request.session.cycle_key()
    otp_login(request, device)
    # The session's lifetime counts from the second factor.
    staff_session_begin(request)


@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step of signing in: a code from the authenticator or a recovery code."""
    if response := _staff_only(request):
        return response
    user = request.user
    if two_factor.is_verified(user):
        return redirect(_next_url(request))
    if not two_factor.has_authenticator(user):
        return redirect(f"{reverse('staff:setup')}?{urlencode({'next': _next_url(request)})}")
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if two_factor.second_factor_throttled(user=user, token=token):
            form.add_error("token", gettext("Too many wrong codes. Wait a minute, then try again."))
        elif device := two_factor.second_factor_verify(user=user, token=token):
            _verified(request, device)
            return redirect(_next_url(request))
        else:
            form.add_error("token", gettext("This code is not right, or it has been used."))
        status = 400
    elif form.errors:
        status = 400
    return render(
        request,
        "staff/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=status,
    )


@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def setup(request):
    """Set up an authenticator app: scan the QR code, confirm with a first code, then keep the
    recovery codes, shown once. A staff member who already has one must sign in with it
    (or a recovery code) before replacing it."""
    if response := _staff_only(request):
        return response
    user = request.user
    replacing = two_factor.has_authenticator(user)
    if replacing and not two_factor.is_verified(user):
        return redirect(f"{reverse('staff:verify')}?{urlencode({'next': request.get_full_path()})}")
    device = two_factor.totp_device_start(
        user=user, device_id=request.session.get(PENDING_AUTHENTICATOR)
    )
    request.session[PENDING_AUTHENTICATOR] = device.pk
    form = SetupTokenForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        codes = two_factor.totp_device_confirm(
            device=device, token=form.cleaned_data["token"], language=get_language()
        )
        if codes is not None:
            device.refresh_from_db()
            del request.session[PENDING_AUTHENTICATOR]
            _verified(request, device)
            return _recovery_codes_page(request, codes)
        form.add_error(
            "token",
            gettext("This code is not right. Check the time on your phone and try the new code."),
        )
        status = 400
    elif form.errors:
        status = 400
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "next": _next_url(request),
        "replacing": replacing,
        # An inline SVG (no script, no external image), drawn with presentation attributes.
        "qr_svg": mark_safe(
            qr.svg_inline(scale=5, border=4, dark="#000", light="#fff", svgclass="otp-qr")
        ),
        "secret": two_factor.totp_secret(device),
    }
    return render(request, "staff/two_factor_setup.html", context, status=status)


@never_cache
@require_POST
def recovery_codes(request):
    """A new set of recovery codes, for a verified staff member (earlier ones stop working)."""
    if response := _staff_only(request):
        return response
    if not two_factor.is_verified(request.user):
        raise PermissionDenied
    codes = two_factor.recovery_codes_issue(user=request.user, language=get_language())
    return _recovery_codes_page(request, codes)


def _recovery_codes_page(request, codes: list[str]):
    # Both views that show the codes are never_cache: the page is not stored anywhere.
    return render(
        request,
        "staff/recovery_codes.html",
        {"codes": [two_factor.format_recovery_code(c) for c in codes], "next": _next_url(request)},
    )


# --- recent changes, for supervisors ------------------------------------------------------------
class ChangesFilterForm(forms.Form):
    source = forms.ChoiceField(label=_("Records"), required=False)
    user = forms.ModelChoiceField(
        label=_("Changed by"),
        required=False,
        queryset=get_user_model().objects.filter(is_staff=True).order_by("username"),
    )
    since = JalaliDateField(label=_("From (Jalali date)"), required=False)
    until = JalaliDateField(label=_("Until (Jalali date)"), required=False)
    object = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", _("All")), *((s.key, s.label) for s in sources)]


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def changes(request):
    """Recent changes of certificates, manual inquiries, feedback and the agreement: who, when
    and what, newest first (wrapped by admin_view in the URLs: staff only)."""
    sources = feed.sources_for(request.user)
    if not sources:
        raise PermissionDenied
    form = ChangesFilterForm(request.GET or None, sources=sources)
    data = form.cleaned_data if form.is_valid() else {}
    chosen = [s for s in sources if s.key == data.get("source")] or sources
    page = data.get("page") or 1
    since, until = data.get("since"), data.get("until")
    found = feed.changes_list(
        sources=chosen,
        user_id=data["user"].pk if data.get("user") else None,
        since=_start_of(since) if since else None,
        until=_start_of(until + datetime.timedelta(days=1)) if until else None,
        object_id=data.get("object") if len(chosen) == 1 else None,
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE + 1,
    )
    query = {k: v for k, v in request.GET.items() if k != "page" and v}

    def page_url(number):
        return f"?{urlencode({**query, 'page': number})}"

    context = {
        **admin.site.each_context(request),
        "title": gettext("Recent changes"),
        "form": form,
        "changes": found[:PAGE_SIZE],
        "single_object": bool(data.get("object")) and len(chosen) == 1,
        "previous_url": page_url(page - 1) if page > 1 else "",
        "next_url": page_url(page + 1) if len(found) > PAGE_SIZE else "",
    }
    return render(request, "staff/admin/changes.html", context)
