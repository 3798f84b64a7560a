"""One set of rules for what must never reach a log: personal data (national codes, mobile
numbers, email addresses), receipt and tracking codes, and the path segments that open private
pages. Used by the application's logs (servicedesk.logs) and gunicorn's access log
(servicedesk.access_log); where the two once differed, the stricter rule was kept."""

import re

PLACEHOLDER = "[redacted]"
# Path segments that open private pages: QR tokens, receipts, manual inquiries (tracking and
# scans), tracking pages.
_PRIVATE_PARENTS = r"/c/|/receipts/|/requests/|/track/"
# In free text a segment ends at a space, a quote or a query; in a path (decoded, so it may
# hold spaces and quotes) only at the next slash.
_SEGMENT_IN_TEXT = re.compile(rf"({_PRIVATE_PARENTS})[^\s/?\"']+")
_SEGMENT_IN_PATH = re.compile(rf"({_PRIVATE_PARENTS})[^/]+")
_VALUES = [
    (re.compile(r"([?&](?:code|number|national_id|token)=)[^&\s\"']*"), rf"\1{PLACEHOLDER}"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "[email]"),
    (re.compile(r"(?<![\w])(?:\+98|0098|0)?9\d{9}(?![\w])"), "[mobile]"),
    (re.compile(r"(?<![\w])\d{10}(?![\w])"), "[national-code]"),
    # Receipt and tracking codes (12, older tracking codes 8): capitals and digits from an
    # unambiguous alphabet.
    (
        re.compile(
            r"(?<![\w-])[2-9A-HJ-NP-Z]{4}-?[2-9A-HJ-NP-Z]{4}(?:-?[2-9A-HJ-NP-Z]{4})?(?![\w-])"
        ),
        "[code]",
    ),
]


def _values(text: str) -> str:
    for pattern, replacement in _VALUES:
        text = pattern.sub(replacement, text)
    return text


def redact(text: str) -> str:
    """A log message, traceback or field without anything private."""
    return _values(_SEGMENT_IN_TEXT.sub(rf"\1{PLACEHOLDER}", text))


def redact_path(path: str) -> str:
    """A request path without anything private: a private segment goes whole."""
    return _values(_SEGMENT_IN_PATH.sub(rf"\1{PLACEHOLDER}", path))
