"""What the feedback app forgets, and when (run by ``enforce_retention``)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from feedback.models import Feedback


def purge(*, now: datetime.datetime) -> dict[str, int]:
    """Contact details and client hashes of suggestions answered or closed long ago, in their
    history too. The message and the answer stay: they are what the performance page counts."""
    before = now - datetime.timedelta(days=settings.RETENTION_CONTACT_DAYS)
    finished = Feedback.objects.filter(
        Q(status=Feedback.Status.CLOSED, closed_at__lt=before)
        | Q(status=Feedback.Status.ANSWERED, answered_at__lt=before)
    ).exclude(contact_email="", contact_mobile="", client="")
    with transaction.atomic():
        ids = list(finished.values_list("pk", flat=True))
        count = finished.update(contact_email="", contact_mobile="", client="")
        Feedback.history.filter(id__in=ids).update(contact_email="", contact_mobile="", client="")
    return {"suggestion contacts": count}
