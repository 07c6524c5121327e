"""Shared fixtures. Tests never touch the real user folders: the data dir is a temp dir."""

from __future__ import annotations

import copy
import os
import sys
import tempfile
from pathlib import Path

import pytest

#: ``shared_pdfs``: one LibreOffice conversion of an input for the whole run, for the tests that only read its PDF
pytest_plugins = ("shared_pdfs",)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# one cache for the whole run, never the user's: LibreOffice profiles are reused across the tests
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="yn-forms-test-cache-")


#: The files that take longest, longest first (measured with ``--durations``). pyproject runs ``-n 2`` with
#: ``--dist loadfile``: a file runs whole on one worker (its module fixtures made once), the files in this
#: order, so the long ones start at once and the short ones even out the end — the other way round, one long
#: file last ran alone while the other worker waited. A file not named here runs after these, in its place.
LONGEST_FIRST = (
    "test_hostile_input.py", "test_properties.py", "test_pack.py", "test_template_walls.py", "test_wordin_scale.py",
    "test_gui.py", "test_gui_enclosures.py", "test_wordin.py", "test_gui_clerk.py", "test_replaceable_templates.py",
    "test_no_network.py", "test_hostile_files.py", "test_desk.py", "test_gui_units.py", "test_gui_large_replies.py",
    "test_output_swap.py", "test_fit.py", "test_pdf_text.py", "test_pdf.py", "test_gui_packets.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The longest files first (``LONGEST_FIRST``); a test marked ``office`` runs LibreOffice: where none is
    installed it is skipped, saying so."""
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: each file's own order kept
    office = [item for item in items if item.get_closest_marker("office")]
    if not office:
        return
    from yn_forms.render.pdf import find_soffice

    if find_soffice() is None:
        for item in office:
            item.add_marker(pytest.mark.skip(reason="LibreOffice is not installed"))


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch) -> Path:
    home = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    if sys.platform == "win32":  # pragma: no cover
        monkeypatch.setenv("LOCALAPPDATA", str(home))
    if sys.platform == "darwin":  # pragma: no cover  (macOS ignores XDG_*: ~/Library/Application Support)
        import platformdirs

        monkeypatch.setattr(platformdirs, "user_data_dir", lambda appname=None, *a, **k: str(home / appname))
    return home


@pytest.fixture
def user_data_home(_isolated_user_dirs) -> Path:
    """The temporary folder standing in for the user data folder (单位信息库, autosave, templates)."""
    return _isolated_user_dirs


@pytest.fixture(scope="session")
def centre():
    from yn_forms.forms import get_form

    return get_form("innovation-centre")


@pytest.fixture
def example(centre):
    return copy.deepcopy(centre.example())


@pytest.fixture
def write_json(tmp_path):
    import json

    def write(data, name="a.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    return write


@pytest.fixture(autouse=True)
def clerk():
    """The clerk every test speaks to: answers from a script, remembers what it was told, never blocks."""
    from yn_forms.gui.clerk import ScriptedClerk, use_clerk

    scripted = ScriptedClerk()
    previous = use_clerk(scripted)
    yield scripted
    use_clerk(previous)


@pytest.fixture
def window(qtbot, clerk):
    """The real main window, shown off screen; questions and file dialogs go to the scripted ``clerk``."""
    from yn_forms.gui.app import make_app
    from yn_forms.gui.window import MainWindow

    make_app()
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    return w
