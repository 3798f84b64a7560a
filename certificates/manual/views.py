"""Public pages of manual inquiries: the form with its scan, the page that hands out the
tracking code, and the tracking page. Thin: forms normalise, services write, selectors read."""

from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from casework.views import TrackingPages
from certificates.manual import selectors, services
from certificates.manual.forms import ManualRequestForm, TrackForm
from certificates.selectors import organisation_of
from servicedesk import ratelimits, uploads
from servicedesk.clients import client_hash

CREATED_KEY = "manual_request_created"
FORM_TEMPLATE = "certificates/manual/request_form.html"


def _render_form(request, form, *, status=200, refusal="", retry_after=None):
    response = render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "refusal": refusal,
            "organisation": organisation_of(request.user),
            "promise": selectors.promise_now(),
        },
        status=status,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@uploads.accepts_upload("scan")
@never_cache
@require_http_methods(["GET", "POST"])
def request_new(request):
    if request.method != "POST":
        return _render_form(request, ManualRequestForm())

    wait = ratelimits.retry_after(request, "requests")
    if wait:
        minutes = max(1, -(-wait // 60))
        refusal = gettext(
            "You have sent many requests in a short time, so this one was not accepted. "
            "Please try again in about %(minutes)s minute(s)."
        ) % {"minutes": minutes}
        return _render_form(
            request, ManualRequestForm(), status=429, refusal=refusal, retry_after=wait
        )
    ratelimits.record_attempt(request, "requests")

    form = ManualRequestForm(
        request.POST,
        request.FILES,
        upload_too_large=uploads.too_large(request),
    )
    if not form.is_valid():
        status = 413 if uploads.too_large(request) else 400
        return _render_form(request, form, status=status)
    data = form.cleaned_data
    manual_request = services.manual_request_file(
        certificate_number=data["certificate_number"],
        national_id=data["national_id"],
        holder_name=data["holder_name"],
        issue_year=data["issue_year"],
        training_centre=data["training_centre"],
        scan=data["scan"],
        scan_type=data["scan"].scan_type,
        contact_email=data["contact_email"],
        contact_mobile=data["contact_mobile"],
        organisation=organisation_of(request.user),
        filed_by=request.user,
        language=get_language(),
        client=client_hash(request),
    )
    request.session[CREATED_KEY] = manual_request.tracking_code
    return redirect("certificates:request-created")


PAGES = TrackingPages(
    selectors.manual_request_for_tracking, "manual_request", TrackForm, "certificates:request-new"
)
request_created = PAGES.created(
    template="certificates/manual/request_created.html", session_key=CREATED_KEY
)
request_track = PAGES.track(
    template="certificates/manual/request_track.html", scope="request-track"
)
