"""A manual inquiry's mail through a real SMTP server on 127.0.0.1: queued with the request,
sent by the worker, and never waited for by the person filing."""

import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from django.test import Client

from certificates.models import ManualRequest
from tests.certificates.manual.conftest import form_data
from tests.certificates.manual.factories import filed
from tests.certificates.manual.scans import pdf_bytes, upload

NEW = "/en/certificates/requests/new/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    """An SMTP server that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 2
    return settings


@pytest.mark.django_db
def test_a_mail_queued_while_smtp_refuses_is_delivered_once_smtp_returns(promise, smtp, task_queue):
    filed(contact_email="zahra@example.org", contact_mobile="")
    task_queue.run()  # nothing listens on the port: refused, queued again for later
    retry = task_queue.tasks().get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp.EMAIL_PORT)
    controller.start()
    try:
        task_queue.tasks().filter(pk=retry.pk).update(run_after=retry.enqueued_at)
        assert task_queue.run() == 1
    finally:
        controller.stop()
    assert [envelope.rcpt_tos for envelope in sink.messages] == [["zahra@example.org"]]
    assert not task_queue.tasks().filter(status="READY").exists()


@pytest.fixture
def hung_smtp(smtp):
    """A server that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", smtp.EMAIL_PORT))
    listener.listen()
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield accepted
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


# Transactional: what the request would do after its commit really runs.
@pytest.mark.django_db(transaction=True)
def test_a_request_whose_smtp_hangs_answers_at_once_with_its_tracking_code(
    promise, hung_smtp, task_queue
):
    data = form_data(contact_email="zahra@example.org")
    data["scan"] = upload("scan.pdf", pdf_bytes(), "application/pdf")

    started = time.monotonic()
    response = Client().post(NEW, data, follow=True)
    took = time.monotonic() - started

    assert response.status_code == 200
    code = ManualRequest.objects.get().tracking_code
    assert f'data-tracking-code="{code}"' in response.content.decode()
    assert took < 5  # generous: the request never touches SMTP
    assert hung_smtp == []

    # The worker meets the hung server and gives up after EMAIL_TIMEOUT, for a later attempt.
    task_queue.run()
    assert len(hung_smtp) == 1
    assert task_queue.tasks().filter(status="READY").count() == 1
