"""Text messages go through the configured backend; the default only logs, without the number
or the text; mobile numbers are read however people type them."""

import logging

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
