"""The sla management commands."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from sla import services
from sla.models import DailyTally, Holiday

pytestmark = pytest.mark.django_db


def test_import_holidays_reads_a_csv_file(tmp_path, capsys):
    path = tmp_path / "1405.csv"
    path.write_text("date,title\n1405/01/12,روز جمهوری اسلامی\n", encoding="utf-8")
    call_command("import_holidays", str(path))
    assert Holiday.objects.get().date == datetime.date(2026, 4, 1)
    assert "1 created" in capsys.readouterr().out


def test_import_holidays_fails_on_a_bad_file_and_writes_nothing(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("date,title\n1405/00/12,x\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_holidays", str(path))
    assert not Holiday.objects.exists()


def test_rebuild_sla_tallies_recounts_from_the_measurements(service):
    services.measurement_set_daily_total(
        service=service, kind="online_checks", day=datetime.date(2026, 11, 1), value=9
    )
    DailyTally.objects.all().delete()
    call_command("rebuild_sla_tallies")
    assert DailyTally.objects.get().value == 9
