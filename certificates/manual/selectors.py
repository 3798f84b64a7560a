"""Reads of manual inquiries: the service and promise they belong to, and the tracking look-up
(staff's queue is casework's)."""

import datetime

from django.utils import timezone

from casework.selectors import case_for_tracking
from certificates.models import ManualRequest
from certificates.selectors import certificate_service
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
    return case_for_tracking(ManualRequest, code=code)
