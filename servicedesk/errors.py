"""Error pages in the portal's design, in the reader's language, with no debug detail."""

import math

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

ERRORS = {
    400: (
        _("Bad request"),
        _("The request could not be understood. Please go back and try again."),
    ),
    403: (
        _("Access denied"),
        _(
            "You do not have permission to open this page, or the form expired. Please reload the page and try again."
        ),
    ),
    404: (
        _("Page not found"),
        _("The page you asked for does not exist or has moved. Please check the address."),
    ),
    413: (
        _("File too large"),
        _(
            "The file you sent is larger than this page accepts. Please send a smaller file, or split it in parts."
        ),
    ),
    429: (
        _("Too many attempts"),
        _(
            "You have made too many requests in a short time. To protect people's data, please wait and try again."
        ),
    ),
    500: (
        _("Something went wrong"),
        _(
            "An unexpected error happened on our side. It has been recorded; please try again in a few minutes."
        ),
    ),
    503: (
        _("Temporarily unavailable"),
        _(
            "The service is briefly unavailable for maintenance or a technical problem. Nothing you sent was lost; please try again in a minute."
        ),
    ),
}


def render_error(request, status: int, *, retry_after: int | None = None, text: str | None = None):
    """Render the error page for ``status``; ``retry_after`` (seconds) also sets the header;
    ``text`` replaces the status's usual explanation.

    It must render without the database: it is also the page shown while the database is down.
    """
    title, usual_text = ERRORS[status]
    text = text or usual_text
    # No messages: reading them may need the session, which may need the database.
    context = {"error_status": status, "error_title": title, "error_text": text, "messages": ()}
    if retry_after:
        context.update(
            retry_after=retry_after,
            retry_minutes=max(1, math.ceil(retry_after / 60)),
            retry_hours=math.ceil(retry_after / 3600),
        )
    response = render(request, "errors/error.html", context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response
