"""The registry import: formats, all-or-nothing, line-level errors, idempotence, history."""

import io
import os
import subprocess
import sys

import openpyxl
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from certificates.imports.load import certificates_import
from certificates.imports.reader import UnreadableFile
from certificates.models import Certificate, Standard, TrainingCentre
from tests.processes import session_database_url

HEADER = "number,national_id,first_name,last_name,standard_code,standard_title,issue_date,status,replaced_by,valid_until,training_center,province"
GOOD = [
    "1001,0499370899,علي,رضایی,7321-20-001-1,كاربر رایانه,۱۴۰۲/۰۵/۱۰,,,,آموزشگاه الف,مازندران",
    "1002,0790419904,مریم,احمدی,7321-20-001-1,کاربر رایانه,1401/01/15,revoked,,,آموزشگاه الف,مازندران",
    "1003,0084575948,حسن,کریمی,7411-53-001-1,برقکار ساختمان,1400/12/29,replaced,1004,,,",
    "1004,0084575948,حسن,کریمی,7411-53-001-1,برقکار ساختمان,1401/02/01,,,1403/01/01,,",
]


@pytest.fixture(autouse=True)
def _english():
    """Messages in English here; the command's own test checks the Persian staff see."""
    with translation.override("en"):
        yield


def csv_bytes(*rows, header=HEADER, encoding="utf-8"):
    return "\n".join([header, *rows]).encode(encoding)


def run(data: bytes, **options):
    return certificates_import(io.BytesIO(data), **options)


def test_a_good_file_creates_every_certificate(db):
    report = run(csv_bytes(*GOOD))
    assert (report.rows, report.created, report.updated, report.unchanged, report.rejected) == (
        4,
        4,
        0,
        0,
        0,
    )
    first = Certificate.objects.get(number="1001")
    assert first.first_name == "علی"  # Arabic yeh normalised
    assert first.standard.title == "کاربر رایانه"  # Arabic kaf normalised
    assert str(first.issue_date) == "2023-08-01"
    assert first.training_centre.name == "آموزشگاه الف"
    revoked = Certificate.objects.get(number="1002")
    assert revoked.status == "revoked"
    assert revoked.status_changed_on
    replaced = Certificate.objects.get(number="1003")
    assert replaced.status == "replaced"
    assert replaced.replaced_by.number == "1004"
    assert Standard.objects.count() == 2
    assert TrainingCentre.objects.count() == 1


def test_every_created_certificate_has_a_creation_history_entry(db):
    run(csv_bytes(*GOOD), source="registry.csv")
    history = Certificate.history.filter(number="1003").get()
    assert history.history_type == "+"
    assert history.status == "replaced"  # the final state, successor linked
    assert history.history_change_reason == "import: registry.csv"


def test_reimporting_the_same_file_changes_nothing(db):
    run(csv_bytes(*GOOD))
    before = list(Certificate.objects.values_list("number", "updated", "token").order_by("number"))
    report = run(csv_bytes(*GOOD))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    after = list(Certificate.objects.values_list("number", "updated", "token").order_by("number"))
    assert before == after
    assert Certificate.history.count() == 4


def test_a_corrected_row_updates_its_certificate_and_leaves_history(db):
    run(csv_bytes(*GOOD))
    corrected = GOOD[0].replace("رضایی", "رضایی‌نژاد")
    report = run(csv_bytes(corrected, *GOOD[1:]), user_id=None, source="fix.csv")
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    certificate = Certificate.objects.get(number="1001")
    assert certificate.last_name == "رضایی‌نژاد"
    changes = list(
        certificate.history.order_by("history_date").values_list("history_type", "last_name")
    )
    assert changes == [("+", "رضایی"), ("~", "رضایی‌نژاد")]


def test_a_status_change_by_import_dates_the_change(db):
    run(csv_bytes(*GOOD))
    revoked = GOOD[0].replace(",,,,آموزشگاه", ",revoked,,,آموزشگاه")
    run(csv_bytes(revoked, *GOOD[1:]))
    certificate = Certificate.objects.get(number="1001")
    assert certificate.status == "revoked"
    assert certificate.status_changed_on is not None


def test_a_file_with_any_bad_row_writes_nothing_and_lists_every_bad_row(db):
    rows = [
        GOOD[0],
        "2001,0499370898,x,y,s,t,1402/01/01,,,,,",  # national code checksum
        GOOD[1],
        "2002,0499370899,x,y,s,t,1404/12/30,,,,,",  # no Esfand 30 in 1404
        "2003,0499370899,,y,s,t,1402/01/01,bogus,,,,",  # missing name, unknown status
        "1001,0499370899,x,y,s,t,1402/01/01,,,,,",  # number already on line 2
        "2004,0499370899,x,y,s,t,1402/01/01,replaced,9999,,,",  # successor exists nowhere
    ]
    report = run(csv_bytes(*rows))
    assert not report.ok
    assert report.rejected == 5
    found = {(error.line, error.column) for error in report.errors}
    assert found == {
        (3, "national_id"),
        (5, "issue_date"),
        (6, "first_name"),
        (6, "status"),
        (7, "number"),
        (8, "replaced_by"),
    }
    assert [error.line for error in report.errors] == sorted(error.line for error in report.errors)
    assert Certificate.objects.count() == 0
    assert Standard.objects.count() == 0


def test_a_dry_run_counts_but_writes_nothing(db):
    report = run(csv_bytes(*GOOD), dry_run=True)
    assert (report.created, report.rejected) == (4, 0)
    assert not Certificate.objects.exists()
    assert not Certificate.history.exists()


def test_windows_1256_files_from_old_systems_are_read(db):
    old = [
        row.replace("ی", "ي").replace("ک", "ك").replace("۱۴۰۲/۰۵/۱۰", "1402/05/10") for row in GOOD
    ]
    report = run(csv_bytes(*old, encoding="cp1256"))
    assert report.created == 4
    assert Certificate.objects.get(number="1001").last_name == "رضایی"
    # The same registry written by a modern system is the same registry.
    assert run(csv_bytes(*GOOD)).unchanged == 4


def test_a_utf8_file_with_a_byte_order_mark_is_read(db):
    assert run(b"\xef\xbb\xbf" + csv_bytes(*GOOD)).created == 4


def test_xlsx_files_are_read(db):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in [HEADER, *GOOD]:
        sheet.append(line.split(","))
    sheet.append([])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(buffer.getvalue())
    assert (report.rows, report.created) == (4, 4)


def test_columns_come_in_any_order(db):
    header = "issue_date,standard_title,standard_code,last_name,first_name,national_id,number"
    report = run(csv_bytes("1402/01/01,عنوان,S-1,کریمی,حسن,0499370899,77", header=header))
    assert report.created == 1


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("number,national_id", "missing required columns"),
        (HEADER + ",nationalid", "unknown columns: nationalid"),
        (HEADER + ",number", "columns named twice: number"),
    ],
)
def test_a_wrong_header_is_explained(db, header, message):
    with pytest.raises(UnreadableFile, match=message):
        run(csv_bytes(header=header))


def test_an_empty_file_is_explained(db):
    with pytest.raises(UnreadableFile, match="empty"):
        run(b"")


def test_a_row_longer_than_the_header_is_rejected(db):
    report = run(csv_bytes(GOOD[0] + ",extra"))
    assert report.rejected == 1


def test_the_command_reports_counts_and_fails_on_rejected_rows(db, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes(*GOOD))
    call_command("import_certificates", str(good), "--dry-run", verbosity=0)
    assert "4 created" in capsys.readouterr().out
    assert not Certificate.objects.exists()
    call_command("import_certificates", str(good), verbosity=0)
    assert Certificate.objects.count() == 4


def test_the_command_exits_1_and_lists_bad_rows(db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(GOOD[0], "2001,0499370898,x,y,s,t,1402/01/01,,,,,"))
    result = subprocess.run(
        [sys.executable, "manage.py", "import_certificates", str(bad), "-v", "0"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": session_database_url()},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "۱ رد شد" in result.stdout or "1 رد شد" in result.stdout  # Persian, the staff's language
    assert "3" in result.stderr
    assert "national_id" in result.stderr
