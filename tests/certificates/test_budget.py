"""The failure budget: a national code cannot be found by trying candidates against one number,
through any channel, and an employer checking thousands of certificates never notices it."""

import io
import re
from collections import Counter

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certificates import budget, services
from certificates.models import BulkCheck, Certificate, GuessingAlert, Inquiry
from tests.certificates.factories import CertificateFactory, StandardFactory, national_code

NUMBER, RIGHT = "14021000123", "0499370899"
ONE = "/api/v1/verifications"
MANY = "/api/v1/verifications/bulk"


@pytest.fixture(autouse=True)
def _budget_of_twenty(settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "certificate-failures": "20/d",
        "organisation-failures": "2000/d",
        # Each attempt below comes from a new address; the per-client limit is another test's.
        "verify-failures": "1000/10m",
    }


def wrong_codes(count: int) -> list[str]:
    """Valid national codes that are not the holder's."""
    return [code for code in (national_code(n) for n in range(1, count + 2)) if code != RIGHT][
        :count
    ]


def form_check(client, number, national_id, *, address="198.51.100.7"):
    return client.post(
        "/en/certificates/verify/",
        {"number": number, "national_id": national_id},
        REMOTE_ADDR=address,
    )


def api(client, path, body, key):
    return client.post(
        path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )


def status_marker(response) -> str | None:
    found = re.search(rb'data-verification-status="([a-z_]+)"', response.content)
    return found.group(1).decode() if found else None


def spend_the_budget(client, number=NUMBER):
    for index, code in enumerate(wrong_codes(20)):
        response = form_check(client, number, code, address=f"203.0.113.{index + 1}")
        assert status_marker(response) == "not_found"


def test_after_twenty_misses_from_twenty_clients_the_right_code_is_refused(
    client, certificate, settings
):
    spend_the_budget(client)
    inquiries = Inquiry.objects.count()

    response = form_check(client, NUMBER, RIGHT, address="192.0.2.99")

    assert response.status_code == 429
    assert status_marker(response) is None
    assert b"too many checks that matched nothing" in response.content
    assert int(response["Retry-After"]) > 0
    assert Inquiry.objects.count() == inquiries  # a refusal is not a check


def test_an_unknown_number_is_refused_exactly_like_a_real_one(client, certificate):
    spend_the_budget(client, NUMBER)
    spend_the_budget(client, "14029999999")

    real = form_check(client, NUMBER, RIGHT, address="192.0.2.1")
    unknown = form_check(client, "14029999999", RIGHT, address="192.0.2.2")

    assert real.status_code == unknown.status_code == 429
    assert real.content == unknown.content


def test_the_qr_link_still_answers_for_a_refused_number(client, certificate):
    spend_the_budget(client)
    response = client.get(f"/en/c/{certificate.token}")
    assert status_marker(response) == "valid"


def test_other_numbers_are_not_affected(client, certificate):
    other = CertificateFactory(number="14021000999")
    spend_the_budget(client)
    response = form_check(client, other.number, other.national_id)
    assert status_marker(response) == "valid"


def test_misses_count_across_the_form_and_the_api(client, certificate, api_key):
    for index, code in enumerate(wrong_codes(20)):
        if index % 2:
            body = api(client, ONE, {"number": NUMBER, "national_id": code}, api_key[1]).json()
            assert body["status"] == "not_found"
        else:
            assert status_marker(form_check(client, NUMBER, code)) == "not_found"

    response = api(client, ONE, {"number": NUMBER, "national_id": RIGHT}, api_key[1])

    assert response.status_code == 429
    assert "number" in response.json()["errors"]
    assert response["Retry-After"]
    assert status_marker(form_check(client, NUMBER, RIGHT)) is None


def test_spending_a_budget_raises_one_alert_and_mails_the_supervisors(
    client, certificate, settings, django_capture_on_commit_callbacks
):
    settings.SECURITY_ALERT_EMAILS = ["security@example.ir"]
    with django_capture_on_commit_callbacks(execute=True):
        spend_the_budget(client)
        form_check(client, NUMBER, RIGHT)  # refused: no second alert

    alert = GuessingAlert.objects.get()
    assert (alert.scope, alert.checked_number, alert.failures) == ("number", NUMBER, 20)
    assert alert.channel == "form"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["security@example.ir"]
    assert NUMBER in mail.outbox[0].subject


def test_staff_see_the_alerts_in_admin(client, certificate, staff_client):
    spend_the_budget(client)
    response = staff_client.get("/admin/certificates/guessingalert/")
    assert response.status_code == 200
    assert NUMBER.encode() in response.content


# --- bulk checks --------------------------------------------------------------------------------
def enumeration(candidates: int, *, right_at: int) -> list[str]:
    codes = wrong_codes(candidates - 1)
    codes.insert(right_at, RIGHT)
    return codes


def test_an_api_bulk_trying_two_thousand_codes_for_one_number_is_refused_whole(
    client, certificate, api_key
):
    items = [{"number": NUMBER, "national_id": code} for code in enumeration(2000, right_at=1500)]

    response = api(client, MANY, items, api_key[1])

    assert response.status_code == 429
    assert "body" in response.json()["errors"]
    assert "valid" not in response.content.decode()
    assert not Inquiry.objects.exists()
    assert not BulkCheck.objects.exists()


def test_an_api_bulk_enumeration_in_small_batches_never_confirms_the_right_code(
    client, certificate, api_key
):
    codes = enumeration(2000, right_at=1500)
    statuses = Counter()
    for start in range(0, len(codes), 20):
        items = [{"number": NUMBER, "national_id": code} for code in codes[start : start + 20]]
        response = api(client, MANY, items, api_key[1])
        assert response.status_code in (200, 429)
        if response.status_code == 200:
            for result in response.json()["results"]:
                statuses[result["status"]] += 1
                assert result["certificate"] is None
    assert statuses["valid"] == 0
    assert statuses["not_found"] == 20  # the first batch; every later row was refused


def test_a_web_bulk_trying_two_thousand_codes_for_one_number_is_refused_whole(
    employer, certificate
):
    codes = enumeration(2000, right_at=1500)
    text = "number,national_id\n" + "".join(f"{NUMBER},{code}\n" for code in codes)
    upload = io.BytesIO(text.encode())
    upload.name = "candidates.csv"

    response = employer.post("/en/certificates/bulk/", {"file": upload})

    assert response.status_code == 429
    assert b"Too many rows check the same certificate number" in response.content
    assert not Inquiry.objects.exists()
    assert not BulkCheck.objects.exists()


def test_a_spent_number_is_refused_row_by_row_in_a_bulk_check(client, certificate, api_key):
    other = CertificateFactory(number="14021000999")
    spend_the_budget(client)
    items = [
        {"number": NUMBER, "national_id": RIGHT, "reference": "a"},
        {"number": other.number, "national_id": other.national_id, "reference": "b"},
    ]

    body = api(client, MANY, items, api_key[1]).json()

    first, second = body["results"]
    assert first["status"] is None
    assert first["certificate"] is None
    assert "number" in first["errors"]
    assert second["status"] == "valid"


def test_ten_thousand_certificates_with_five_percent_typos_are_answered_in_full(client, api_key):
    standard = StandardFactory()
    certificates = Certificate.objects.bulk_create(
        CertificateFactory.build(
            number=f"1403{n:07d}",
            national_id=national_code(n),
            standard=standard,
            training_centre=None,
        )
        for n in range(10_000)
    )
    items = [
        {
            "number": certificate.number,
            # Every twentieth row has a typing mistake in the national code.
            "national_id": national_code(n + 1) if n % 20 == 0 else certificate.national_id,
        }
        for n, certificate in enumerate(certificates)
    ]

    response = api(client, MANY, items, api_key[1])

    assert response.status_code == 200
    statuses = Counter(result["status"] for result in response.json()["results"])
    assert statuses == {"valid": 9500, "not_found": 500}
    # Its misses are counted against the organisation: 500 of its 2,000 a day.
    key = f"organisation-{api_key[0].organisation.pk}"
    assert budget.ratelimits.counts(budget.ORGANISATIONS, [key])[key] == 500


def test_an_organisation_that_spent_its_budget_is_refused_on_every_channel(
    client, certificate, api_key, employer, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "organisation-failures": "30/d"}
    for start in range(0, 40, 10):
        items = [{"number": f"1409000{start + n:04d}", "national_id": RIGHT} for n in range(10)]
        api(client, MANY, items, api_key[1])

    bulk = api(client, MANY, [{"number": NUMBER, "national_id": RIGHT}], api_key[1])
    single = api(client, ONE, {"number": NUMBER, "national_id": RIGHT}, api_key[1])
    upload = io.BytesIO(f"number,national_id\n{NUMBER},{RIGHT}\n".encode())
    upload.name = "one.csv"
    web = employer.post("/en/certificates/bulk/", {"file": upload})

    assert bulk.status_code == single.status_code == web.status_code == 429
    assert b"Your organisation has made too many checks" in web.content
    assert GuessingAlert.objects.filter(scope="organisation").count() == 1


def test_bulk_requests_side_by_side_cannot_spend_one_budget_twice(certificate):
    rows = Counter({NUMBER: 15})
    first = budget.reserve(rows, lines_per_number={NUMBER: list(range(15))})

    with pytest.raises(budget.BudgetSpent):
        budget.reserve(Counter({NUMBER: 10}), lines_per_number={NUMBER: list(range(10))})

    first.settle(misses=Counter({NUMBER: 14}), channel="api")
    budget.reserve(Counter({NUMBER: 6}), lines_per_number={NUMBER: list(range(6))})


def test_a_bulk_that_fails_gives_its_reservation_back(certificate, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "inquiries_record", broken)
    from certificates.bulk import bulk_verify

    rows = [(n, {"number": NUMBER, "national_id": code}) for n, code in enumerate(wrong_codes(20))]
    with pytest.raises(RuntimeError):
        bulk_verify(rows, channel="api", language="en")
    monkeypatch.undo()

    outcome = bulk_verify(rows, channel="api", language="en")
    assert all(row.inquiry.outcome == "not_found" for row in outcome.rows)


# --- what the answers show ----------------------------------------------------------------------
def test_api_answers_are_never_stored_by_browsers_or_proxies(client, certificate, api_key):
    for response in (
        api(client, ONE, {"number": NUMBER, "national_id": RIGHT}, api_key[1]),
        api(client, MANY, [{"number": NUMBER, "national_id": RIGHT}], api_key[1]),
        api(client, ONE, {"number": NUMBER}, api_key[1]),
        api(client, ONE, {"number": NUMBER, "national_id": RIGHT}, "wrong-key"),
    ):
        assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("page", ["form", "qr", "receipt"])
def test_result_pages_mark_the_masked_national_code_with_at_most_four_digits(
    client, certificate, page
):
    if page == "qr":
        response = client.get(f"/c/{certificate.token}")
    else:
        response = form_check(client, NUMBER, RIGHT)
        if page == "receipt":
            code = re.search(rb'data-receipt-code="(\w+)"', response.content).group(1).decode()
            response = client.get(f"/certificates/receipts/{code}/")
    masked = re.search(rb'data-masked-national-id="([^"]+)"', response.content).group(1).decode()
    assert masked == "04******99"
    text = response.content.decode()
    assert "049*" not in text
    assert "۰۴۹*" not in text


def test_the_inquiry_log_is_masked_to_four_digits_by_the_migration(certificate):
    from importlib import import_module

    from django.apps import apps
    from django.db import connection

    inquiry = services.inquiry_record(
        certificate=certificate,
        channel="form",
        checked_number=NUMBER,
        checked_national_id=RIGHT,
        language="fa",
    )
    Inquiry.objects.filter(pk=inquiry.pk).update(checked_national_id="049*****99")
    migration = import_module("certificates.migrations.0007_guessing_alerts_and_shorter_masks")

    migration.mask_four_digits(apps, type("Editor", (), {"connection": connection})())

    inquiry.refresh_from_db()
    assert inquiry.checked_national_id == "04******99"


# --- one round trip to the shared store -----------------------------------------------------------
def _store_reads(queries) -> int:
    """Reads of the shared store (in tests the database cache: one SELECT per round trip)."""
    return sum(
        1
        for query in queries
        if "servicedesk_cache" in query["sql"] and query["sql"].lstrip().startswith("SELECT")
    )


def test_a_form_check_reads_the_client_limit_and_the_number_budget_in_one_round_trip(
    client, certificate
):
    with CaptureQueriesContext(connection) as queries:
        response = form_check(client, NUMBER, RIGHT)

    assert status_marker(response) == "valid"
    assert _store_reads(queries) == 1


def test_the_number_and_organisation_budgets_are_read_in_one_round_trip(certificate, api_key):
    with CaptureQueriesContext(connection) as queries:
        budget.check_allowed(number=NUMBER, organisation=api_key[0].organisation)

    assert _store_reads(queries) == 1


def test_a_client_over_its_limit_is_refused_before_a_spent_number_is_mentioned(
    client, certificate, settings
):
    spend_the_budget(client)
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "verify-failures": "1/10m"}
    form_check(client, "14021000999", RIGHT)  # the client's one failure

    response = form_check(client, NUMBER, RIGHT)

    assert response.status_code == 429
    assert b"This certificate number has had too many checks" not in response.content


def test_a_numbers_key_in_the_shared_store_is_its_keyed_hash_under_the_current_secret(settings):
    from django.utils.crypto import salted_hmac

    for secret in ("first-secret-key-for-this-test-only", "second-secret-key-for-this-test"):
        settings.SECRET_KEY = secret
        expected = salted_hmac("certificates.budget", NUMBER, secret).hexdigest()[:24]
        assert budget._number_key(NUMBER) == expected
