"""load_demo publishes invented services and certificates: it runs with DEBUG on, or when
forced, never by mistake on a real portal."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from certificates.models import Certificate
from servicedesk.management.commands.load_demo import Command as LoadDemo
from sla.models import Service

pytestmark = pytest.mark.django_db


def test_it_refuses_with_debug_off_and_loads_nothing(settings):
    settings.DEBUG = False
    services = Service.objects.count()  # the agreement's data migration publishes some
    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        call_command("load_demo", stdout=io.StringIO())
    assert not Certificate.objects.exists()
    assert Service.objects.count() == services


def test_from_the_command_line_it_exits_non_zero_with_the_reason(settings, capsys, monkeypatch):
    settings.DEBUG = False
    # A command run from the command line closes the connections at the end: not the test's.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_:
        LoadDemo().run_from_argv(["manage.py", "load_demo"])
    assert exit_.value.code != 0
    assert "--force" in capsys.readouterr().err
    assert not Certificate.objects.exists()


def test_forced_it_loads_with_debug_off(settings):
    settings.DEBUG = False
    out = io.StringIO()
    call_command("load_demo", force=True, stdout=out)
    assert "Demo data is ready." in out.getvalue()
    assert Certificate.objects.exists()


def test_with_debug_on_it_needs_no_force(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo data is ready." in out.getvalue()
