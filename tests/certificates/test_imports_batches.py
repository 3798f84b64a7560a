"""The registry import across batches: what travels through COPY comes back as it was, and a
number twice in the file is caught wherever the two rows fall."""

import io

import pytest
from django.utils import translation

from certificates.imports import load
from certificates.imports.load import certificates_import
from certificates.models import Certificate

HEADER = "number,national_id,first_name,last_name,standard_code,standard_title,issue_date,status,replaced_by,status_reason"


@pytest.fixture(autouse=True)
def _english_and_small_batches(monkeypatch):
    monkeypatch.setattr(load, "BATCH_ROWS", 2)
    with translation.override("en"):
        yield


def run(*rows, **options):
    data = "\n".join([HEADER, *rows]).encode()
    return certificates_import(io.BytesIO(data), **options)


def row(number, first_name="علی", status="", replaced_by="", reason=""):
    return (
        f"{number},0499370899,{first_name},رضایی,7321-20-001-1,کاربر رایانه,1402/05/10,"
        f"{status},{replaced_by},{reason}"
    )


def test_quotes_backslashes_and_copy_markers_are_kept_as_written(db):
    names = ['"Ali" the first', "back\\slash", "\\N", "\\.", 'a ""b""']
    lines = [
        row(1000 + index, '"' + name.replace('"', '""') + '"') for index, name in enumerate(names)
    ]
    report = run(*lines, row(2000, reason='"said ""no"""'))
    assert report.created == len(names) + 1
    stored = dict(Certificate.objects.values_list("number", "first_name"))
    assert [stored[str(1000 + index)] for index in range(len(names))] == names
    assert Certificate.objects.get(number="2000").status_reason == 'said "no"'
    assert run(*lines, row(2000, reason='"said ""no"""')).unchanged == len(names) + 1


@pytest.mark.parametrize(
    ("numbers", "twice"),
    [
        (["1001", "1002", "1003", "1001"], {(5, "also on line 2")}),  # batches apart
        (["1001", "1002", "1002", "1003"], {(4, "also on line 3")}),  # in one batch
        (["1003", "1001", "1002", "1001"], {(5, "also on line 3")}),  # not in order
        (["1001", "1002", "1003", "1003"], {(5, "also on line 4")}),  # in order, then equal
    ],
)
def test_a_number_twice_is_reported_wherever_it_falls(db, numbers, twice):
    report = run(*map(row, numbers))
    assert report.rejected == 1
    assert {(error.line, error.reason) for error in report.errors} == twice
    assert not Certificate.objects.exists()
    assert not Certificate.history.exists()


@pytest.mark.parametrize("numbers", [["1001", "1002", "1003"], ["1003", "1001", "1002"]])
def test_new_certificates_in_any_order_each_get_their_history(db, numbers):
    report = run(*map(row, numbers), row("1004", status="replaced", replaced_by="1002"))
    assert (report.created, report.rejected) == (4, 0)
    assert Certificate.history.filter(history_type="+").count() == 4
    assert Certificate.objects.get(number="1004").replaced_by.number == "1002"
    assert len(set(Certificate.objects.values_list("token", flat=True))) == 4


def test_a_file_over_an_existing_registry_creates_updates_and_leaves_alone(db):
    run(row("1001"), row("1002"), row("1003"))
    report = run(row("1003"), row("1001", first_name="حسن"), row("1005"), row("1004"))
    assert (report.created, report.updated, report.unchanged) == (2, 1, 1)
    assert Certificate.objects.get(number="1001").first_name == "حسن"
    assert Certificate.history.filter(number="1001").count() == 2
