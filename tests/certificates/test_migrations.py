"""The data migration that writes the bulk-check results stored before the cell rule again."""

import csv
import io

import pytest
from django.apps import apps
from django.core.files.base import ContentFile

from certificates.models import BulkCheck
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
