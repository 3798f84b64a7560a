"""A manual inquiry whose database connection dies mid-request (PostgreSQL stopped or
restarted while it runs): the answer is the friendly 503 or success, never a 500, and a scan is
kept exactly when its request was saved."""

import psycopg2
import pytest
from django.db import connection
from django.test import Client

from certificates.manual import services
from certificates.models import ManualRequest
from tests.certificates.manual.conftest import form_data
from tests.certificates.manual.scans import pdf_bytes, upload

# Transactional: the request's own connection is the one killed, outside any test transaction.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("promise")]

NEW = "/en/certificates/requests/new/"


def kill_the_connection() -> None:
    """End this thread's database session from another one, as a fast shutdown does, and wait
    until it is gone."""
    pid = connection.connection.get_backend_pid()
    other = psycopg2.connect(**connection.get_connection_params())
    try:
        with other, other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
    finally:
        other.close()


def file_a_request():
    client = Client(raise_request_exception=False)
    data = form_data()
    data["scan"] = upload("scan.pdf", pdf_bytes(), "application/pdf")
    response = client.post(NEW, data)
    connection.close()  # the test client leaves the broken connection open; Django would not
    return response


def test_a_connection_lost_between_the_stored_scan_and_the_row_answers_503_and_keeps_no_scan(
    scan_storage, new_scans, monkeypatch
):
    store = scan_storage.save

    def store_then_lose_the_database(*args, **kwargs):
        name = store(*args, **kwargs)
        kill_the_connection()
        return name

    monkeypatch.setattr(scan_storage, "save", store_then_lose_the_database)

    response = file_a_request()

    assert response.status_code == 503
    assert "Temporarily unavailable" in response.content.decode()
    assert response["Retry-After"]
    assert not ManualRequest.objects.exists()
    assert new_scans() == set()


def test_a_connection_lost_right_after_the_commit_never_answers_500_nor_drops_the_saved_scan(
    new_scans, monkeypatch
):
    file = services.manual_request_file

    def file_then_lose_the_database(*args, **kwargs):
        manual_request = file(*args, **kwargs)
        kill_the_connection()
        return manual_request

    monkeypatch.setattr(services, "manual_request_file", file_then_lose_the_database)

    response = file_a_request()

    # Saved: success, or the friendly 503 when the session cannot be written either.
    assert response.status_code in (302, 503)
    manual_request = ManualRequest.objects.get()
    assert new_scans() == {manual_request.scan.name}
