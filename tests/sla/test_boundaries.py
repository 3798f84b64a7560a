"""The arrows point one way: certificates and feedback may import sla, never the reverse."""

import ast
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
