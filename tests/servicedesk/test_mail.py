"""Mail from templates in the reader's language, to the supervisors."""

import pytest
from django.core import mail

from servicedesk.mail import send_templated_mail, supervisor_emails
from tests.factories import UserFactory


def test_a_templated_mail_has_a_one_line_subject_a_text_and_an_html_part(db):
    send_templated_mail(
        template="casework/email/overdue",
        to=["head@example.org"],
        context={"items": [], "total": 0, "now": None, "kind": "manualrequest", "queue_url": "/"},
        language="en",
    )
    message = mail.outbox[0]
    assert "\n" not in message.subject
    assert message.subject.startswith("Manual inquiries past their deadline")
    assert message.alternatives[0][1] == "text/html"


@pytest.mark.django_db
def test_supervisors_are_the_configured_addresses_else_the_superusers():
    UserFactory(username="root", is_superuser=True, email="root@example.org")
    UserFactory(username="gone", is_superuser=True, is_active=False, email="gone@example.org")
    UserFactory(username="clerk", is_staff=True, email="clerk@example.org")
    assert supervisor_emails([]) == ["root@example.org"]
    assert supervisor_emails(["head@example.org", ""]) == ["head@example.org"]
