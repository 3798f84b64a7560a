"""What the certificates app forgets, and when (run by ``enforce_retention``)."""

import datetime

from django.conf import settings
from django.db import transaction

from certificates.models import BulkCheck, Inquiry, ManualRequest

IDENTITY_REMOVED = {"national_id": "", "holder_name": "", "certificate_number": ""}


def purge(*, now: datetime.datetime) -> dict[str, int]:
    """Client hashes of old checks; contact details, scans and the holder's identity of
    long-answered manual inquiries (in their history too); old bulk-check result files. Counts
    what it removed."""
    days = datetime.timedelta
    hashes_before = now - days(days=settings.RETENTION_CLIENT_HASH_DAYS)
    contacts_before = now - days(days=settings.RETENTION_CONTACT_DAYS)
    scans_before = now - days(days=settings.RETENTION_SCAN_DAYS)
    results_before = now - days(days=settings.RETENTION_BULK_RESULT_DAYS)
    identities_before = now - days(days=settings.RETENTION_MANUAL_IDENTITY_DAYS)
    counts = {}

    counts["inquiry client hashes"] = (
        Inquiry.objects.filter(created__lt=hashes_before)
        .exclude(client_hash="")
        .update(client_hash="")
    )

    closed = ManualRequest.objects.filter(status__in=ManualRequest.CLOSED_STATUSES)
    with transaction.atomic():
        contacts = closed.filter(answered_at__lt=contacts_before).exclude(
            contact_email="", contact_mobile="", client=""
        )
        ids = list(contacts.values_list("pk", flat=True))
        counts["manual inquiry contacts"] = contacts.update(
            contact_email="", contact_mobile="", client=""
        )
        ManualRequest.history.filter(id__in=ids).update(
            contact_email="", contact_mobile="", client=""
        )

    # The case and its outcome stay (status, verdict, dates, year and centre: what the
    # performance page and an appeal need); whose certificate it was goes.
    with transaction.atomic():
        identities = closed.filter(answered_at__lt=identities_before).exclude(**IDENTITY_REMOVED)
        ids = list(identities.values_list("pk", flat=True))
        counts["manual inquiry identities"] = identities.update(**IDENTITY_REMOVED)
        ManualRequest.history.filter(id__in=ids).update(**IDENTITY_REMOVED)

    scans = closed.filter(answered_at__lt=scans_before).exclude(scan="")
    counts["manual inquiry scans"] = 0
    for request in scans.iterator():
        name = request.scan.name
        with transaction.atomic():
            ManualRequest.objects.filter(pk=request.pk).update(scan="")
            ManualRequest.history.filter(id=request.pk).update(scan="")
            storage = request.scan.storage
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
        counts["manual inquiry scans"] += 1

    counts["bulk check result files"] = 0
    for record in BulkCheck.objects.filter(created__lt=results_before).exclude(result_csv=""):
        for file in (record.result_csv, record.result_xlsx):
            if file:
                file.delete(save=False)
        record.save(update_fields=["result_csv", "result_xlsx"])
        counts["bulk check result files"] += 1
    return counts
