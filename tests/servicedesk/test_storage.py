"""Private files in the database: every host reads what another wrote, they roll back with the
rows that name them, and the demo's SQLite keeps them too."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from servicedesk.models import StoredFile
from servicedesk.storage import DatabaseStorage, private_storage
from tests.processes import session_database_url
from tests.sqlite import run_on_sqlite

WRITE = """
import django
django.setup()
from django.core.files.base import ContentFile
from servicedesk.storage import private_storage
print(private_storage().save("hosts/scan.pdf", ContentFile(b"%PDF- from host A")))
"""

READ = """
import sys
import django
django.setup()
from servicedesk.storage import private_storage
storage = private_storage()
if not storage.exists(sys.argv[1]):
    sys.exit("missing")
with storage.open(sys.argv[1]) as handle:
    print(handle.read().decode())
"""


def on_host(directory, storage: str, script: str, *args) -> subprocess.CompletedProcess:
    """Run ``script`` as a separate app host would: its own process and private folder, the
    shared test database."""
    return subprocess.run(
        [sys.executable, "-W", "ignore", "-c", script, *args],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DATABASE_URL": session_database_url(),
            "PRIVATE_MEDIA_ROOT": str(directory),
            "PRIVATE_STORAGE": storage,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.django_db(transaction=True)
def test_a_file_written_through_one_hosts_settings_is_read_through_anothers(tmp_path):
    written = on_host(tmp_path / "host-a", "database", WRITE)
    assert written.returncode == 0, written.stderr
    name = written.stdout.strip()
    read = on_host(tmp_path / "host-b", "database", READ, name)
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip() == "%PDF- from host A"
    assert not (tmp_path / "host-a").exists()  # nothing hides on host A's disk


@pytest.mark.django_db(transaction=True)
def test_with_files_on_each_hosts_disk_the_other_host_misses_them(tmp_path):
    written = on_host(tmp_path / "host-a", "filesystem", WRITE)
    assert written.returncode == 0, written.stderr
    read = on_host(tmp_path / "host-b", "filesystem", READ, written.stdout.strip())
    assert read.returncode == 1
    assert "missing" in read.stderr


def test_the_database_storage_is_the_default():
    assert settings.PRIVATE_STORAGE == "database"
    assert isinstance(private_storage(), DatabaseStorage)


@pytest.mark.django_db
def test_a_file_saved_in_a_transaction_that_fails_is_gone_with_it():
    storage = DatabaseStorage()

    def save_then_fail():
        with transaction.atomic():
            storage.save("bulk/lost.csv", ContentFile(b"a,b\n"))
            raise RuntimeError("the row could not be saved")

    with pytest.raises(RuntimeError):
        save_then_fail()
    assert not storage.exists("bulk/lost.csv")


@pytest.mark.django_db
def test_a_stored_file_reads_back_with_its_size_and_folder_and_is_deleted():
    storage = DatabaseStorage()
    name = storage.save("requests/2026/11/scan.pdf", ContentFile(b"x" * 3000))
    taken = storage.save("requests/2026/11/scan.pdf", ContentFile(b"other"))
    assert taken != name  # a name in use is never overwritten
    assert storage.size(name) == 3000
    assert storage.listdir("requests") == (["2026"], [])
    assert storage.listdir("requests/2026/11")[1] == sorted(
        n.rsplit("/", 1)[1] for n in (name, taken)
    )
    storage.delete(name)
    assert not storage.exists(name)
    with pytest.raises(FileNotFoundError):
        storage.open(name)
    assert StoredFile.objects.get().name == taken


SQLITE = """
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
call_command("migrate", "servicedesk", verbosity=0)
from servicedesk.storage import private_storage
storage = private_storage()
name = storage.save("bulk/1.csv", ContentFile(b"line,status"))
assert storage.open(name).read() == b"line,status"
try:
    with transaction.atomic():
        storage.save("bulk/2.csv", ContentFile(b"rolled back"))
        raise RuntimeError
except RuntimeError:
    pass
assert not storage.exists("bulk/2.csv")
print("ok")
"""


def test_the_demo_keeps_private_files_in_its_sqlite_database(tmp_path):
    assert run_on_sqlite(SQLITE, tmp_path).strip().endswith("ok")
