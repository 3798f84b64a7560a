"""Reads of manual inquiries: the tracking look-up and staff's queue."""

import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from certificates.models import ManualRequest, ManualRequestEvent
from certificates.selectors import certificate_service
from sla import deadlines
from sla.models import Commitment
from sla.selectors import Promise, promise_in_force


def promise_now(*, at: datetime.datetime | None = None) -> Promise | None:
    """The answer time promised to a request filed at ``at`` (now), or None."""
    service = certificate_service()
    if service is None:
        return None
    return promise_in_force(
        service=service, kind=Commitment.Kind.INQUIRY_ANSWER, at=at or timezone.now()
    )


def manual_request_for_tracking(*, code: str) -> ManualRequest | None:
    """The request with this (normalised) tracking code, with its public timeline."""
    return (
        ManualRequest.objects.select_related("agreement_version")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=ManualRequestEvent.objects.filter(is_public=True).order_by("at", "id"),
                to_attr="public_events",
            )
        )
        .filter(tracking_code=code)
        .first()
    )


def manual_requests_open() -> QuerySet[ManualRequest]:
    return ManualRequest.objects.filter(status__in=ManualRequest.OPEN_STATUSES)


def manual_requests_overdue(*, at: datetime.datetime | None = None) -> QuerySet[ManualRequest]:
    return manual_requests_open().filter(deadline__lt=at or timezone.now())


def manual_requests_due_soon(*, at: datetime.datetime | None = None) -> QuerySet[ManualRequest]:
    """Open requests not yet overdue but due soon (``sla.deadlines.due_soon``)."""
    return deadlines.due_soon(manual_requests_open(), at=at or timezone.now())


def manual_requests_queue() -> QuerySet[ManualRequest]:
    """Staff's queue: the nearest deadline first, with what the list shows."""
    return ManualRequest.objects.select_related("assigned_to", "organisation").order_by(
        "deadline", "-filed_at"
    )
