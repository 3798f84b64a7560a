"""Staff personas, one per role (group), signed in with both factors."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client

from tests.conftest import verified_login
from tests.factories import UserFactory

staff_groups = importlib.import_module("servicedesk.migrations.0001_staff_groups")


@pytest.fixture
def groups(db):
    """The groups the migration made. A transactional test flushes the database (and them) on
    its way out, so they are made again here the way the migration makes them."""
    if Group.objects.filter(name__in=staff_groups.GROUPS).count() < len(staff_groups.GROUPS):
        staff_groups.create_staff_groups(apps, SimpleNamespace(connection=connection))
    return {group.name: group for group in Group.objects.filter(name__in=staff_groups.GROUPS)}


def member(groups, group_name: str, username: str):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(groups[group_name])
    return user


@pytest.fixture
def registry_officer(groups):
    return member(groups, staff_groups.REGISTRY_OFFICERS, "registrar")


@pytest.fixture
def inquiry_officer(groups):
    return member(groups, staff_groups.INQUIRY_OFFICERS, "examiner")


@pytest.fixture
def feedback_officer(groups):
    return member(groups, staff_groups.FEEDBACK_OFFICERS, "listener")


@pytest.fixture
def content_editor(groups):
    return member(groups, staff_groups.CONTENT_EDITORS, "editor")


@pytest.fixture
def supervisor(groups):
    return member(groups, staff_groups.SUPERVISORS, "chief")


def signed_in(user) -> Client:
    """A browser of ``user``, past both steps of the staff sign-in."""
    return verified_login(Client(), user)
