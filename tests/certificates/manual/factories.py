"""Requests filed through the service function, as the public form files them."""

from certificates.manual import services
from tests.certificates.manual.scans import pdf_bytes, upload


def filed(**fields):
    fields.setdefault("national_id", "0499370899")
    fields.setdefault("holder_name", "زهرا کریمی")
    fields.setdefault("issue_year", 1385)
    fields.setdefault("training_centre", "مرکز آموزش فنی و حرفه‌ای ساری")
    fields.setdefault("contact_email", "zahra@example.org")
    if "scan" not in fields:
        fields["scan"] = upload("scan.pdf", pdf_bytes(), "application/pdf")
    return services.manual_request_file(**fields)
