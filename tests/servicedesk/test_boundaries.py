"""The arrows between the apps point one way (DESIGN.md): certificates and feedback may use
casework and sla, casework may use sla, sla uses none of them; never through a template or a
column either."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
# Each app, and the apps it must never reach.
FORBIDDEN = {
    "sla": {"certificates", "feedback", "casework"},
    "casework": {"certificates", "feedback"},
    "certificates": {"feedback"},
    "feedback": {"certificates"},
}


def imported_apps(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("app", FORBIDDEN)
def test_an_app_imports_none_of_the_apps_it_must_not_reach(app):
    offenders = [
        f"{path.relative_to(BASE)}: {name}"
        for path in (BASE / app).rglob("*.py")
        if "migrations" not in path.parts
        for name in imported_apps(path) & FORBIDDEN[app]
    ]
    assert offenders == []


def foreign(apps: set[str]) -> re.Pattern:
    """A template of another app (include, extends), one of its URLs or template tags, or a path
    of its pages written out."""
    names = "|".join(sorted(apps))
    pages = {"feedback": "feedback|surveys", "certificates": "certificates", "casework": ""}
    paths = "|".join(filter(None, (pages.get(app, app) for app in sorted(apps))))
    return re.compile(
        rf"""["'](?:{names})/[\w/.-]*\.html["']"""
        rf"""|\{{%\s*url\s+["'](?:{names}):"""
        rf"""|\{{%\s*load\b[^%]*\b(?:{"|".join(f"{app}_tags" for app in sorted(apps))})\b"""
        + (rf"""|[%}}]\}}(?:{paths})/""" if paths else "")
    )


@pytest.mark.parametrize("app", FORBIDDEN)
def test_an_apps_templates_include_and_link_nothing_of_the_apps_it_must_not_reach(app):
    templates = BASE / "templates" / app
    pattern = foreign(FORBIDDEN[app])
    offenders = [
        f"{path.relative_to(templates)}: {match.group()}"
        for path in templates.rglob("*.html")
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_sla_models_name_no_feedback_concept():
    from sla.models import Service

    assert not [field.name for field in Service._meta.concrete_fields if "survey" in field.name]
