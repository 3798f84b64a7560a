"""Writes every kind of case shares: events, assignment, status changes, the first answer
recorded into sla, internal notes, telling the filer after the commit, and the daily overdue
check. Each takes the concrete case (a ``casework.models.Case`` row) and follows its kind's
``TRANSITIONS``; the kinds' own services (filing, answering, rejecting, rating…) call these.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from casework import notifications
from casework.models import Case, CaseEvent, CaseNote
from servicedesk import outbox
from servicedesk.mail import supervisor_emails
from sla.deadlines import set_first_answer
from sla.services import measurement_record

logger = logging.getLogger(__name__)

Event = CaseEvent.Kind


class CaseError(Exception):
    """A rule of a case's life was broken; the message says which (translated)."""


def case_event(case: Case, kind: str, *, at, by=None, detail: str = "") -> CaseEvent:
    """Record a step of ``case``'s life; public unless its kind is for staff only."""
    return case.events.create(
        kind=kind,
        at=at,
        by=by,
        detail=detail[:200],
        is_public=kind in case.events.model.PUBLIC_KINDS,
    )


def case_lock(case: Case) -> Case:
    """``case`` read again under a row lock (call inside a transaction)."""
    return type(case).objects.select_for_update().get(pk=case.pk)


def case_tell_filer(
    case: Case, message: str, *, also: Callable[[Case, str], None] | None = None
) -> None:
    """Queue, in the current transaction, the mail that tells the filer about ``message`` (if
    they left an address) and whatever ``also(case, message)`` queues (an SMS): they leave only
    if the transaction commits, and a failure to send never undoes what was saved."""
    if case.contact_email:
        outbox.enqueue(
            notifications.mail_filer, model=case._meta.label, case_id=case.pk, message=message
        )
    if also is not None:
        also(case, message)


# --- staff's work -------------------------------------------------------------------------------
def check_transition(case: Case, status: str) -> None:
    """Raise CaseError unless staff may move ``case`` to ``status`` directly."""
    if status != case.status and status not in case.TRANSITIONS.get(case.status, set()):
        raise CaseError(
            str(case.TRANSITION_REFUSED)
            % {"old": case.get_status_display(), "new": case.Status(status).label}
        )


def case_change_status(
    *, case: Case, status: str, by=None, now: datetime.datetime | None = None
) -> Case:
    """Move a case into review, back to received, closed (where its kind has it), or reopen
    an answered or closed one."""
    now = now or timezone.now()
    with transaction.atomic():
        case = case_lock(case)
        if status == case.status:
            return case
        check_transition(case, status)
        previous = case.status
        case.status = status
        fields = ["status", "updated", *case.status_changed(previous, at=now)]
        case.save(update_fields=fields)
        if status == "closed":
            kind = Event.CLOSED
        elif previous in case.CLOSED_STATUSES:
            kind = Event.REOPENED
        else:
            kind = Event(status)  # taken into review, or back to received
        case_event(case, kind, at=now, by=by)
    return case


def case_assign(*, case: Case, assignee, by=None, now: datetime.datetime | None = None) -> Case:
    """Give a case to a member of staff (or nobody); taking a new one starts its review."""
    now = now or timezone.now()
    if assignee is not None and not assignee.is_staff:
        raise CaseError(gettext("Only a member of staff can be assigned a request."))
    with transaction.atomic():
        case = case_lock(case)
        if case.assigned_to_id == (assignee.pk if assignee else None):
            return case
        case.assigned_to = assignee
        case.save(update_fields=["assigned_to", "updated"])
        detail = assignee.get_username() if assignee else "–"
        case_event(case, Event.ASSIGNED, at=now, by=by, detail=detail)
        if assignee is not None and case.status == "received":
            case = case_change_status(case=case, status="in_review", by=by, now=now)
    return case


def case_record_first_answer(case: Case, *, by, at: datetime.datetime, service) -> list[str]:
    """Set ``case``'s first answer (not saved) and record into sla, for ``service`` (None: not
    recorded, and logged), how many working days it took and whether it met the deadline.
    Returns the fields set, for ``save(update_fields=…)``."""
    fields = set_first_answer(case, by=by, at=at)
    if service is None:
        logger.warning(
            "%s: no service to measure against; answer time not recorded", case._meta.label
        )
        return fields
    measurement_record(
        service=service,
        kind=case.MEASUREMENT_KIND,
        occurred_at=at,
        value=case.working_days_taken,
        met_deadline=case.met_deadline,
    )
    return fields


def case_note_add(*, case: Case, text: str, author) -> CaseNote:
    """An internal note for staff; never shown to the filer."""
    text = text.strip()
    if not text:
        raise CaseError(gettext("A note cannot be empty."))
    return case.notes.create(text=text, author=author)


# --- the daily overdue check --------------------------------------------------------------------
@dataclass
class OverdueReport:
    """What one overdue check of one kind of case did."""

    model: type[Case]
    flagged: list[Case] = field(default_factory=list)
    still_overdue: int = 0
    notified: int = 0
    mailed_to: list[str] = field(default_factory=list)
    unreported: int = 0  # flagged, supervisors not told: there is nobody to tell


def cases_flag_overdue(*, model: type[Case], now: datetime.datetime | None = None) -> OverdueReport:
    """Flag open cases of ``model`` past their deadline, then queue one mail to the supervisors
    about every flagged one they have not been told about yet. Safe to run again, and on two
    hosts at once: the rows are read under a row lock and marked in the transaction that queues
    the mail, so a case is flagged once and reported once (the queue retries a failed mail)."""
    now = now or timezone.now()
    report = OverdueReport(model=model)
    with transaction.atomic():
        newly = list(
            model.objects.select_for_update()
            .filter(
                status__in=model.OPEN_STATUSES, deadline__lt=now, overdue_flagged_at__isnull=True
            )
            .order_by("deadline", "id")
        )
        for case in newly:
            case.overdue_flagged_at = now
            case_event(case, Event.OVERDUE, at=now)
        model.objects.bulk_update(newly, ["overdue_flagged_at"])
        report.flagged = newly
        overdue = model.objects.filter(status__in=model.OPEN_STATUSES, deadline__lt=now)
        report.still_overdue = overdue.count()
        # A second run waiting on these locks reads them again once the first commits, and
        # finds them told.
        unreported = list(
            overdue.filter(overdue_notified_at__isnull=True)
            .select_for_update(of=("self",))
            .order_by("deadline", "id")
            .values_list("pk", flat=True)
        )
        report.unreported = len(unreported)
        if not unreported:
            return report
        recipients = supervisor_emails(getattr(settings, model.SUPERVISOR_EMAILS_SETTING))
        if not recipients:
            logger.warning(
                "%s: overdue cases, but no supervisor address to mail", model._meta.label
            )
            return report
        outbox.enqueue(
            notifications.mail_supervisors_overdue,
            model=model._meta.label,
            case_ids=unreported,
            to=recipients,
            total=report.still_overdue,
            now=now.isoformat(),
        )
        model.objects.filter(pk__in=unreported).update(overdue_notified_at=now)
    report.notified, report.unreported = len(unreported), 0
    report.mailed_to = recipients
    return report
