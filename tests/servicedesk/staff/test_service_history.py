"""Services keep a history like agreement versions: who changed a card and what, on the
service's own admin history page and on the supervisors' page of recent changes."""

import pytest

from sla.models import Service
from tests.servicedesk.staff.conftest import signed_in
from tests.sla.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(db):
    return ServiceFactory(
        service_id="14031548001", title="Service under review", is_published=False
    )


def publish_in_admin(client, service):
    response = client.post(
        "/en/admin/sla/service/",
        {"action": "publish", "_selected_action": [service.pk]},
    )
    assert response.status_code == 302


def test_a_change_in_admin_is_recorded_with_who_made_it_and_what_it_was(content_editor, service):
    publish_in_admin(signed_in(content_editor), service)

    latest, earlier = service.history.all()[:2]
    assert latest.history_type == "~"
    assert latest.history_user == content_editor
    assert (earlier.is_published, latest.is_published) == (False, True)


def test_the_service_s_admin_history_page_lists_the_change(content_editor, service):
    client = signed_in(content_editor)
    publish_in_admin(client, service)

    response = client.get(f"/en/admin/sla/service/{service.pk}/history/")

    assert response.status_code == 200
    assert content_editor.username in response.content.decode()


def test_supervisors_see_service_changes_among_recent_changes(content_editor, supervisor, service):
    publish_in_admin(signed_in(content_editor), service)
    record = service.history.latest()

    response = signed_in(supervisor).get("/en/admin/changes/", {"source": "service"})

    assert response.status_code == 200
    assert f'data-change="service-{record.history_id}"' in response.content.decode()


def test_the_derived_search_text_is_left_out_of_the_history():
    tracked = {field.name for field in Service.history.model._meta.fields}
    assert "search_text" not in tracked
    assert "updated" not in tracked
