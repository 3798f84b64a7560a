"""The demo runs on the embedded SQLite database: the sla pages work there too."""

from tests.sqlite import run_on_sqlite

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
    assert run_on_sqlite(SCRIPT, tmp_path).strip().endswith("ok")
