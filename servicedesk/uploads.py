"""One size limit for every upload, enforced while the request streams in.

A view that accepts a file names its kind with ``@accepts_upload("bulk")`` (or calls
``limit_request`` itself before touching the body, as the API does); the limit of each kind is a
setting (``UPLOAD_LIMIT_SETTINGS``). ``UploadLimitMiddleware``, placed before the CSRF
middleware (which reads the body), then:

- refuses at once, without reading the body, a request whose Content-Length already passes the
  limit plus room for the form's other fields: 413 with the error page;
- otherwise puts ``LimitedUploadHandler`` first, which stops keeping a file as soon as it passes
  the limit and marks the request (``request.upload_too_large``), so the form says why its file
  is missing.

JSON bodies and form fields are bounded by Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``, checked
against Content-Length before a byte is read.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from servicedesk.errors import render_error
from servicedesk.text import to_persian_digits

UPLOAD_LIMIT_SETTINGS = {
    "bulk": "UPLOAD_MAX_BULK_BYTES",
    "import": "UPLOAD_MAX_IMPORT_BYTES",
    "scan": "MANUAL_REQUEST_MAX_UPLOAD_BYTES",
}
# Room for a multipart body's boundaries, headers and other fields next to the file.
FORM_ROOM_BYTES = 64 * 1024


class UploadTooLarge(Exception):
    """The request's body is larger than its kind of upload may be; the message says so."""

    def __init__(self, kind: str):
        self.kind = kind
        super().__init__(too_large_message(kind))


def upload_limit(kind: str) -> int:
    """The largest file of this kind, in bytes (read at each request: tests change it)."""
    return getattr(settings, UPLOAD_LIMIT_SETTINGS[kind])


def too_large_message(kind: str) -> str:
    megabytes = f"{upload_limit(kind) / (1024 * 1024):g}"
    if get_language() == "fa":
        megabytes = to_persian_digits(megabytes)
    return _("The file is larger than %(max)s MB.") % {"max": megabytes}


class LimitedUploadHandler(FileUploadHandler):
    """Skips the rest of a file once it passes ``limit`` bytes and marks the request."""

    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            if self.request is not None:
                self.request.upload_too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def limit_request(request, kind: str) -> None:
    """Bound what ``request`` may upload; call before anything reads its body.

    Raises UploadTooLarge when Content-Length alone shows the body is too large.
    """
    limit = upload_limit(kind)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit + FORM_ROOM_BYTES:
        raise UploadTooLarge(kind)
    request.upload_too_large = False
    request.upload_handlers.insert(0, LimitedUploadHandler(request, limit=limit))


def too_large(request) -> bool:
    """Whether the upload handler dropped a file of this request for its size."""
    return getattr(request, "upload_too_large", False)


def accepts_upload(kind: str):
    """Mark a view as taking files of ``kind``; UploadLimitMiddleware bounds them."""

    def mark(view):
        view.upload_kind = kind
        return view

    return mark


class UploadLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        kind = getattr(view_func, "upload_kind", None)
        if kind is None or request.method != "POST":
            return None
        try:
            limit_request(request, kind)
        except UploadTooLarge:
            return render_error(request, 413)
        return None
