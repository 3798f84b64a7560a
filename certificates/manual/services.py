"""Writes of manual inquiries: filing with a scan, assignment, status changes, the answer (or a
rejection), internal notes and the daily overdue check. The public form, the admin's change
form and actions, and the command all call these, so each rule exists once.

The deadline comes from the agreement version in force at filing and never changes after. The
first answer (or rejection) records into ``sla`` how many working days it took and whether it
met that deadline. The filer is told by email and/or SMS after the transaction commits; a
message that fails is logged and never undoes the answer.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from certificates.manual import notifications, validators
from certificates.manual.selectors import certificate_service, promise_now
from certificates.models import ManualRequest, ManualRequestEvent, ManualRequestNote, Organisation
from servicedesk.codes import create_with_tracking_code
from sla.deadlines import deadline_terms, set_first_answer
from sla.models import Measurement
from sla.services import measurement_record

logger = logging.getLogger(__name__)

Status = ManualRequest.Status
Verdict = ManualRequest.Verdict
Event = ManualRequestEvent.Kind

# Status changes staff make directly; "answered" and "rejected" are reached only through
# manual_request_answer and manual_request_reject, and left only by reopening into review.
TRANSITIONS = {
    Status.RECEIVED: {Status.IN_REVIEW},
    Status.IN_REVIEW: {Status.RECEIVED},
    Status.ANSWERED: {Status.IN_REVIEW},
    Status.REJECTED: {Status.IN_REVIEW},
}


class ManualRequestError(Exception):
    """A rule of a request's life was broken; the message says which (translated)."""


def _event(manual_request, kind: str, *, at, by=None, detail: str = "") -> ManualRequestEvent:
    return ManualRequestEvent.objects.create(
        manual_request=manual_request,
        kind=kind,
        at=at,
        by=by,
        detail=detail[:200],
        is_public=kind in ManualRequestEvent.PUBLIC_KINDS,
    )


def _lock(manual_request: ManualRequest) -> ManualRequest:
    return ManualRequest.objects.select_for_update().get(pk=manual_request.pk)


# --- filing -------------------------------------------------------------------------------------
def manual_request_file(
    *,
    national_id: str,
    holder_name: str,
    issue_year: int,
    training_centre: str,
    scan: File,
    scan_type: str | None = None,
    certificate_number: str = "",
    contact_email: str = "",
    contact_mobile: str = "",
    organisation: Organisation | None = None,
    filed_by=None,
    language: str = "fa",
    client: str = "",
    now: datetime.datetime | None = None,
) -> ManualRequest:
    """File a request with a fresh tracking code and the deadline promised by the agreement
    version in force now. ``scan`` is checked by its content here unless the caller already
    did (``validators.check_scan``, whose answer it passes as ``scan_type``).

    The scan and the row are kept together or not at all: the file is written first, and
    removed again if the row cannot be saved. Call this outside any other transaction.
    """
    if not (contact_email or contact_mobile):
        raise ManualRequestError(gettext("Leave an email address or a mobile number."))
    if scan_type is None:
        scan_type = validators.check_scan(scan)
    now = now or timezone.now()
    fields = {
        "certificate_number": certificate_number,
        "national_id": national_id,
        "holder_name": holder_name,
        "issue_year": issue_year,
        "training_centre": training_centre,
        "scan_type": scan_type,
        "scan_size": scan.size,
        "contact_email": contact_email,
        "contact_mobile": contact_mobile,
        "organisation": organisation,
        "filed_by": filed_by if getattr(filed_by, "is_authenticated", False) else None,
        "language": language[:8],
        "client": client,
        "filed_at": now,
        **deadline_terms(promise_now(at=now), filed_at=now),
    }
    # Write the file before the row, under a name of its own (not the sender's file name).
    draft = ManualRequest(**fields)
    scan_field = ManualRequest._meta.get_field("scan")
    stored_name = scan_field.storage.save(scan_field.generate_filename(draft, "scan"), scan)
    try:
        with transaction.atomic():
            manual_request = create_with_tracking_code(
                lambda code: ManualRequest.objects.create(
                    tracking_code=code, scan=stored_name, **fields
                )
            )
            _event(manual_request, Event.RECEIVED, at=now)
    except BaseException:
        # Nothing was saved (the database may have gone away between the file and the row).
        scan_field.storage.delete(stored_name)
        raise
    # Only once the row is saved: a message that fails afterwards (the database gone again
    # right after the commit) is logged and never takes the saved scan with it.
    _notify_filer_after_commit(manual_request.pk, "received")
    return manual_request


def _notify_filer_after_commit(manual_request_id: int, message: str) -> None:
    """Tell the filer once the transaction commits; a failure is logged, never raised.

    A function of its own rather than a ``functools.partial``: Django names a failed robust
    callback by its ``__qualname__``, which a partial lacks (that AttributeError was a 500)."""

    def notify() -> None:
        notifications.notify_filer(manual_request_id, message)

    transaction.on_commit(notify, robust=True)


# --- staff's work -------------------------------------------------------------------------------
def manual_request_change_status(
    *,
    manual_request: ManualRequest,
    status: str,
    by=None,
    now: datetime.datetime | None = None,
) -> ManualRequest:
    """Move a request into review, back to received, or reopen an answered or rejected one."""
    now = now or timezone.now()
    with transaction.atomic():
        manual_request = _lock(manual_request)
        if status == manual_request.status:
            return manual_request
        if status not in TRANSITIONS.get(manual_request.status, set()):
            raise ManualRequestError(
                gettext("A request cannot go from “%(old)s” to “%(new)s”.")
                % {"old": manual_request.get_status_display(), "new": Status(status).label}
            )
        previous = manual_request.status
        manual_request.status = status
        manual_request.save(update_fields=["status", "updated"])
        if previous in ManualRequest.CLOSED_STATUSES:
            kind = Event.REOPENED
        elif status == Status.IN_REVIEW:
            kind = Event.IN_REVIEW
        else:
            kind = Event.RECEIVED
        _event(manual_request, kind, at=now, by=by)
    return manual_request


def manual_request_assign(
    *, manual_request: ManualRequest, assignee, by=None, now: datetime.datetime | None = None
) -> ManualRequest:
    """Give a request to a member of staff (or nobody); taking a new one starts its review."""
    now = now or timezone.now()
    if assignee is not None and not assignee.is_staff:
        raise ManualRequestError(gettext("Only a member of staff can be assigned a request."))
    with transaction.atomic():
        manual_request = _lock(manual_request)
        if manual_request.assigned_to_id == (assignee.pk if assignee else None):
            return manual_request
        manual_request.assigned_to = assignee
        manual_request.save(update_fields=["assigned_to", "updated"])
        _event(
            manual_request,
            Event.ASSIGNED,
            at=now,
            by=by,
            detail=assignee.get_username() if assignee else "–",
        )
        if assignee is not None and manual_request.status == Status.RECEIVED:
            manual_request = manual_request_change_status(
                manual_request=manual_request, status=Status.IN_REVIEW, by=by, now=now
            )
    return manual_request


def _close(
    manual_request: ManualRequest,
    *,
    status: str,
    verdict: str,
    note: str,
    by,
    now: datetime.datetime,
) -> ManualRequest:
    """Answer or reject (the request is locked). The first closing records into sla; every
    closing that changes what the filer sees tells them, after the commit."""
    if manual_request.status == status and (manual_request.verdict, manual_request.answer_note) == (
        verdict,
        note,
    ):
        return manual_request
    first = manual_request.answered_at is None
    had_verdict = bool(manual_request.verdict)
    manual_request.status = status
    manual_request.verdict = verdict
    manual_request.answer_note = note
    update = ["status", "verdict", "answer_note", "updated"]
    if first:
        update += set_first_answer(manual_request, by=by, at=now)
    manual_request.save(update_fields=update)
    if status == Status.REJECTED:
        kind = Event.REJECTED
    else:
        # A verdict replaced (after reopening, or corrected) is an update; a first one is not.
        kind = Event.ANSWER_UPDATED if had_verdict else Event.ANSWERED
    _event(manual_request, kind, at=now, by=by)
    if first:
        service = certificate_service()
        if service is None:
            logger.warning(
                "manual inquiries: service %s does not exist; answer time not recorded",
                settings.CERTIFICATE_SERVICE_ID,
            )
        else:
            measurement_record(
                service=service,
                kind=Measurement.Kind.INQUIRY_ANSWERED,
                occurred_at=now,
                value=manual_request.working_days_taken,
                met_deadline=manual_request.met_deadline,
            )
    _notify_filer_after_commit(manual_request.pk, status)
    return manual_request


def manual_request_answer(
    *,
    manual_request: ManualRequest,
    verdict: str,
    note: str = "",
    by=None,
    now: datetime.datetime | None = None,
) -> ManualRequest:
    """Give (or correct) the verdict: authentic, not authentic or cannot be determined, with an
    optional note to the filer."""
    now = now or timezone.now()
    if verdict not in Verdict.values:
        raise ManualRequestError(
            gettext("Choose a verdict: authentic, not authentic or cannot be determined.")
        )
    note = note.strip()
    if verdict == Verdict.UNDETERMINED and not note:
        raise ManualRequestError(
            gettext("Explain in the note why the authenticity cannot be determined.")
        )
    with transaction.atomic():
        manual_request = _lock(manual_request)
        if manual_request.status == Status.REJECTED:
            raise ManualRequestError(
                gettext("This request was rejected; reopen it before answering it.")
            )
        return _close(
            manual_request, status=Status.ANSWERED, verdict=verdict, note=note, by=by, now=now
        )


def manual_request_reject(
    *,
    manual_request: ManualRequest,
    reason: str,
    by=None,
    now: datetime.datetime | None = None,
) -> ManualRequest:
    """Refuse to examine a request (an unreadable scan, not a certificate of ours…) with a
    reason the filer reads. It counts as the directorate's answer for the promised time."""
    now = now or timezone.now()
    reason = reason.strip()
    if not reason:
        raise ManualRequestError(gettext("A rejection needs a reason for the filer."))
    with transaction.atomic():
        manual_request = _lock(manual_request)
        if manual_request.status == Status.ANSWERED:
            raise ManualRequestError(
                gettext("This request was answered; reopen it before rejecting it.")
            )
        return _close(
            manual_request, status=Status.REJECTED, verdict="", note=reason, by=by, now=now
        )


def manual_request_note_add(
    *, manual_request: ManualRequest, text: str, author
) -> ManualRequestNote:
    text = text.strip()
    if not text:
        raise ManualRequestError(gettext("A note cannot be empty."))
    return ManualRequestNote.objects.create(manual_request=manual_request, text=text, author=author)


# --- the daily overdue check --------------------------------------------------------------------
@dataclass
class OverdueReport:
    flagged: list[ManualRequest] = field(default_factory=list)
    notified: int = 0
    still_overdue: int = 0
    mailed_to: list[str] = field(default_factory=list)


def manual_requests_flag_overdue(*, now: datetime.datetime | None = None) -> OverdueReport:
    """Flag open requests past their deadline, then mail the supervisors about every flagged
    one they have not been told about yet. Safe to run again: a request is flagged once and
    reported once; a mail that failed is retried by the next run."""
    now = now or timezone.now()
    report = OverdueReport()
    with transaction.atomic():
        newly = list(
            ManualRequest.objects.select_for_update()
            .filter(
                status__in=ManualRequest.OPEN_STATUSES,
                deadline__lt=now,
                overdue_flagged_at__isnull=True,
            )
            .order_by("deadline", "id")
        )
        for manual_request in newly:
            manual_request.overdue_flagged_at = now
            _event(manual_request, Event.OVERDUE, at=now)
        ManualRequest.objects.bulk_update(newly, ["overdue_flagged_at"])
    report.flagged = newly
    overdue = ManualRequest.objects.filter(
        status__in=ManualRequest.OPEN_STATUSES, deadline__lt=now
    ).select_related("assigned_to")
    report.still_overdue = overdue.count()
    unreported = list(overdue.filter(overdue_notified_at__isnull=True).order_by("deadline", "id"))
    if not unreported:
        return report
    recipients = notifications.mail_supervisors_overdue(
        unreported, total=report.still_overdue, now=now
    )
    if recipients:
        ManualRequest.objects.filter(pk__in=[r.pk for r in unreported]).update(
            overdue_notified_at=now
        )
        report.notified = len(unreported)
        report.mailed_to = recipients
    return report
