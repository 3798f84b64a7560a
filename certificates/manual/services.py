"""Writes of manual inquiries that are theirs alone: filing with a scan, and the decision (a
verdict, or a rejection) with a note to the filer. Assignment, status changes, internal notes
and the daily overdue check are casework's (``casework.services``), for every queue alike.

The deadline comes from the agreement version in force at filing and never changes after. The
first answer (or rejection) records into ``sla`` how many working days it took and whether it
met that deadline. The filer is told by email and/or SMS through the task queue, queued in the
transaction of the change; a message that fails is tried again and never undoes the answer.
"""

import datetime

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from casework.models import CaseEvent
from casework.services import CaseError, case_event, case_lock, case_record_first_answer
from casework.services import case_tell_filer as _tell
from certificates.manual import notifications, validators
from certificates.manual.selectors import certificate_service, promise_now
from certificates.models import ManualRequest, Organisation
from servicedesk.codes import create_with_tracking_code
from sla.deadlines import deadline_terms

Event = CaseEvent.Kind
Status = ManualRequest.Status
Verdict = ManualRequest.Verdict

# Every rule of a request's life (casework's and these) raises the same error.
ManualRequestError = CaseError


def _tell_filer(manual_request: ManualRequest, message: str) -> None:
    _tell(manual_request, message, also=notifications.queue_sms)


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

    The scan and the row are kept together or not at all: the file is written first, in the
    row's transaction, and removed again (from a disk) if the row cannot be saved. Call this outside any other transaction.
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
    # Write the file before the row, under a name of its own (not the sender's file name), in the
    # row's transaction: the database storage rolls back with it, a file on disk is deleted.
    draft = ManualRequest(**fields)
    scan_field = ManualRequest._meta.get_field("scan")
    storage = scan_field.storage
    stored_name = None
    try:
        with transaction.atomic():
            stored_name = storage.save(scan_field.generate_filename(draft, "scan"), scan)
            manual_request = create_with_tracking_code(
                lambda code: ManualRequest.objects.create(
                    tracking_code=code, scan=stored_name, **fields
                )
            )
            case_event(manual_request, Event.RECEIVED, at=now)
            _tell_filer(manual_request, "received")
    except BaseException:
        if stored_name and not getattr(storage, "transactional", False):
            storage.delete(stored_name)
        raise
    return manual_request


# --- the decision -----------------------------------------------------------------------------
def check_decision(decision: str, note: str) -> None:
    """Raise unless ``decision`` (a verdict, or ``"rejected"``) can be given with ``note``: a
    rejection gives its reason, and so does "cannot be determined"."""
    if decision == Status.REJECTED:
        if not note.strip():
            raise ManualRequestError(gettext("A rejection needs a reason for the filer."))
        return
    if decision not in Verdict.values:
        raise ManualRequestError(
            gettext("Choose a verdict: authentic, not authentic or cannot be determined.")
        )
    if decision == Verdict.UNDETERMINED and not note.strip():
        raise ManualRequestError(
            gettext("Explain in the note why the authenticity cannot be determined.")
        )


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
        update += case_record_first_answer(
            manual_request, by=by, at=now, service=certificate_service()
        )
    manual_request.save(update_fields=update)
    if status == Status.REJECTED:
        kind = Event.REJECTED
    else:
        # A verdict replaced (after reopening, or corrected) is an update; a first one is not.
        kind = Event.ANSWER_UPDATED if had_verdict else Event.ANSWERED
    case_event(manual_request, kind, at=now, by=by)
    _tell_filer(manual_request, status)
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
    note = note.strip()
    check_decision(verdict, note)
    with transaction.atomic():
        manual_request = case_lock(manual_request)
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
    check_decision(Status.REJECTED, reason)
    with transaction.atomic():
        manual_request = case_lock(manual_request)
        if manual_request.status == Status.ANSWERED:
            raise ManualRequestError(
                gettext("This request was answered; reopen it before rejecting it.")
            )
        return _close(
            manual_request, status=Status.REJECTED, verdict="", note=reason, by=by, now=now
        )
