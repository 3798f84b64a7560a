"""Requests no page can mean (a NUL byte in the path), and user names longer than django-axes
can record.

PostgreSQL refuses NUL in text, so a path parameter carrying one was a 500; no address of ours
has one, so the answer is the 404 page before any view runs. (Form fields refuse NUL already.)
"""

from servicedesk.errors import render_error


class NulByteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            return render_error(request, 404)
        return self.get_response(request)


# django-axes keeps the user name of every failed sign-in in a column of 255 characters; a longer
# one overflowed it (503). No account has a name that long, so its first 255 characters do.
AXES_USERNAME_MAX_LENGTH = 255


def axes_username(request, credentials=None) -> str | None:
    """The user name django-axes records and locks out (AXES_USERNAME_CALLABLE)."""
    if credentials:
        username = credentials.get("username")
    else:
        username = getattr(request, "data", request.POST).get("username")
    return username[:AXES_USERNAME_MAX_LENGTH] if username else username
