"""The data migration that writes the bulk-check results stored before the cell rule again."""

import csv
import io

import pytest
from django.apps import apps
from django.core.files.base import ContentFile

from certificates.models import BulkCheck
from servicedesk.models import StoredFile
from tests.certificates.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

escape_results = __import__(
    "certificates.migrations.0008_escape_stored_bulk_results", fromlist=["escape_stored_results"]
)


def test_results_stored_before_the_rule_lose_their_formulas_and_their_xlsx_copy():
    text = io.StringIO()
    csv.writer(text).writerows(
        [["line", "reference", "number"], ["2", '=HYPERLINK("http://evil.example","x")', "-2+3"]]
    )
    record = BulkCheck(organisation=OrganisationFactory(), rows=1)
    record.result_csv.save("1-old.csv", ContentFile(text.getvalue().encode("utf-8-sig")))
    record.result_xlsx.save("1-old.xlsx", ContentFile(b"PK formulas"))
    xlsx_name = record.result_xlsx.name
    escape_results.escape_stored_results(apps, None)
    record.refresh_from_db()
    with record.result_csv.open("rb") as handle:
        rows = list(csv.reader(io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")))
    assert rows == [
        ["line", "reference", "number"],
        ["2", '\'=HYPERLINK("http://evil.example","x")', "'-2+3"],
    ]
    assert not record.result_xlsx
    assert not record.result_csv.storage.exists(xlsx_name)


copy_files = __import__(
    "certificates.migrations.0014_private_files_into_the_database",
    fromlist=["copy_into_the_database"],
)


def test_files_on_a_hosts_disk_that_rows_name_are_copied_into_the_database_and_back(
    tmp_path, settings
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    (tmp_path / "bulk").mkdir()
    (tmp_path / "bulk" / "1-result.csv").write_bytes(b"line,status\r\n2,valid\r\n")
    (tmp_path / "bulk" / "stray.csv").write_bytes(b"named by no row")
    record = BulkCheck.objects.create(
        organisation=OrganisationFactory(),
        rows=1,
        result_csv="bulk/1-result.csv",
        result_xlsx="bulk/1-result-gone.xlsx",  # named, but no longer on the disk
    )
    copy_files.copy_into_the_database(apps, None)
    copy_files.copy_into_the_database(apps, None)  # run twice: copied once
    assert list(StoredFile.objects.values_list("name", flat=True)) == ["bulk/1-result.csv"]
    with record.result_csv.open("rb") as handle:
        assert handle.read() == b"line,status\r\n2,valid\r\n"

    (tmp_path / "bulk" / "1-result.csv").unlink()
    copy_files.write_back_to_disk(apps, None)
    assert (tmp_path / "bulk" / "1-result.csv").read_bytes() == b"line,status\r\n2,valid\r\n"
    assert (tmp_path / "bulk" / "1-result.csv").stat().st_mode & 0o777 == 0o640
