"""The database keeps the rules even when code forgets them."""

import pytest
from django.db import IntegrityError

from feedback.models import Feedback
from tests.feedback.factories import QuestionFactory, submitted

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "change",
    [
        {"tracking_code": "ABCD0000"},  # 0 is not in the alphabet
        {"contact_mobile": "0912"},
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
