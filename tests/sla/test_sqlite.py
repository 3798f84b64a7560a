"""The demo runs on the embedded SQLite database: the sla pages work there too."""

import os
import subprocess
import sys

from django.conf import settings

SCRIPT = """
import django
django.setup()
from io import StringIO
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
from sla import demo
demo.load(StringIO())
client = Client()
for path in ["/services/", "/services/14031548100/", "/services.json", "/services.csv", "/sla/",
             "/sla/?on=1404/01/01", "/sla/versions/", "/sla/performance/", "/en/sla/performance/",
             "/sla/performance.csv"]:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
html = client.get("/en/sla/performance/").content.decode()
assert html.count("<svg") >= 4 and "No records" in html
print("ok")
"""


def test_the_sla_pages_render_from_the_demo_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "SECRET_KEY": "x",
        "DJANGO_SETTINGS_MODULE": "servicedesk.settings",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "DEBUG": "0",
    }
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ok")
