"""What the portal forgets outside the apps, and when (run by ``enforce_retention``): django-axes'
records of sign-ins and failed attempts, and sessions past their expiry."""

import datetime

from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import QuerySet


def _delete(queryset: QuerySet) -> int:
    """Rows of the queryset's own model deleted (not those removed with them)."""
    return queryset.delete()[1].get(queryset.model._meta.label, 0)


def purge(*, now: datetime.datetime) -> dict[str, int]:
    """Sign-in records older than the retention period and expired sessions. A failed attempt
    still inside its lockout window stays, or the lockout would lift early (with no cool-off,
    lockouts last until staff reset them, so attempts stay). Counts what it removed."""
    logs_before = now - datetime.timedelta(days=settings.RETENTION_ACCESS_LOG_DAYS)
    cool_off = get_cool_off()
    attempts = AccessAttempt.objects.none()
    if cool_off is not None:
        attempts = AccessAttempt.objects.filter(attempt_time__lt=min(logs_before, now - cool_off))
    return {
        "sign-in log entries": _delete(AccessLog.objects.filter(attempt_time__lt=logs_before))
        + _delete(AccessFailureLog.objects.filter(attempt_time__lt=logs_before)),
        "failed sign-in attempts": _delete(attempts),
        "expired sessions": _delete(Session.objects.filter(expire_date__lt=now)),
    }
