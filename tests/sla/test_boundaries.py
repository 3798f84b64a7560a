"""The arrows point one way: certificates and feedback may import sla, never the reverse (not
through a template or a column either)."""

import ast
import re
from pathlib import Path

from django.conf import settings

SLA = Path(settings.BASE_DIR) / "sla"


def test_sla_imports_neither_certificates_nor_feedback():
    offenders = []
    for path in SLA.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.relative_to(SLA)}: {name}"
                for name in names
                if name.split(".")[0] in {"certificates", "feedback"}
            ]
    assert offenders == []


TEMPLATES = Path(settings.BASE_DIR) / "templates" / "sla"
# A template of another app (include, extends), one of its URLs or template tags, or a path of
# its pages written out.
FOREIGN = re.compile(
    r"""["'](?:certificates|feedback)/[\w/.-]*\.html["']"""
    r"""|\{%\s*url\s+["'](?:certificates|feedback):"""
    r"""|\{%\s*load\b[^%]*\b(?:certificates_tags|feedback_tags)\b"""
    r"""|[%}]\}(?:feedback|surveys|certificates)/"""
)


def test_sla_templates_include_and_link_nothing_of_certificates_or_feedback():
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match.group()}"
        for path in TEMPLATES.rglob("*.html")
        for match in FOREIGN.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_sla_models_name_no_feedback_concept():
    from sla.models import Service

    assert not [field.name for field in Service._meta.concrete_fields if "survey" in field.name]
