"""The database keeps the rules even when code forgets them."""

import pytest
from django.db import IntegrityError

from feedback.models import (
    CODE_ALPHABET,
    Feedback,
    format_tracking_code,
    new_tracking_code,
)
from tests.feedback.factories import QuestionFactory, submitted

pytestmark = pytest.mark.django_db


def test_tracking_codes_use_only_unambiguous_characters():
    codes = {new_tracking_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(len(code) == 8 and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert not set("01IO") & set(CODE_ALPHABET)
    assert format_tracking_code("ABCD2345") == "ABCD-2345"


@pytest.mark.parametrize(
    "change",
    [
        {"tracking_code": "ABCD0000"},  # 0 is not in the alphabet
        {"contact_phone": "0912"},
        {"status": "answered"},  # without an answer
        {"showcase": True},  # without staff's wording
        {"kind": "spam"},
    ],
)
def test_the_database_refuses_broken_rows(service, promise, change):
    feedback = submitted(service)
    with pytest.raises(IntegrityError):
        Feedback.objects.filter(pk=feedback.pk).update(**change)


def test_only_a_rating_question_measures_satisfaction(db):
    with pytest.raises(IntegrityError):
        QuestionFactory(type="text", measures_satisfaction=True)


def test_str_and_urls(service, promise):
    feedback = submitted(service)
    assert str(feedback).startswith(feedback.display_code)
    assert feedback.get_absolute_url() == f"/feedback/track/?code={feedback.tracking_code}"
