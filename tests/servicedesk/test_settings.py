"""Production settings fail closed; checked in fresh processes with production environments."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "PATH": os.environ["PATH"],
    "SECRET_KEY": "a-long-random-production-secret-with-many-different-characters-0123456789",
    "ALLOWED_HOSTS": "portal.example.ir",
    "DATABASE_URL": os.environ["DATABASE_URL"],
    "DJANGO_SETTINGS_MODULE": "servicedesk.settings",
}


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_migrations_are_checked_without_a_secret_key():
    """A fresh checkout compares models and migrations with no environment at all."""
    result = run_manage("makemigrations", "--check", "--dry-run", env={"PATH": os.environ["PATH"]})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_debug_is_off_unless_asked_for():
    result = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env=PRODUCTION
    )
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_the_deployment_check_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
