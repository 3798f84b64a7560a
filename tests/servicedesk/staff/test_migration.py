"""The staff groups come from a data migration that works on a fresh database, where no
permission exists yet while migrations run, and that can be reversed."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.servicedesk.staff.conftest import staff_groups

pytestmark = pytest.mark.django_db

MIGRATION = ("servicedesk", "0001_staff_groups")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


@pytest.fixture
def fresh_apps():
    """The apps' content types and permissions gone, as before their first post_migrate."""
    ContentType.objects.filter(app_label__in=staff_groups.APPS).delete()
    ContentType.objects.clear_cache()
    yield
    # The test's transaction brings the old rows back: forget the ids cached meanwhile.
    ContentType.objects.clear_cache()


def permissions(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_a_fresh_migrate_gives_the_groups_their_permissions(fresh_apps):
    migrate(("servicedesk", None))
    assert not Group.objects.filter(name__in=staff_groups.GROUPS).exists()
    migrate(MIGRATION)

    for name, listed in staff_groups.GROUPS.items():
        assert set(listed) <= permissions(name), name
    registry = permissions(staff_groups.REGISTRY_OFFICERS)
    assert {"certificates.import_certificates", "certificates.revoke_certificate"} <= registry
    assert "certificates.delete_certificate" not in registry
    editors = permissions(staff_groups.CONTENT_EDITORS)
    assert "sla.change_agreementversion" in editors
    assert "sla.publish_agreementversion" not in editors
    supervisors = permissions(staff_groups.SUPERVISORS)
    assert {
        "sla.publish_agreementversion",
        "certificates.view_inquiry",
        "certificates.view_historicalcertificate",
        "feedback.view_historicalfeedback",
        "sla.view_historicalcommitment",
    } <= supervisors
    assert not {p for p in supervisors if not p.split(".")[1].startswith(("view_", "publish_"))}
    feedback = permissions(staff_groups.FEEDBACK_OFFICERS)
    assert not {p for p in feedback if p.startswith("certificates.")}


def test_the_migration_is_reversible_and_can_run_again(groups):
    migrate(("servicedesk", None))
    assert not Group.objects.filter(name__in=staff_groups.GROUPS).exists()
    migrate(MIGRATION)
    assert Group.objects.filter(name__in=staff_groups.GROUPS).count() == 5


def test_the_readme_documents_every_role():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    for name in staff_groups.GROUPS:
        assert f"| {name} |" in readme, name
