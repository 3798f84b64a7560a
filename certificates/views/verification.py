"""The public check: the form, the QR link and receipts."""

import io

import segno
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from certificates import budget, selectors, services
from certificates.budget import BudgetSpent
from certificates.forms import VerificationForm
from certificates.models import Inquiry, Outcome
from servicedesk import ratelimits
from servicedesk.clients import client_hash
from servicedesk.errors import render_error
from servicedesk.replicas import reads_from_replica
from servicedesk.text import normalize_code

RECEIPT_CODE_LENGTH = Inquiry._meta.get_field("receipt_code").max_length


def _render_result(request, inquiry: Inquiry, *, template="certificates/verification_result.html"):
    certificate = inquiry.certificate
    context = {
        "inquiry": inquiry,
        "certificate": certificate,
        "outcome": inquiry.outcome,
        "outcome_now": services.verification_outcome(certificate, today=timezone.localdate()),
        "receipt_url": settings.SITE_URL + inquiry.get_absolute_url(),
    }
    status = 404 if inquiry.channel == Inquiry.Channel.QR and certificate is None else 200
    return render(request, template, context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    if request.method != "POST":
        return render(request, "certificates/verification_form.html", {"form": VerificationForm()})
    form = VerificationForm(request.POST)
    if not form.is_valid():
        return render(request, "certificates/verification_form.html", {"form": form}, status=400)
    number = form.cleaned_data["number"]
    try:
        # The client's failures and the number's budget: one round trip to the shared store.
        wait = budget.client_wait_or_check(request, "verify-failures", number=number)
        if wait:
            return render_error(request, 429, retry_after=wait)
        inquiry = services.certificate_verify(
            number=number,
            national_id=form.cleaned_data["national_id"],
            channel=Inquiry.Channel.FORM,
            language=get_language(),
            client=client_hash(request),
            budget_checked=True,
        )
    except BudgetSpent as refusal:
        return render_error(request, 429, retry_after=refusal.retry_after, text=str(refusal))
    if inquiry.outcome == Outcome.NOT_FOUND:
        ratelimits.record_attempt(request, "verify-failures")
    return _render_result(request, inquiry)


@never_cache
@require_GET
def qr(request, token):
    wait = ratelimits.attempt(request, "qr")
    if wait:
        return render_error(request, 429, retry_after=wait)
    inquiry = services.certificate_verify_token(
        token=token, language=get_language(), client=client_hash(request)
    )
    return _render_result(request, inquiry)


def _receipt_or_error(request, code):
    wait = ratelimits.attempt(request, "receipts")
    if wait:
        return None, render_error(request, 429, retry_after=wait)
    inquiry = selectors.inquiry_for_receipt(code=normalize_code(code))
    if inquiry is None:
        return None, render_error(request, 404)
    return inquiry, None


@never_cache
@require_GET
@reads_from_replica
def receipt(request, code):
    inquiry, error = _receipt_or_error(request, code)
    if error:
        return error
    return _render_result(request, inquiry, template="certificates/inquiry_receipt.html")


@never_cache
@require_GET
def receipt_lookup(request):
    """A receipt code typed by hand (Persian digits, dashes, any case) leads to its page."""
    code = normalize_code(request.GET.get("code", ""))
    if not code:
        return redirect("certificates:verify")
    if len(code) > RECEIPT_CODE_LENGTH:
        # No receipt has such a code; a redirect to a very long address would be refused as unsafe.
        return render_error(request, 404)
    return redirect("certificates:receipt", code=code)


@require_GET
@reads_from_replica
def receipt_qr(request, code):
    """The QR code printed on a verification sheet: it leads to the receipt."""
    inquiry, error = _receipt_or_error(request, code)
    if error:
        return error
    svg = io.BytesIO()
    segno.make(settings.SITE_URL + inquiry.get_absolute_url(), error="m").save(
        svg, kind="svg", scale=4, border=2, xmldecl=False, title=inquiry.receipt_code
    )
    response = HttpResponse(svg.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response
