"""The captured log output of the main flows holds no national code, name, contact detail,
receipt or tracking code — whatever goes wrong along the way."""

import io
import json
import logging

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client

from certificates import services as certificate_services
from feedback import services as feedback_services
from tests.certificates.factories import CertificateFactory, MembershipFactory
from tests.certificates.manual.factories import filed
from tests.feedback.factories import submitted
from tests.sla.factories import ServiceFactory

NATIONAL_ID = "0499370899"
NAME = "رضایی"
EMAIL = "ali.rezaei@example.org"
MOBILE = "09121234567"


@pytest.fixture
def log_output(monkeypatch):
    """What the portal's configured log handler writes (its filter and formatter included)."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.fixture
def everything_fails(monkeypatch, settings):
    """Mail refuses every recipient (quoting them, as SMTP servers do); SMS goes to the log."""

    def refuse(message, *args, **kwargs):
        raise ConnectionRefusedError(
            f"recipient {message.to} refused: {message.subject} {message.body}"
        )

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", refuse)
    settings.SMS_BACKEND = "servicedesk.sms.LoggingBackend"


@pytest.mark.django_db(transaction=True)
def test_the_main_flows_leave_nothing_personal_in_the_logs(
    log_output, everything_fails, django_capture_on_commit_callbacks
):
    shown = set()  # every receipt and tracking code the portal handed out
    certificate = CertificateFactory(number="14021000123", national_id=NATIONAL_ID, last_name=NAME)
    client = Client(raise_request_exception=False)
    for national_id in (NATIONAL_ID, "0790419904"):
        response = client.post(
            "/certificates/verify/", {"number": "14021000123", "national_id": national_id}
        )
        shown.add(response.content.decode().split('data-receipt-code="')[1][:12])
    client.get(f"/c/{certificate.token}")
    client.get(f"/certificates/receipts/{sorted(shown)[0]}/")
    _, key = certificate_services.api_key_create(
        organisation=MembershipFactory().organisation, name="HR"
    )
    answer = client.post(
        "/api/v1/verifications",
        json.dumps({"number": "14021000123", "national_id": NATIONAL_ID}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    shown.add(answer.json()["receipt"])

    service = ServiceFactory(service_id=settings.CERTIFICATE_SERVICE_ID)
    with django_capture_on_commit_callbacks(execute=True):
        feedback = submitted(
            service, contact_email=EMAIL, contact_mobile=MOBILE, message=f"{NAME} {NATIONAL_ID}"
        )
    with django_capture_on_commit_callbacks(execute=True):
        feedback_services.feedback_answer(feedback=feedback, answer="پیگیری شد.")
    shown.add(feedback.tracking_code)
    with django_capture_on_commit_callbacks(execute=True):
        manual_request = filed(
            holder_name=f"علی {NAME}", contact_email=EMAIL, contact_mobile=MOBILE
        )
    shown.add(manual_request.tracking_code)
    client.get(f"/certificates/requests/track/?code={manual_request.tracking_code}")
    client.get(f"/feedback/track/?code={feedback.tracking_code}")

    # And a crash while the database is away, on a page whose path holds a receipt code.
    connection.close()
    port = connection.settings_dict["PORT"]
    connection.settings_dict["PORT"] = "1"
    try:
        client.get(f"/certificates/receipts/{sorted(shown)[0]}/")
    finally:
        connection.settings_dict["PORT"] = port
        connection.close()

    output = log_output.getvalue()
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert any(line["level"] == "ERROR" for line in lines), (
        "the failures above must have been logged"
    )
    assert not mail.outbox
    for secret in [NATIONAL_ID, NAME, EMAIL, MOBILE, certificate.token, *shown]:
        assert secret not in output, secret
        assert "-".join((secret[:4], secret[4:8])) not in output
