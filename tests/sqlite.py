"""Run a script in a fresh process on an embedded SQLite database, as the demo does."""

import os
import subprocess
import sys

from django.conf import settings


def run_on_sqlite(script: str, directory) -> str:
    """Run ``script`` (it sets Django up itself) with a new SQLite database in ``directory``;
    fail with its error output unless it succeeds; return what it printed."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{directory / 'demo.sqlite3'}",
        "SECRET_KEY": "x",
        "DJANGO_SETTINGS_MODULE": "servicedesk.settings",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "DEBUG": "0",
        "REDIS_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout
