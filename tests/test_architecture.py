"""Core, forms, rendering and the CLI never import Qt (docs/ARCHITECTURE.md › Layers)."""

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


def test_the_import_contracts_hold():
    """pyproject.toml's import-linter contracts: the layers (cli > gui > render | forms > core, render and forms
    siblings that never import each other), Qt only in gui, and no import cycle between any two modules of
    yn_forms. A static check: imports inside functions count too."""
    run = "from importlinter.cli import lint_imports_command; lint_imports_command()"  # the lint-imports command
    proc = subprocess.run([sys.executable, "-c", run, "--no-cache"], capture_output=True, text=True, encoding="utf-8",
                          check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    for name in ("Layers: cli > gui > render | forms > core", "Qt only in gui",
                 "No import cycles anywhere in yn_forms"):
        assert name in proc.stdout
    assert "BROKEN" not in proc.stdout and proc.stdout.count("KEPT") == 3
