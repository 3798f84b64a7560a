"""The public pages every kind of case shares: the page that hands out a new tracking code, and
the tracking page (``data-request-status`` / ``data-feedback-status`` stay in each kind's
template). A kind describes itself once (``TrackingPages``) and takes both views from it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from servicedesk import ratelimits
from servicedesk.codes import format_tracking_code
from servicedesk.errors import render_error


@dataclass(frozen=True)
class TrackingPages:
    find: Callable  # find(code=…): the case with its public timeline, or None
    name: str  # the case's name in the templates
    form_class: type  # the form of the tracking page (a ``code`` field)
    form_url: str  # the filing form, for a browser that filed nothing

    def created(self, *, template: str, session_key: str) -> Callable:
        """The tracking code and the promised date, only for the browser that filed the case
        (its code is in the session under ``session_key``)."""

        @never_cache
        @require_GET
        def view(request):
            code = request.session.get(session_key)
            case = self.find(code=code) if code else None
            if case is None:
                return redirect(self.form_url)
            return render(request, template, {self.name: case})

        return view

    def track(self, *, template: str, scope: str) -> Callable:
        """The form alone, or the case found by its code; 400 for a malformed code, 404 for an
        unknown one; look-ups rate-limited per client under ``scope``."""

        @never_cache
        @require_GET
        def view(request):
            if "code" not in request.GET:
                return render(request, template, {"form": self.form_class()})
            wait = ratelimits.attempt(request, scope)
            if wait:
                return render_error(request, 429, retry_after=wait)
            form = self.form_class(request.GET)
            if not form.is_valid():
                return render(request, template, {"form": form}, status=400)
            code = form.cleaned_data["code"]
            case = self.find(code=code)
            if case is None:
                context = {"form": form, "not_found": format_tracking_code(code)}
                return render(request, template, context, status=404)
            form = self.form_class(initial={"code": case.display_code})
            return render(request, template, {"form": form, self.name: case})

        return view
