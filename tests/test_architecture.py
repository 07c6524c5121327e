"""Core, forms, rendering and the CLI never import Qt (DESIGN.md principle 2)."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
import yn_forms.cli, yn_forms.core.validation, yn_forms.core.draft, yn_forms.core.schema, yn_forms.core.units
import yn_forms.forms, yn_forms.render.documents, yn_forms.render.contract, yn_forms.render.pdf
from yn_forms.cli import main
main(["list"])
bad = sorted(m for m in sys.modules if m.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"})
print("QT:", bad)
"""


def test_core_is_free_of_qt():
    proc = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, encoding="utf-8",
                          check=True)
    assert "QT: []" in proc.stdout
