"""The demo's staff accounts: the administrator and one per staff role, printed with their
passwords, only with DEBUG on."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from servicedesk import demo

pytestmark = pytest.mark.django_db

User = get_user_model()


def load() -> str:
    out = io.StringIO()
    demo.load(out)
    return out.getvalue()


def test_there_is_one_account_per_staff_role_in_its_group_with_its_login_printed(settings):
    settings.DEBUG = True
    printed = load()

    for username, group_name, role in demo.DEMO_STAFF:
        user = User.objects.get(username=username)
        assert user.is_staff
        assert not user.is_superuser
        assert [group.name for group in user.groups.all()] == [group_name]
        assert user.check_password(demo.DEMO_STAFF_PASSWORD)
        assert f"Staff ({role}): /admin/  user {username!r}" in printed
    assert User.objects.get(username="admin").is_superuser


def test_each_role_signs_in_to_the_admin_with_the_printed_password(settings):
    settings.DEBUG = True
    settings.STAFF_OTP_REQUIRED = False  # as in the demo: DEBUG on, password alone
    load()

    for username, _group, _role in demo.DEMO_STAFF:
        client = Client()
        response = client.post(
            "/en/admin/login/?next=/en/admin/",
            {"username": username, "password": demo.DEMO_STAFF_PASSWORD},
        )
        assert response.status_code == 302, username
        assert client.get("/en/admin/").status_code == 200


def test_loading_again_changes_no_account(settings):
    settings.DEBUG = True
    load()
    User.objects.filter(username="chief").update(first_name="Kept")
    load()

    assert User.objects.filter(username__in=[u for u, _g, _r in demo.DEMO_STAFF]).count() == 5
    assert User.objects.get(username="chief").first_name == "Kept"


def test_no_account_is_made_with_debug_off(settings):
    settings.DEBUG = False
    assert "skipped" in load()
    assert not User.objects.exists()
