import json
import logging

import pytest

from servicedesk.logs import RequestContextFilter, redact, request_id_var


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("GET /certificates/receipts/NFEJY3J92SYQ/ failed", "NFEJY3J92SYQ"),
        ("GET /c/ElUKdRTrZcewNEx2RowrPpeI", "ElUKdRTrZcewNEx2RowrPpeI"),
        ("national code 0499370899 checked", "0499370899"),
        ("sms to 09121234567 queued", "09121234567"),
        ("sms to +989121234567 queued", "9121234567"),
        ("mail to ali.rezaei@example.org failed", "ali.rezaei@example.org"),
        ("tracking code DEMA-2345 looked up", "DEMA-2345"),
        ("GET /feedback/track/?code=DEMA2345&x=1", "DEMA2345"),
    ],
)
def test_personal_data_and_private_codes_are_redacted(text, hidden):
    assert hidden not in redact(text)


def test_ordinary_words_and_numbers_survive():
    assert redact("imported 1000000 rows in 20 s") == "imported 1000000 rows in 20 s"


def test_records_are_json_lines_with_the_request_id(caplog):
    from pythonjsonlogger.json import JsonFormatter

    record = logging.LogRecord(
        "x", logging.WARNING, __file__, 1, "check of %s", ("0499370899",), None
    )
    token = request_id_var.set("req-1")
    try:
        RequestContextFilter().filter(record)
    finally:
        request_id_var.reset(token)
    line = JsonFormatter("%(levelname)s %(request_id)s %(message)s").format(record)
    assert json.loads(line) == {
        "levelname": "WARNING",
        "request_id": "req-1",
        "message": "check of [national-code]",
    }
