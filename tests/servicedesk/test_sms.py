"""Text messages go through the configured backend; the default only logs, without the number
or the text; mobile numbers are read however people type them; Kavenegar's HTTP API is spoken
as it documents it."""

import http.server
import json
import logging
import socket
import threading
import urllib.parse

import pytest
from django.core.exceptions import ValidationError

from servicedesk import sms


@pytest.mark.parametrize(
    "typed",
    [
        "09121234567",
        "۰۹۱۲۱۲۳۴۵۶۷",
        "۰۹۱۲ ۱۲۳ ۴۵۶۷",
        "+989121234567",
        "+98 912 123 4567",
        "0098-912-123-4567",
        "989121234567",
        "9121234567",
        "0912 123 45 67",
        "(0912) 123-4567",
        "٠٩١٢١٢٣٤٥٦٧",
    ],
)
def test_a_mobile_number_is_read_however_it_is_typed(typed):
    assert sms.normalize_mobile(typed) == "09121234567"


@pytest.mark.parametrize(
    "typed",
    ["02112345678", "0912123456", "091212345678", "+4915112345678", "0912abc4567", "phone", ""],
)
def test_what_is_not_an_iranian_mobile_number_is_refused(typed):
    with pytest.raises(ValidationError):
        sms.normalize_mobile(typed)


def test_a_number_is_masked_for_people_and_logs():
    assert sms.mask_mobile("09121234567") == "0912*****67"


def test_the_default_backend_logs_without_the_number_or_the_text(settings, caplog):
    settings.SMS_BACKEND = sms.DEFAULT_BACKEND
    with caplog.at_level(logging.INFO, logger="servicedesk.sms"):
        sms.send_sms(to="۰۹۱۲۱۲۳۴۵۶۷", text="Your request ABCD-2345 was answered.")
    assert "SMS not sent" in caplog.text
    assert "0912*****67" in caplog.text
    assert "09121234567" not in caplog.text
    assert "ABCD" not in caplog.text


def test_the_backend_is_chosen_by_the_setting(settings):
    settings.SMS_BACKEND = "servicedesk.sms.LocmemBackend"
    sms.outbox.clear()
    sms.send_sms(to="+989121234567", text="hello")
    assert sms.outbox == [{"to": "09121234567", "text": "hello"}]
    sms.outbox.clear()


def test_a_backend_that_fails_raises_to_the_caller(settings):
    settings.SMS_BACKEND = f"{__name__}.Broken"
    with pytest.raises(TimeoutError):
        sms.send_sms(to="09121234567", text="hello")


class Broken:
    def send(self, *, to, text):
        raise TimeoutError("gateway")


# --- Kavenegar, against a fake of its HTTP API on 127.0.0.1 --------------------------------------
class FakeKavenegar(http.server.BaseHTTPRequestHandler):
    answers: list[tuple[int, dict]] = []
    received: list[tuple[str, dict]] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.received.append((self.path, urllib.parse.parse_qs(body)))
        status, answer = self.answers.pop(0)
        payload = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def kavenegar(settings):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeKavenegar)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeKavenegar.answers, FakeKavenegar.received = [], []
    settings.SMS_BACKEND = "servicedesk.sms.KavenegarBackend"
    settings.KAVENEGAR_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.KAVENEGAR_API_KEY = "test-key"
    settings.KAVENEGAR_SENDER = "10004346"
    yield FakeKavenegar
    server.shutdown()
    server.server_close()


ACCEPTED = {"return": {"status": 200, "message": "تایید شد"}, "entries": [{"messageid": 1}]}


def test_kavenegar_is_sent_the_number_the_text_and_the_sender(kavenegar, caplog):
    kavenegar.answers.append((200, ACCEPTED))
    with caplog.at_level(logging.INFO, logger="servicedesk.sms"):
        sms.send_sms(to="+98 912 123 4567", text="درخواست شما پاسخ داده شد")
    [(path, fields)] = kavenegar.received
    assert path == "/v1/test-key/sms/send.json"
    assert fields == {
        "receptor": ["09121234567"],
        "message": ["درخواست شما پاسخ داده شد"],
        "sender": ["10004346"],
    }
    assert "09121234567" not in caplog.text


@pytest.mark.parametrize(
    "answer",
    [
        (401, {"return": {"status": 401, "message": "invalid key"}, "entries": None}),
        (200, {"return": {"status": 418, "message": "no credit"}, "entries": None}),
        (200, {"not": "kavenegar"}),
    ],
)
def test_a_refusal_by_kavenegar_raises_so_the_outbox_tries_again(kavenegar, answer):
    kavenegar.answers.append(answer)
    with pytest.raises(sms.GatewayError) as raised:
        sms.send_sms(to="09121234567", text="hello")
    assert "test-key" not in str(raised.value)


def test_kavenegar_unreachable_raises(settings):
    settings.SMS_BACKEND = "servicedesk.sms.KavenegarBackend"
    settings.KAVENEGAR_API_KEY = "test-key"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.KAVENEGAR_URL = f"http://127.0.0.1:{port}"
    with pytest.raises(sms.GatewayError, match="unreachable"):
        sms.send_sms(to="09121234567", text="hello")
