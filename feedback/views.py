"""Public pages of suggestions, complaints and surveys. Function-based and thin: forms
normalise, services write, selectors read, templates show."""

import secrets

from captcha.views import captcha_image as _captcha_image
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework.views import TrackingPages
from feedback import exports, selectors, services
from feedback.charts import results_chart
from feedback.forms import HONEYPOT, FeedbackForm, HelpfulForm, SurveyForm, TrackForm
from feedback.models import MESSAGE_MAX_LENGTH, Survey, SurveyResponse
from servicedesk import ratelimits
from servicedesk.clients import client_hash
from servicedesk.errors import render_error
from servicedesk.text import normalize_code

THANKS_KEY = "feedback_thanks"
RESPONDENT_KEY = "survey_respondent"
# Refusals that re-show the form with what was typed, instead of listing field errors.
REFUSALS = {"honeypot", "too_fast", "expired"}


def _is_staff(request) -> bool:
    return request.user.is_authenticated and request.user.is_staff


# --- suggestions and complaints ------------------------------------------------------------------
def _needs_captcha(request) -> bool:
    """After suspicious activity or several messages from one client, a person proves it."""
    return (
        ratelimits.retry_after(request, "feedback-suspicious") is not None
        or ratelimits.retry_after(request, "feedback-captcha") is not None
    )


def _retyped(request, *, require_captcha: bool) -> FeedbackForm:
    """A fresh form holding what was typed: shown again after a refusal."""
    initial = {
        name: request.POST.get(name, "")
        for name in ("service", "kind", "message", "contact_email", "contact_phone")
    }
    return FeedbackForm(initial=initial, require_captcha=require_captcha)


def _render_new(request, form, *, status=200, refusal="", retry_after=None):
    response = render(
        request,
        "feedback/feedback_form.html",
        {
            "form": form,
            "refusal": refusal,
            "honeypot": form[HONEYPOT],
            "message_max": MESSAGE_MAX_LENGTH,
        },
        status=status,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def feedback_new(request):
    require_captcha = _needs_captcha(request)
    if request.method != "POST":
        service = normalize_code(request.GET.get("service", ""))
        form = FeedbackForm(initial={"service": service}, require_captcha=require_captcha)
        return _render_new(request, form)

    wait = ratelimits.retry_after(request, "feedback")
    if wait:
        minutes = max(1, -(-wait // 60))
        refusal = gettext(
            "You have sent many messages in a short time, so this one was not accepted. "
            "Please send it again in about %(minutes)s minute(s); what you wrote is still below."
        ) % {"minutes": minutes}
        form = _retyped(request, require_captcha=require_captcha)
        return _render_new(request, form, status=429, refusal=refusal, retry_after=wait)
    ratelimits.record_attempt(request, "feedback")

    form = FeedbackForm(request.POST, require_captcha=require_captcha)
    if form.is_valid():
        feedback = services.feedback_submit(
            service=form.cleaned_data["service"],
            kind=form.cleaned_data["kind"],
            message=form.cleaned_data["message"],
            contact_email=form.cleaned_data["contact_email"],
            contact_mobile=form.cleaned_data["contact_phone"],
            language=get_language(),
            client=client_hash(request),
        )
        ratelimits.record_attempt(request, "feedback-captcha")
        request.session[THANKS_KEY] = feedback.tracking_code
        return redirect("feedback:thanks")

    refused = {e.code for e in form.non_field_errors().as_data()} & REFUSALS
    if refused:
        if form.spam_signals:
            ratelimits.record_attempt(request, "feedback-suspicious")
            require_captcha = True
        refusal = " ".join(form.non_field_errors())
        return _render_new(
            request, _retyped(request, require_captcha=require_captcha), status=400, refusal=refusal
        )
    return _render_new(request, form, status=400)


PAGES = TrackingPages(selectors.feedback_for_tracking, "feedback", TrackForm, "feedback:new")
feedback_thanks = PAGES.created(template="feedback/feedback_thanks.html", session_key=THANKS_KEY)
feedback_track = PAGES.track(template="feedback/feedback_track.html", scope="feedback-track")


@never_cache
@require_POST
def feedback_rate(request):
    """The submitter says whether the answer helped; knowing the code is the permission."""
    wait = ratelimits.attempt(request, "feedback-track")
    if wait:
        return render_error(request, 429, retry_after=wait)
    track = TrackForm(request.POST)
    rating = HelpfulForm(request.POST)
    if not track.is_valid() or not rating.is_valid():
        return render_error(request, 400)
    feedback = selectors.feedback_for_tracking(code=track.cleaned_data["code"])
    if feedback is None:
        return render_error(request, 404)
    try:
        services.feedback_rate_answer(feedback=feedback, helpful=rating.cleaned_data["helpful"])
    except services.FeedbackError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, gettext("Thank you for telling us."))
    return redirect(feedback.get_absolute_url())


@require_GET
def feedback_showcase(request):
    page = Paginator(selectors.feedback_showcase_list(), 20).get_page(request.GET.get("page"))
    return render(request, "feedback/feedback_showcase.html", {"page": page})


@never_cache
@require_GET
def captcha_image(request, key):
    return _captcha_image(request, key, scale=1)


# --- surveys ------------------------------------------------------------------------------------
@require_GET
def survey_list(request):
    return render(request, "feedback/survey_list.html", {"surveys": selectors.surveys_open()})


def _survey_or_404(request, slug: str) -> Survey:
    include_drafts = "preview" in request.GET and _is_staff(request)
    try:
        return selectors.survey_get(slug=slug, include_drafts=include_drafts)
    except Survey.DoesNotExist:
        raise Http404 from None


def _respondent(request, *, create: bool) -> str | None:
    """A hash of a random token kept in this browser's session: one response per session,
    and nothing that names the respondent."""
    token = request.session.get(RESPONDENT_KEY)
    if token is None:
        if not create:
            return None
        token = request.session[RESPONDENT_KEY] = secrets.token_urlsafe(18)
    return salted_hmac("feedback.respondent", token).hexdigest()


@never_cache
@require_http_methods(["GET", "POST"])
def survey(request, slug: str):
    survey = _survey_or_404(request, slug)
    respondent = _respondent(request, create=request.method == "POST")
    answered = (
        respondent is not None
        and SurveyResponse.objects.filter(survey=survey, respondent=respondent).exists()
    )
    context = {"survey": survey, "answered": answered, "is_open": survey.is_open()}
    if answered or not context["is_open"]:
        return render(
            request,
            "feedback/survey_detail.html",
            context,
            status=400 if request.method == "POST" else 200,
        )
    if request.method != "POST":
        initial = {"service": normalize_code(request.GET.get("service", ""))}
        context["form"] = SurveyForm(survey=survey, initial=initial)
        return render(request, "feedback/survey_detail.html", context)

    wait = ratelimits.retry_after(request, "surveys")
    if wait:
        return render_error(request, 429, retry_after=wait)
    ratelimits.record_attempt(request, "surveys")
    # "Once per browser" lives in the session, which a client without cookies starts afresh on
    # every post: responses to this survey are also counted per client in the shared store.
    repeats = f"{survey.pk}:{client_hash(request)}"
    wait = ratelimits.retry_after(request, "survey-repeats", key=repeats)
    if wait:
        context["repeated"] = True
        response = render(request, "feedback/survey_detail.html", context, status=429)
        response["Retry-After"] = str(wait)
        return response
    form = SurveyForm(request.POST, survey=survey)
    if form.is_valid():
        try:
            services.survey_response_submit(
                survey=survey,
                answers=form.answers(),
                respondent=respondent,
                service=form.cleaned_data.get("service"),
                language=get_language(),
            )
        except services.SurveyError as error:
            form.add_error(None, str(error))
        else:
            ratelimits.record_attempt(request, "survey-repeats", key=repeats)
            messages.success(request, gettext("Thank you: your answers were saved."))
            return redirect(survey.get_absolute_url())
    context["form"] = form
    return render(request, "feedback/survey_detail.html", context, status=400)


@require_GET
def survey_results(request, slug: str):
    survey = _survey_or_404(request, slug)
    if not survey.results_public and not _is_staff(request):
        return render(
            request, "feedback/survey_results.html", {"survey": survey, "hidden": True}, status=403
        )
    results = selectors.survey_results(survey=survey)
    sections = [
        (item, results_chart(item, chart_id=f"chart-{item.question.pk}") if item.bars else None)
        for item in results.questions
    ]
    return render(
        request,
        "feedback/survey_results.html",
        {
            "survey": survey,
            "results": results,
            "sections": sections,
            "is_staff": _is_staff(request),
        },
    )


@staff_member_required
@require_GET
def survey_results_csv(request, slug: str):
    # Written answers are private: staff who may read the responses (staff roles).
    if not request.user.has_perm("feedback.view_surveyresponse"):
        raise PermissionDenied
    try:
        survey = selectors.survey_get(slug=slug, include_drafts=True)
    except Survey.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(exports.survey_csv(survey), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.slug}.csv"'
    return response
