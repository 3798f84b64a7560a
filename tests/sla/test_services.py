"""Writes: publishing agreement versions, importing holidays, recording measurements."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone, translation

from sla import services
from sla.models import AgreementVersion, Commitment, DailyTally, Holiday, Measurement
from sla.services import AgreementError
from tests.sla.conftest import tehran
from tests.sla.factories import draft_version, published_version

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English, whatever the default language."""
    with translation.override("en"):
        yield


def in_force_now():
    return AgreementVersion.objects.filter(published_at__isnull=False, effective_to__isnull=True)


# --- agreement versions -------------------------------------------------------------------------
def test_publishing_a_version_closes_the_previous_one_where_it_starts(service):
    first = in_force_now().get()  # the directorate's statement, from the data migration
    version = draft_version(commitments=[(service, Commitment.Kind.INQUIRY_ANSWER, 5)])
    start = timezone.now() + datetime.timedelta(hours=1)

    services.agreement_version_publish(version=version, effective_from=start)

    first.refresh_from_db()
    version.refresh_from_db()
    assert first.effective_to == start
    assert version.effective_from == start
    assert version.published_at is not None
    assert version.effective_to is None
    assert list(in_force_now()) == [version]


def test_publishing_is_one_transaction(service, monkeypatch):
    """If publishing fails after closing the previous version, nothing changes."""
    first = in_force_now().get()
    version = draft_version()
    real_update = AgreementVersion.objects.filter

    def failing_filter(*args, **kwargs):
        queryset = real_update(*args, **kwargs)
        if kwargs == {"pk": version.pk}:
            raise RuntimeError("the database went away")
        return queryset

    monkeypatch.setattr(AgreementVersion.objects, "filter", failing_filter)
    with pytest.raises(RuntimeError):
        services.agreement_version_publish(version=version)
    monkeypatch.undo()
    first.refresh_from_db()
    assert first.effective_to is None


def test_a_version_cannot_take_effect_before_it_is_published():
    version = draft_version()
    with pytest.raises(AgreementError, match="before it is published"):
        services.agreement_version_publish(
            version=version, effective_from=timezone.now() - datetime.timedelta(days=1)
        )
    version.refresh_from_db()
    assert version.published_at is None


def test_a_version_must_start_after_the_latest_published_one():
    later = timezone.now() + datetime.timedelta(days=30)
    published_version(effective_from=later)
    with pytest.raises(AgreementError, match="after the latest"):
        services.agreement_version_publish(
            version=draft_version(), effective_from=later - datetime.timedelta(days=1)
        )


def test_a_version_is_published_only_once():
    version = published_version()
    with pytest.raises(AgreementError, match="already published"):
        services.agreement_version_publish(version=version)


def test_a_version_without_sections_is_not_published():
    from tests.sla.factories import AgreementVersionFactory

    with pytest.raises(AgreementError, match="section"):
        services.agreement_version_publish(version=AgreementVersionFactory())


def test_a_new_draft_copies_the_text_and_commitments_of_a_version(service):
    version = published_version(commitments=[(service, Commitment.Kind.INQUIRY_ANSWER, 5)])
    draft = services.agreement_version_copy(version=version)
    assert draft.published_at is None
    assert draft.title == version.title
    assert [s.heading for s in draft.sections.all()] == [s.heading for s in version.sections.all()]
    assert list(draft.commitments.values_list("service", "kind", "working_days")) == [
        (service.pk, "inquiry_answer", 5)
    ]


# --- holidays -----------------------------------------------------------------------------------
CSV = "date,title\n1405/01/01,نوروز\n۱۴۰۵/۰۱/۱۲,روز جمهوری اسلامی\n1405-11-22,پیروزی انقلاب\n"


def test_holidays_are_imported_from_jalali_dates_in_either_digits():
    result = services.holiday_import_csv(data=CSV.encode())
    assert (result.created, result.updated, result.unchanged, result.errors) == (3, 0, 0, [])
    assert list(Holiday.objects.values_list("date", flat=True)) == [
        datetime.date(2026, 3, 21),
        datetime.date(2026, 4, 1),
        datetime.date(2027, 2, 11),
    ]


def test_importing_the_same_file_again_changes_nothing():
    services.holiday_import_csv(data=CSV.encode())
    result = services.holiday_import_csv(data=CSV.encode())
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)


def test_a_corrected_title_updates_its_holiday():
    services.holiday_import_csv(data=CSV.encode())
    result = services.holiday_import_csv(data="date,title\n1405/01/01,جشن نوروز\n".encode())
    assert result.updated == 1
    assert Holiday.objects.get(date=datetime.date(2026, 3, 21)).title == "جشن نوروز"


def test_windows_1256_files_from_old_systems_are_read_and_their_letters_normalised():
    data = "date,title\n1405/11/22,پيروزي انقلاب\n".encode("cp1256")  # Arabic yeh
    result = services.holiday_import_csv(data=data)
    assert result.created == 1
    assert Holiday.objects.get().title == "پیروزی انقلاب"


def test_a_file_with_a_bad_row_imports_nothing_and_lists_every_bad_row():
    data = "date,title\n1405/01/01,نوروز\n1405/13/01,ماه ناموجود\n,بدون تاریخ\n1405/01/02,\n"
    result = services.holiday_import_csv(data=data.encode())
    assert [line for line, _ in result.errors] == [3, 4, 5]
    assert not Holiday.objects.exists()


def test_a_file_without_the_columns_is_refused():
    result = services.holiday_import_csv(data=b"day,name\n1405/01/01,x\n")
    assert result.errors
    assert result.errors[0][0] == 1


# --- measurements -------------------------------------------------------------------------------
def tallies(service):
    return list(
        DailyTally.objects.filter(service=service)
        .order_by("kind", "day", "value")
        .values_list("kind", "day", "value", "records", "met", "judged")
    )


def test_an_event_is_recorded_on_its_local_day_and_tallied(service):
    # 22:00 UTC on 25 November is already 26 November in Tehran.
    moment = datetime.datetime(2026, 11, 25, 22, 0, tzinfo=datetime.UTC)
    measurement = services.measurement_record(
        service=service, kind="inquiry_answered", occurred_at=moment, value=3, met_deadline=True
    )
    assert measurement.day == datetime.date(2026, 11, 26)
    assert measurement.value == Decimal("3.00")
    services.measurement_record(
        service=service, kind="inquiry_answered", occurred_at=moment, value=3, met_deadline=False
    )
    assert tallies(service) == [
        ("inquiry_answered", datetime.date(2026, 11, 26), Decimal("3.00"), 2, 1, 2)
    ]


def test_a_daily_total_is_set_once_and_replaced_when_set_again(service):
    day = datetime.date(2026, 11, 26)
    first = services.measurement_set_daily_total(
        service=service, kind="online_checks", day=day, value=120
    )
    again = services.measurement_set_daily_total(
        service=service, kind="online_checks", day=day, value=120
    )
    replaced = services.measurement_set_daily_total(
        service=service, kind="online_checks", day=day, value=135
    )
    assert first.pk == again.pk == replaced.pk
    assert Measurement.objects.get().value == 135
    assert tallies(service) == [("online_checks", day, Decimal("135.00"), 1, 0, 0)]


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("satisfaction", 6, "between 1 and 5"),
        ("nonsense", 1, "unknown kind"),
        ("inquiry_answered", -1, "negative"),
    ],
)
def test_impossible_measurements_are_refused(service, kind, value, message):
    with pytest.raises(ValueError, match=message):
        services.measurement_record(
            service=service, kind=kind, occurred_at=timezone.now(), value=value
        )
    assert not Measurement.objects.exists()


def test_rebuilding_the_tallies_gives_what_recording_kept(service):
    for value, met in [(1, True), (2, True), (2, False), (9, False)]:
        services.measurement_record(
            service=service,
            kind="feedback_answered",
            occurred_at=tehran(2026, 11, 20, 10),
            value=value,
            met_deadline=met,
        )
    services.measurement_set_daily_total(
        service=service, kind="online_checks", day=datetime.date(2026, 11, 20), value=50
    )
    kept = tallies(service)
    assert services.daily_tally_rebuild() == len(kept)
    assert tallies(service) == kept


def test_recording_an_event_is_one_insert_and_one_upsert(service):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        services.measurement_record(
            service=service, kind="satisfaction", occurred_at=timezone.now(), value=5
        )
    statements = [q["sql"] for q in context.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 2
    assert "ON CONFLICT" in statements[1]
