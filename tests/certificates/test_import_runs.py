"""The admin's registry import off the request: the upload waits in the private storage, the
queue's worker imports it, and a page that reloads itself shows the rows read and the result."""

import io

import psycopg2
import pytest
from django.db import connection

from certificates.imports import runs
from certificates.models import Certificate, ImportRun
from servicedesk.models import StoredFile
from tests.certificates.test_imports import GOOD, csv_bytes

IMPORT = "/en/admin/certificates/certificate/import/"
REFRESH = b'http-equiv="refresh"'


def post(staff_client, data: bytes, *, dry_run=False):
    file = io.BytesIO(data)
    file.name = "registry.csv"
    form = {"file": file, **({"dry_run": "on"} if dry_run else {})}
    return staff_client.post(IMPORT, form)


def test_the_upload_waits_in_the_private_storage_until_the_worker_imports_it(
    staff_client, task_queue
):
    response = post(staff_client, csv_bytes(*GOOD))

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{IMPORT}{run.pk}/"
    assert run.status == ImportRun.Status.QUEUED
    assert run.source == "registry.csv"
    assert run.file.name.startswith("imports/")
    assert "registry" not in run.file.name  # a name of our own
    assert StoredFile.objects.filter(name=run.file.name).exists()
    page = staff_client.get(response["Location"])
    assert b'data-import-status="queued"' in page.content
    assert REFRESH in page.content
    assert not Certificate.objects.exists()

    assert task_queue.run() == 1

    run.refresh_from_db()
    assert run.status == ImportRun.Status.FINISHED
    assert run.counts == {"rows": 4, "created": 4, "updated": 0, "unchanged": 0, "rejected": 0}
    assert not run.file
    assert not StoredFile.objects.exists()  # kept only until the task has run
    assert Certificate.objects.count() == 4
    page = staff_client.get(response["Location"])
    assert b"4 rows: 4 created, 0 updated, 0 unchanged, 0 rejected" in page.content
    assert REFRESH not in page.content


def test_the_result_lists_every_rejected_row_past_the_importers_own_report(
    staff_client, monkeypatch
):
    monkeypatch.setattr("certificates.imports.load.ERRORS_KEPT", 2)
    bad = [f"{2000 + line},0499370898,x,y,s,t,1402/01/01,,,,," for line in range(5)]
    page = staff_client.get(post(staff_client, csv_bytes(*bad))["Location"])
    run = ImportRun.objects.get()
    assert run.counts["rejected"] == 5
    assert [error[0] for error in run.errors if error[1] == "national_id"] == [2, 3, 4, 5, 6]
    assert page.content.count(b'<td dir="ltr">national_id</td>') == 5
    assert not Certificate.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_other_hosts_see_the_rows_read_while_the_import_still_runs(
    staff_client, task_queue, monkeypatch
):
    rows = [f"{100000 + line},0499370899,x,y,s,t,1402/01/01,,,,," for line in range(10_001)]
    response = post(staff_client, csv_bytes(*rows), dry_run=True)
    seen = []
    real_import = runs.certificates_import

    def import_and_look(handle, *, progress, **options):
        def progress_then_look(count):
            progress(count)
            other = psycopg2.connect(**connection.get_connection_params())
            with other, other.cursor() as cursor:
                cursor.execute("SELECT status, rows_read FROM certificates_importrun")
                seen.append(cursor.fetchone())
            other.close()

        return real_import(handle, progress=progress_then_look, **options)

    monkeypatch.setattr(runs, "certificates_import", import_and_look)
    task_queue.run()

    assert seen[0] == ("running", 10_000)
    assert seen[-1] == ("running", 10_001)
    assert b'data-import-status="finished"' in staff_client.get(response["Location"]).content


def test_the_progress_page_is_for_staff_who_may_import(client, staff_client, staff_user):
    response = post(staff_client, csv_bytes(*GOOD), dry_run=True)
    staff_user.user_permissions.clear()
    staff_user.is_superuser = False
    staff_user.save()
    assert staff_client.get(response["Location"]).status_code == 403
