"""The Windows bundle's inputs: build.spec, its windowed entry script and the icon.

Building the bundle takes PyInstaller and a minute, so CI does it after the tests
(scripts/bundle-smoke.sh); these checks catch the cheap mistakes first.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build.spec"


def spec_list(name: str) -> list[str]:
    """A list of strings assigned at the top of build.spec, read without running PyInstaller."""
    for node in ast.parse(SPEC.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"build.spec has no {name} = [...]")


def load_gui_entry():
    spec = importlib.util.spec_from_file_location("bundle_gui", ROOT / "scripts" / "bundle_gui.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_spec_is_python_and_names_both_executables():
    text = SPEC.read_text(encoding="utf-8")
    compile(text, str(SPEC), "exec")
    assert 'name="yn-forms-gui"' in text and "console=False" in text
    assert 'name="yn-forms"' in text and "console=True" in text
    for script in ("yn_forms/__main__.py", "scripts/bundle_gui.py", "resources/icons/yn-forms.ico"):
        assert (ROOT / script).is_file(), script


def test_every_hidden_import_exists():
    missing = [name for name in spec_list("hiddenimports") if importlib.util.find_spec(name) is None]
    assert not missing


def imported_modules() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "yn_forms").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_spec_excludes_nothing_the_app_imports():
    """An excluded module the code imports would pass every test and fail only in the bundle."""
    excludes = spec_list("excludes")
    clashes = sorted(
        name for name in imported_modules() for excluded in excludes
        if name == excluded or name.startswith(excluded + ".")
    )
    assert not clashes


@pytest.mark.parametrize(("argv", "expected"), [
    ([], ["gui"]),
    (["草稿.ynform"], ["gui", "--open", "草稿.ynform"]),
    (["gui", "--form", "innovation-centre"], ["gui", "--form", "innovation-centre"]),
    (["--form", "digital-scenario", "--screenshot", "x.png", "--section", "2"],
     ["gui", "--form", "digital-scenario", "--screenshot", "x.png", "--section", "2"]),
])
def test_the_windowed_executable_always_starts_the_desktop_app(argv, expected):
    assert load_gui_entry().gui_argv(argv) == expected


def test_the_windowed_entry_survives_without_a_console(monkeypatch):
    """A windowed executable on Windows has sys.stdout = sys.stderr = None."""
    module = load_gui_entry()
    calls = []
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    monkeypatch.setattr(sys, "argv", ["yn-forms-gui", "--form", "innovation-centre"])
    monkeypatch.delenv("YN_FORMS_REPORT_QT", raising=False)
    monkeypatch.setattr("yn_forms.cli.main", lambda argv: calls.append((argv, sys.stdout, sys.stderr)) or 0)
    assert module.main() == 0
    (argv, out, err), = calls
    assert argv == ["gui", "--form", "innovation-centre"]
    assert out is not None and err is not None
    out.write("a stray message\n")  # goes nowhere, and does not raise
    err.write("另一条\n")


def test_the_icon_files_are_what_tools_make_icon_draws(tmp_path):
    image_module = pytest.importorskip("PIL.Image")
    chops = pytest.importorskip("PIL.ImageChops")
    from tools import make_icon

    assert make_icon.main([str(tmp_path)]) == 0
    committed = ROOT / "resources" / "icons"
    with image_module.open(committed / "yn-forms.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= ico.info["sizes"]
    for name in ("yn-forms.png", "yn-forms.ico"):
        with image_module.open(committed / name) as old, image_module.open(tmp_path / name) as new:
            assert old.size == new.size == (256, 256)
            difference = chops.difference(old.convert("RGBA"), new.convert("RGBA"))
            assert max(high for _, high in difference.getextrema()) <= 2, name  # resampling may differ a little


@pytest.mark.slow
def test_every_form_is_found_by_import_analysis():
    """The registry builds each form when it is first asked for; a bundler finds only imports
    written in the code. Python's own import analysis (as PyInstaller's) must reach every form's
    package from ``yn_forms.forms`` — a module name held in a string would leave them out."""
    import modulefinder

    from yn_forms.catalog import CATALOG

    third_party = ["pydantic", "pydantic_core", "phonenumbers", "stdnum", "email_validator", "docx", "docxtpl",
                   "jinja2", "lxml", "openpyxl", "PySide6", "numpy", "markupsafe", "platformdirs", "typing_extensions"]
    finder = modulefinder.ModuleFinder(path=[str(ROOT), *sys.path], excludes=third_party)
    finder.run_script(str(ROOT / "yn_forms" / "forms" / "__init__.py"))
    packages = {entry.id.replace("-", "_") for entry in CATALOG}
    assert {f"yn_forms.forms.{name}" for name in packages} <= set(finder.modules)
