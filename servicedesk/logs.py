"""Structured logs (JSON lines) with a request id, and nothing personal in them.

Every log record carries the id of the request it belongs to (taken from the load balancer's
``X-Request-ID`` when it sends one, else made here, and returned in the response). Before a
record is written, anything that looks like a national code, a mobile number, an email address,
a receipt or tracking code, or a private path segment is replaced by a placeholder: logs are
read by more people than the data they might otherwise leak.
"""

import contextvars
import logging
import re
import uuid

import pythonjsonlogger.json

from servicedesk.redaction import redact

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestContextFilter(logging.Filter):
    """Adds the request id and scrubs personal data from the message."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.msg = redact(record.getMessage())
        record.args = None
        return True


class JsonFormatter(pythonjsonlogger.json.JsonFormatter):
    """JSON lines; tracebacks and extra fields (Django adds the request) are scrubbed like
    messages, since they quote values and paths."""

    def process_log_record(self, log_data):
        scrubbed = {}
        for key, value in super().process_log_record(log_data).items():
            if isinstance(value, int | float | bool) or value is None:
                scrubbed[key] = value
            else:
                scrubbed[key] = redact(str(value))
        return scrubbed

    def formatException(self, ei) -> str:
        return redact(super().formatException(ei))

    def formatStack(self, stack_info) -> str:
        return redact(super().formatStack(stack_info))


class RequestIdMiddleware:
    """Give each request an id for its log lines, and echo it in ``X-Request-ID``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response
