import datetime
import re

import pytest
from django.utils import timezone

from certificates import services
from certificates.models import Certificate, Inquiry
from tests.certificates.factories import CertificateFactory

VERIFY = "/certificates/verify/"
MARKER = re.compile(
    r'data-verification-status="(\w+)" (?:data-current-status="\w+" )?data-receipt-code="(\w+)"'
)


def marker(response):
    status, receipt = MARKER.search(response.content.decode()).groups()
    return status, receipt


def check(client, number, national_id, path=VERIFY):
    return client.post(path, {"number": number, "national_id": national_id})


def test_the_form_is_shown(client, db):
    response = client.get(VERIFY)
    assert response.status_code == 200
    assert b'name="number"' in response.content
    assert b'name="national_id"' in response.content
    assert b"csrfmiddlewaretoken" in response.content


def test_a_valid_certificate_shows_the_holder_and_a_receipt(client, certificate):
    response = check(client, "14021000123", "0499370899")
    assert response.status_code == 200
    status, receipt = marker(response)
    assert status == "valid"
    inquiry = Inquiry.objects.get(receipt_code=receipt)
    assert inquiry.channel == "form"
    assert inquiry.language == "fa"
    html = response.content.decode()
    assert "علی رضایی" in html
    assert "محمد" in html
    assert "۰۴******۹۹" in html  # masked, Persian digits
    assert "0499370899" not in html
    assert "۰۴۹۹۳۷۰۸۹۹" not in html
    assert "۱۰ مرداد ۱۴۰۲" in html  # the issue date, Jalali


def test_persian_and_arabic_digits_dashes_and_spaces_are_accepted(client, certificate):
    response = check(client, "۱۴۰۲۱۰۰۰۱۲۳", "٠٤٩-٩٣٧٠٨ ٩٩")
    assert marker(response)[0] == "valid"


@pytest.mark.parametrize(
    ("status", "extra", "words"),
    [
        ("expired", {"valid_until": datetime.date(2024, 1, 1)}, "Genuine, but expired"),
        (
            "revoked",
            {
                "status": "revoked",
                "status_reason": "Forged documents",
                "status_changed_on": datetime.date(2025, 1, 1),
            },
            "Forged documents",
        ),
    ],
)
def test_each_outcome_is_shown_in_words(client, db, status, extra, words):
    CertificateFactory(number="555", national_id="0499370899", **extra)
    response = check(client, "555", "0499370899", path="/en" + VERIFY)
    assert marker(response)[0] == status
    assert words in response.content.decode()


def test_a_replaced_certificate_names_the_replacing_number(client, certificate):
    successor = CertificateFactory(number="14031000999")
    services.certificate_replace(certificate=certificate, replacement=successor, reason="duplicate")
    response = check(client, "14021000123", "0499370899", path="/en" + VERIFY)
    assert marker(response)[0] == "replaced"
    assert "14031000999" in response.content.decode()


def test_english_pages_show_latin_names(client, certificate):
    response = check(client, "14021000123", "0499370899", path="/en" + VERIFY)
    html = response.content.decode()
    assert "Ali Rezaei" in html
    assert "Computer Operator" in html
    assert "1 Aug 2023 (1402/05/10)" in html


def test_a_mismatch_is_indistinguishable_from_an_unknown_number(client, certificate):
    wrong_code = check(client, "14021000123", "0790419904")
    unknown_number = check(client, "14021000124", "0790419904")
    assert wrong_code.status_code == unknown_number.status_code == 200
    assert marker(wrong_code)[0] == marker(unknown_number)[0] == "not_found"
    assert len(wrong_code.content) == len(unknown_number.content)

    # Apart from the receipt code and the typed number, the pages are the same bytes.
    def scrub(response):
        html = response.content.decode()
        code = marker(response)[1]
        for variant in (code, "-".join(code[i : i + 4] for i in (0, 4, 8))):
            html = html.replace(variant, "RECEIPT")
        html = html.replace("۱۴۰۲۱۰۰۰۱۲۳", "N").replace("۱۴۰۲۱۰۰۰۱۲۴", "N")
        return re.sub("[۰-۹]{2}:[۰-۹]{2}", "HH:MM", html)  # the two checks may straddle a minute

    assert scrub(wrong_code) == scrub(unknown_number)


def test_an_invalid_national_code_gets_a_message_and_no_lookup(client, certificate):
    response = check(client, "14021000123", "0499370898")
    assert response.status_code == 400
    assert "این کد ملی معتبر نیست" in response.content.decode()
    assert not Inquiry.objects.exists()


def test_empty_fields_get_messages(client, db):
    response = client.post("/en" + VERIFY, {"number": "", "national_id": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter the certificate number." in html
    assert "Enter the national code." in html


def test_result_pages_are_never_cached(client, certificate):
    response = check(client, "14021000123", "0499370899")
    assert "no-store" in response["Cache-Control"]


def test_repeated_failures_get_a_429_with_retry_after(client, certificate, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "verify-failures": "3/10m"}
    for number in ("1", "2", "3"):
        assert check(client, number, "0499370899").status_code == 200
    response = check(client, "14021000123", "0499370899")  # even the right pair now waits
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    assert "تعداد تلاش‌ها بیش از حد مجاز است" in response.content.decode()
    assert Inquiry.objects.count() == 3


def test_successful_checks_do_not_count_towards_the_limit(client, certificate, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "verify-failures": "2/10m"}
    for _ in range(5):
        assert marker(check(client, "14021000123", "0499370899"))[0] == "valid"


def test_the_qr_link_shows_the_result(client, certificate):
    response = client.get(f"/c/{certificate.token}")
    assert response.status_code == 200
    assert marker(response)[0] == "valid"
    assert Inquiry.objects.get().channel == "qr"


def test_an_unknown_qr_token_is_not_found(client, db):
    response = client.get("/en/c/not-a-real-token-0123456789")
    assert response.status_code == 404
    assert marker(response)[0] == "not_found"


def test_qr_lookups_are_rate_limited(client, certificate, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "qr": "2/10m"}
    assert client.get(f"/c/{certificate.token}").status_code == 200
    assert client.get(f"/c/{certificate.token}").status_code == 200
    assert client.get(f"/c/{certificate.token}").status_code == 429


def test_a_receipt_shows_what_was_checked_and_when(client, certificate):
    receipt = marker(check(client, "14021000123", "0499370899"))[1]
    response = client.get(f"/en/certificates/receipts/{receipt}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-verification-status="valid" data-current-status="valid"' in html
    assert "14021000123" in html
    assert "04******99" in html
    assert "web form" in html


def test_a_receipt_shows_a_revocation_made_after_the_check(client, certificate):
    receipt = marker(check(client, "14021000123", "0499370899"))[1]
    services.certificate_revoke(certificate=certificate, reason="Forged", on=timezone.localdate())
    response = client.get(f"/en/certificates/receipts/{receipt}/")
    html = response.content.decode()
    assert 'data-verification-status="valid" data-current-status="revoked"' in html
    assert "status has changed since this check" in html


def test_a_receipt_code_typed_by_hand_finds_its_receipt(client, certificate):
    receipt = marker(check(client, "14021000123", "0499370899"))[1]
    typed = "-".join(receipt[i : i + 4] for i in (0, 4, 8)).lower()
    response = client.get("/certificates/receipts/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/certificates/receipts/{receipt}/"


def test_a_typed_receipt_code_too_long_to_exist_is_a_friendly_404(client, db):
    # Found by tests/servicedesk/test_hostile_forms.py: the redirect to a 20,000-character
    # address was refused as unsafe (a 400 and an error in the security log).
    response = client.get("/en/certificates/receipts/", {"code": "A" * 20_000})
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_an_unknown_receipt_is_a_friendly_404(client, db):
    response = client.get("/en/certificates/receipts/AAAABBBBCCCC/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_the_receipt_qr_code_is_an_svg_of_the_receipt_link(client, certificate):
    receipt = marker(check(client, "14021000123", "0499370899"))[1]
    response = client.get(f"/certificates/receipts/{receipt}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")


def test_the_form_posts_so_no_personal_data_reaches_a_url(client, db):
    html = client.get(VERIFY).content.decode()
    assert re.search(r'<form method="post" action="/certificates/verify/"', html)


def test_the_check_costs_a_fixed_number_of_queries(
    client, certificate, django_assert_max_num_queries
):
    # Lookup, receipt insert; the client's rate-limit counter and the number's failure budget
    # in the database cache add a few.
    with django_assert_max_num_queries(7):
        check(client, "14021000123", "0499370899")


def test_a_revoked_certificate_is_revoked_everywhere(client, certificate):
    certificate.status = Certificate.Status.REVOKED
    certificate.status_reason = "x"
    certificate.save()
    assert marker(check(client, "14021000123", "0499370899"))[0] == "revoked"
    assert marker(client.get(f"/c/{certificate.token}"))[0] == "revoked"


def test_the_result_invites_to_the_open_survey(client, certificate):
    from tests.feedback.factories import SurveyFactory

    survey = SurveyFactory(slug="satisfaction")
    response = check(client, "14021000123", "0499370899")
    assert f'href="{survey.get_absolute_url()}'.encode() in response.content
