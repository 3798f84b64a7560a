"""gunicorn's access log without personal data.

The format leaves out the client address, the query string, the referrer and the user agent;
codes that open private pages (QR tokens, receipt and tracking codes) are cut out of paths.
"""

import re

from gunicorn.glogging import Logger

PRIVATE_PATH_PARTS = re.compile(r"(/c/|/receipts/|/requests/|/track/)[^/]+")


def redact_path(path: str) -> str:
    return PRIVATE_PATH_PARTS.sub(r"\1…", path)


class PrivateAccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = redact_path(atoms["U"] or "")
        for private in ("h", "r", "q", "f", "a", "u"):
            atoms[private] = "-"
        return atoms
