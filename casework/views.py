"""The public pages every kind of case shares, as helpers its views call: the page that hands
out a new tracking code, and the tracking page (``data-request-status`` /
``data-feedback-status`` stay in each kind's template)."""

from collections.abc import Callable

from django.shortcuts import redirect, render

from servicedesk import ratelimits
from servicedesk.codes import format_tracking_code
from servicedesk.errors import render_error


def render_created(
    request, *, session_key: str, find: Callable, template: str, name: str, form_url: str
):
    """The tracking code and the promised date, only for the browser that filed the case
    (its code is in the session under ``session_key``); others go to the form."""
    code = request.session.get(session_key)
    case = find(code=code) if code else None
    if case is None:
        return redirect(form_url)
    return render(request, template, {name: case})


def render_track(request, *, form_class, find: Callable, template: str, name: str, scope: str):
    """The tracking page: the form alone, or the case found by its code (``name`` in the
    context), 400 for a malformed code, 404 for an unknown one; look-ups are rate-limited per
    client under ``scope``."""
    if "code" not in request.GET:
        return render(request, template, {"form": form_class()})
    wait = ratelimits.attempt(request, scope)
    if wait:
        return render_error(request, 429, retry_after=wait)
    form = form_class(request.GET)
    if not form.is_valid():
        return render(request, template, {"form": form}, status=400)
    code = form.cleaned_data["code"]
    case = find(code=code)
    if case is None:
        context = {"form": form, "not_found": format_tracking_code(code)}
        return render(request, template, context, status=404)
    form = form_class(initial={"code": case.display_code})
    return render(request, template, {"form": form, name: case})
