"""gunicorn's access log without personal data.

The format leaves out the client address, the query string, the referrer and the user agent;
codes that open private pages (QR tokens, receipt and tracking codes) and personal data are cut
out of paths by the rules of servicedesk.redaction.
"""

from gunicorn.glogging import Logger

from servicedesk.redaction import redact_path


class PrivateAccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = redact_path(atoms["U"] or "")
        for private in ("h", "r", "q", "f", "a", "u"):
            atoms[private] = "-"
        return atoms
