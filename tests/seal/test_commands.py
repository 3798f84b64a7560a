"""certificate_seal and seal_keys."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from certificates.imports.load import certificates_import
from certificates.seal.models import SealKey
from tests.certificates.factories import CertificateFactory
from tests.seal.conftest import key_set
from tests.seal.independent import verify


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_certificate_seal_prints_number_tab_seal_per_line(client, seal_key, certificate):
    other = CertificateFactory(number="14021000999")
    out, _ = run("certificate_seal", "14021000999", "14021000123")
    lines = out.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["14021000999", "14021000123"]
    for line, expected in zip(lines, [other, certificate], strict=True):
        claims = verify(line.split("\t", 1)[1], key_set(client), issuer="127.0.0.1")
        assert claims["cert"]["n"] == expected.number


def test_certificate_seal_names_the_numbers_it_does_not_know(seal_key, certificate):
    with pytest.raises(CommandError, match="Not in the registry: 99999"):
        run("certificate_seal", "14021000123", "99999")


def test_certificate_seal_without_a_key_says_how_to_make_one(certificate):
    with pytest.raises(CommandError, match="seal_keys create"):
        run("certificate_seal", "14021000123")


def test_all_streams_a_csv_of_every_valid_certificate(seal_key, certificate, revoked):
    out, err = run("certificate_seal", "--all")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["number", "seal"]
    assert [row[0] for row in rows[1:]] == ["14021000123"]
    assert rows[1][1].startswith("SKC1:")
    assert err.strip() == "1 seals"


def test_import_batch_seals_what_that_import_created(seal_key, certificate):
    data = (
        "number,national_id,first_name,last_name,standard_code,standard_title,issue_date\n"
        "14031000001,0499370899,مریم,احمدی,7212-53-001-1,جوشکار گاز,1403/05/01\n"
        "14031000002,0790419904,حسن,کریمی,7212-53-001-1,جوشکار گاز,1403/05/01\n"
    ).encode()
    assert certificates_import(io.BytesIO(data), source="autumn.csv").ok
    out, _ = run("certificate_seal", "--import-batch", "autumn.csv")
    assert [row[0] for row in csv.reader(io.StringIO(out))] == [
        "number",
        "14031000001",
        "14031000002",
    ]
    with pytest.raises(CommandError, match=r"No import of 'spring\.csv'"):
        run("certificate_seal", "--import-batch", "spring.csv")


def test_seal_keys_create_rotate_list_and_retire(db):
    out, _ = run("seal_keys", "create")
    first = SealKey.objects.get().kid
    assert out.startswith(f"Created {first}")
    out, _ = run("seal_keys", "rotate", "--overlap-days", "3")
    second = SealKey.objects.exclude(kid=first).get().kid
    assert f"Published {second}" in out
    assert f"{first} signs until then" in out
    out, _ = run("seal_keys", "list")
    assert f"{first}\t" in out
    assert "\tsigning\t" in out
    assert "published, signs later" in out
    out, _ = run("seal_keys", "retire", first, "--reason", "leaked")
    assert "retired-key" in out
    assert "No key signs now" in out
    with pytest.raises(CommandError, match="No seal key 'nope'"):
        run("seal_keys", "retire", "nope", "--reason", "x")


def test_load_demo_makes_a_demo_key_once(db):
    from certificates.seal import demo

    out = io.StringIO()
    demo.load(out)
    demo.load(out)
    assert SealKey.objects.get().note == "demo"
