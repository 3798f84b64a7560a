"""The admin base every queue shares, run on each kind: the deadline filters, a fixed number of
queries for the list, finding a case by its code as people type it, and the list actions."""

import datetime

import pytest
from django.utils import timezone

from sla.calendar import add_working_days
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def url(queue) -> str:
    return f"/en{queue.changelist}"


def test_the_queue_filters_overdue_and_due_soon_cases(queue, staff_client):
    old = queue.file(now=timezone.now() - datetime.timedelta(days=40))
    fresh = queue.file()
    queue.model.objects.filter(pk=fresh.pk).update(deadline=add_working_days(timezone.now(), 1))
    later = queue.file()
    answered = queue.answer(queue.file(now=timezone.now() - datetime.timedelta(days=40)))

    overdue = html(staff_client.get(url(queue), {"due": "overdue"}))
    assert old.display_code in overdue
    assert fresh.display_code not in overdue
    assert answered.display_code not in overdue
    assert "OVERDUE" in overdue

    soon = html(staff_client.get(url(queue), {"due": "soon"}))
    assert fresh.display_code in soon
    assert later.display_code not in soon
    assert old.display_code not in soon


def test_the_queue_takes_a_fixed_number_of_queries(
    queue, staff_client, django_assert_max_num_queries
):
    examiner = UserFactory(username="examiner", is_staff=True)
    for _ in range(8):
        queue.model.objects.filter(pk=queue.file().pk).update(assigned_to=examiner)
    staff_client.get(url(queue))  # warm the session and permissions
    with django_assert_max_num_queries(12):
        response = staff_client.get(url(queue))
    assert response.status_code == 200
    assert html(response).count("examiner") >= 8


def test_staff_find_a_case_by_its_code_as_the_filer_reads_it(queue, staff_client):
    case, other = queue.file(), queue.file()
    page = html(staff_client.get(url(queue), {"q": case.display_code.lower()}))
    assert case.display_code in page
    assert other.display_code not in page


def test_staff_find_a_case_by_a_code_handed_out_before_codes_grew(queue, staff_client):
    case, other = queue.file(), queue.file()
    queue.model.objects.filter(pk=case.pk).update(tracking_code="ABCD2345")
    page = html(staff_client.get(url(queue), {"q": "abcd-۲۳۴۵"}))
    assert "ABCD-2345" in page
    assert other.display_code not in page


def test_the_actions_assign_and_take_cases_into_review(queue, staff_client, staff_user):
    first, second, third = queue.file(), queue.file(), queue.file()
    staff_client.post(
        url(queue), {"action": "assign_to_me", "_selected_action": [first.pk, second.pk]}
    )
    staff_client.post(url(queue), {"action": "take_into_review", "_selected_action": [third.pk]})
    for case in (first, second):
        case.refresh_from_db()
        assert (case.assigned_to, case.status) == (staff_user, "in_review")
    third.refresh_from_db()
    assert (third.assigned_to, third.status) == (None, "in_review")
