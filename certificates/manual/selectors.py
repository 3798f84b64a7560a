"""Reads of manual inquiries: the service and promise they belong to, and the tracking look-up
(staff's queue is casework's)."""

import datetime

from django.conf import settings
from django.utils import timezone

from casework.selectors import case_for_tracking
from certificates.models import ManualRequest
from sla.models import Commitment, Service
from sla.selectors import Promise, promise_in_force, service_get


def certificate_service() -> Service | None:
    """The service manual inquiries belong to (``settings.CERTIFICATE_SERVICE_ID``)."""
    try:
        return service_get(service_id=settings.CERTIFICATE_SERVICE_ID)
    except Service.DoesNotExist:
        return None


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
