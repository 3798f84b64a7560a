"""What is forgotten about suggestions, and what is kept."""

import datetime

from django.utils import timezone

from feedback import retention, services
from feedback.models import Feedback
from tests.feedback.factories import submitted


def answered(days_ago: int) -> Feedback:
    feedback = submitted(contact_email="ali@example.org", contact_mobile="09121234567")
    services.feedback_answer(feedback=feedback, answer="با سپاس، پیگیری شد.")
    answered_at = timezone.now() - datetime.timedelta(days=days_ago)
    Feedback.objects.filter(pk=feedback.pk).update(
        filed_at=answered_at - datetime.timedelta(days=3), answered_at=answered_at
    )
    feedback.refresh_from_db()
    return feedback


def test_contacts_of_long_answered_suggestions_are_removed_everywhere(db, settings):
    settings.RETENTION_CONTACT_DAYS = 180
    old, recent = answered(200), answered(5)
    assert retention.purge(now=timezone.now()) == {"suggestion contacts": 1}
    old.refresh_from_db()
    assert (old.contact_email, old.contact_mobile, old.client) == ("", "", "")
    assert old.answer == "با سپاس، پیگیری شد."
    assert not Feedback.history.filter(id=old.pk).exclude(contact_email="").exists()
    recent.refresh_from_db()
    assert recent.contact_email == "ali@example.org"


def test_open_suggestions_keep_their_contacts(db):
    feedback = submitted(contact_email="ali@example.org")
    Feedback.objects.filter(pk=feedback.pk).update(
        filed_at=timezone.now() - datetime.timedelta(days=999)
    )
    assert retention.purge(now=timezone.now()) == {"suggestion contacts": 0}
