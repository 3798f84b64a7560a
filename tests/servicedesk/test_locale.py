"""The Persian and English catalogues are complete, compiled, and cover every UI string."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
SOURCES = [
    "manage.py",
    "servicedesk",
    "sla",
    "casework",
    "certificates",
    "feedback",
    "templates",
    "locale",
]


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(BASE / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", ["fa", "en"])
def test_every_message_is_translated(language):
    po = catalogue(language)
    missing = [entry.msgid for entry in po.untranslated_entries() + po.fuzzy_entries()]
    assert missing == []


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_compiled_catalogue_matches_the_source(language):
    po = catalogue(language)
    mo = polib.mofile(str(BASE / "locale" / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural for entry in mo}
    source = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural
        for entry in po.translated_entries()
    }
    assert source.items() <= compiled.items(), "run `make messages` to compile the catalogues"


def test_the_catalogue_holds_every_string_of_the_code_and_templates(tmp_path):
    """Extract the strings afresh in a copy of the project and compare with the catalogue."""
    for name in SOURCES:
        source = BASE / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fa", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "SECRET_KEY": "x",
            "DJANGO_SETTINGS_MODULE": "servicedesk.settings",
            "PYTHONPATH": str(tmp_path),
        },
    )
    fresh = polib.pofile(str(tmp_path / "locale" / "fa" / "LC_MESSAGES" / "django.po"))
    known = {(entry.msgctxt, entry.msgid) for entry in catalogue("fa")}
    new = sorted(entry.msgid for entry in fresh if (entry.msgctxt, entry.msgid) not in known)
    assert new == [], "run `make messages` and translate the new strings"
