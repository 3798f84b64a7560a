import datetime

import pytest

from certificates import services
from certificates.models import Certificate, Inquiry, Outcome
from tests.certificates.factories import CertificateFactory

TODAY = datetime.date(2026, 11, 26)


def verify(number, national_id, channel=Inquiry.Channel.FORM):
    return services.certificate_verify(
        number=number, national_id=national_id, channel=channel, language="fa", client="c" * 32
    )


def test_a_valid_certificate_is_valid(certificate):
    assert services.verification_outcome(certificate, today=TODAY) == Outcome.VALID


def test_a_valid_certificate_past_its_validity_is_expired(certificate):
    certificate.valid_until = TODAY - datetime.timedelta(days=1)
    assert services.verification_outcome(certificate, today=TODAY) == Outcome.EXPIRED
    certificate.valid_until = TODAY
    assert services.verification_outcome(certificate, today=TODAY) == Outcome.VALID


def test_revocation_wins_over_expiry(certificate):
    certificate.valid_until = TODAY - datetime.timedelta(days=1)
    certificate.status = Certificate.Status.REVOKED
    assert services.verification_outcome(certificate, today=TODAY) == Outcome.REVOKED


def test_no_certificate_is_not_found():
    assert services.verification_outcome(None, today=TODAY) == Outcome.NOT_FOUND


def test_a_matching_pair_is_recorded_with_a_receipt(certificate):
    inquiry = verify("14021000123", "0499370899")
    assert inquiry.pk
    assert inquiry.outcome == Outcome.VALID
    assert inquiry.certificate == certificate
    assert len(inquiry.receipt_code) == 12
    assert set(inquiry.receipt_code) <= set(services.RECEIPT_ALPHABET)
    assert inquiry.checked_national_id == "04******99"
    assert inquiry.client_hash == "c" * 32


@pytest.mark.parametrize(
    ("number", "national_id"),
    [("14021000123", "0790419904"), ("99999999999", "0499370899"), ("99999999999", "0790419904")],
)
def test_a_wrong_half_is_not_found_and_never_says_which(certificate, number, national_id):
    inquiry = verify(number, national_id)
    assert inquiry.outcome == Outcome.NOT_FOUND
    assert inquiry.certificate is None


def test_the_raw_national_code_is_never_stored(certificate):
    inquiry = verify("14021000123", "0499370899")
    stored = Inquiry.objects.filter(pk=inquiry.pk).values().get()
    assert "0499370899" not in str(stored)


def test_revoking_needs_a_reason_and_records_who_and_why(certificate):
    with pytest.raises(ValueError, match="reason"):
        services.certificate_revoke(certificate=certificate, reason="  ")
    services.certificate_revoke(certificate=certificate, reason="مدارک نادرست", on=TODAY)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.status_changed_on == TODAY
    latest = certificate.history.first()
    assert latest.history_change_reason == "مدارک نادرست"
    assert latest.status == "revoked"


def test_a_replaced_certificate_names_its_successor(certificate):
    successor = CertificateFactory()
    services.certificate_replace(certificate=certificate, replacement=successor, reason="المثنی")
    certificate.refresh_from_db()
    assert certificate.replaced_by == successor
    assert verify("14021000123", "0499370899").outcome == Outcome.REPLACED


def test_a_certificate_cannot_replace_itself(certificate):
    with pytest.raises(ValueError, match="itself"):
        services.certificate_replace(certificate=certificate, replacement=certificate, reason="x")


def test_tokens_are_unguessable_and_unique():
    tokens = {CertificateFactory().token for _ in range(20)}
    assert len(tokens) == 20
    assert all(len(token) == 24 for token in tokens)  # 144 random bits, URL-safe


def test_a_bulk_runs_answers_are_recorded_as_the_inquiries_they_show(certificate):
    expired = CertificateFactory(number="14021000777", valid_until=TODAY - datetime.timedelta(1))
    checks = [
        (certificate, certificate.number, certificate.national_id),
        (expired, expired.number, expired.national_id),
        (None, "99999", "0499370899"),
    ]

    answers = services.answers_build(checks, channel="bulk", language="en", today=TODAY)
    services.inquiries_record(answers)

    assert [answer.outcome for answer in answers] == ["valid", "expired", "not_found"]
    recorded = {inquiry.receipt_code: inquiry for inquiry in Inquiry.objects.all()}
    assert len(recorded) == 3
    for answer, (certificate_or_none, number, national_id) in zip(answers, checks, strict=True):
        inquiry = recorded[answer.receipt_code]
        assert len(answer.receipt_code) == services.RECEIPT_LENGTH
        assert inquiry.outcome == answer.outcome
        assert inquiry.certificate == certificate_or_none
        assert inquiry.checked_number == number
        assert inquiry.checked_national_id == f"{national_id[:2]}******{national_id[-2:]}"
        assert inquiry.channel == "bulk"
        assert inquiry.language == "en"
        assert inquiry.created is not None
