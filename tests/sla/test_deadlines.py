"""Deadlines of promised work: kept from the promise in force at filing, and the first answer
measured against them in working days."""

from types import SimpleNamespace

import pytest

from sla.calendar import add_working_days
from sla.deadlines import deadline_terms, set_first_answer
from sla.selectors import Promise
from tests.sla.conftest import tehran

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fridays_only")]

# A Saturday morning in Tehran.
FILED = tehran(2026, 3, 14, 9)


def test_an_item_keeps_the_version_its_days_and_the_deadline_counted_from_filing():
    version = SimpleNamespace(pk=1)
    terms = deadline_terms(
        Promise(version=version, working_days=3, commitment=None), filed_at=FILED
    )
    assert terms == {
        "agreement_version": version,
        "promised_working_days": 3,
        "deadline": add_working_days(FILED, 3),
    }


@pytest.mark.parametrize(
    "promise", [None, Promise(version=SimpleNamespace(pk=1), working_days=None, commitment=None)]
)
def test_nothing_is_kept_when_no_answer_time_was_promised(promise):
    assert deadline_terms(promise, filed_at=FILED) == {}


def test_a_first_answer_records_when_by_whom_and_how_it_met_the_deadline():
    item = SimpleNamespace(filed_at=FILED, deadline=add_working_days(FILED, 3))
    fields = set_first_answer(item, by="staff", at=tehran(2026, 3, 16, 10))
    assert fields == ["answered_at", "answered_by", "working_days_taken", "met_deadline"]
    assert item.answered_at == tehran(2026, 3, 16, 10)
    assert item.answered_by == "staff"
    assert item.working_days_taken == 2
    assert item.met_deadline is True


def test_a_late_answer_missed_the_deadline_and_one_without_a_deadline_is_not_judged():
    late = SimpleNamespace(filed_at=FILED, deadline=add_working_days(FILED, 1))
    set_first_answer(late, by=None, at=tehran(2026, 3, 18, 10))
    assert late.met_deadline is False

    unpromised = SimpleNamespace(filed_at=FILED, deadline=None)
    set_first_answer(unpromised, by=None, at=tehran(2026, 3, 18, 10))
    assert unpromised.met_deadline is None
    assert unpromised.working_days_taken == 4
