"""Benchmark the desktop app against its budgets: start to first window painted (≤ 1.5 s; ≤ 2× a bare
PySide6 window), re-validation after a keystroke on the largest form with 300 member units (≤ 16 ms), and a member
deleted and undone at 100 member units, and a draft of 100 member units opened.

Start-up is the whole process `yn-forms gui [--form innovation-centre] --screenshot` (it exits right
after the first paint), in CPU and wall time, interleaved with a baseline process that opens and grabs
a bare PySide6 window; the floor of a new draft is that bare window plus what its first page cannot do
without: the form's models built and the empty draft validated (the side list counts its blanks), with the
cycle collector held off as the app holds it off while it builds its window. The
start window is measured with no recent drafts and with a clerk's usual ten, of 20 to 100 member
units each, whose 完成 % the window remembered from an earlier start (the first, warm-up round).
The keystroke figure is a keystroke written through the draft document (a named step, its
watchers told) and the wizard's own revalidate(): validation of what changed plus updating every
field's problem label, the side list and the review page — beside validating the whole application,
which is what every keystroke cost before.

    python bench/gui.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import add_arguments, compile_sources, interleaved, print_table, project_on_path, with_members

BARE = r"""
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QLabel("hello")); w.resize(1200, 800); w.show()
app.processEvents()
w.grab().save(sys.argv[1])
"""

# the bare window, plus the form's models built and the empty draft validated — with Python's cycle collector
# held off, as the app builds its window (gui.app.run): the floor is what the libraries cannot do without
FLOOR = "import gc; gc.disable()\n" + BARE.replace("w.grab()", """from yn_forms.core.validation import validate
from yn_forms.forms import FORMS
form = FORMS["innovation-centre"]
validate(form, form.model().model_dump(mode="json"))
w.grab()""")

RECENT = (20, 30, 40, 50, 60, 70, 80, 90, 100, 100)  # member units of each of the ten recent drafts


def recent_drafts(folder: Path, config: Path) -> None:
    """Ten drafts of real size saved in *folder*, listed as recent in the settings under *config*."""
    from PySide6.QtCore import QSettings

    from yn_forms.core.draft import save_draft
    from yn_forms.forms import get_form

    form = get_form("innovation-centre")
    names = []
    for i, count in enumerate(RECENT):
        path = folder / f"草稿{i}.ynform"
        save_draft(path, form, with_members(form.example(), count))
        names.append(str(path))
    settings = QSettings(str(config / "yn-forms" / "yn-forms.conf"), QSettings.Format.IniFormat)
    settings.setValue("recent", names)
    settings.sync()


def _timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    add_arguments(parser, runs=5)
    args = parser.parse_args()
    root = project_on_path()
    compile_sources(root)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        env["XDG_DATA_HOME"] = env["XDG_CONFIG_HOME"] = env["XDG_CACHE_HOME"] = tmp
        shot = str(Path(tmp) / "s.png")
        with_recent = dict(env, XDG_CONFIG_HOME=str(Path(tmp) / "recent"), XDG_CACHE_HOME=str(Path(tmp) / "recent"))
        recent_drafts(Path(tmp), Path(with_recent["XDG_CONFIG_HOME"]))
        gui = [sys.executable, "-m", "yn_forms", "gui", "--screenshot", shot]
        got = interleaved({"start": gui, "new": [*gui, "--form", "innovation-centre"],
                           "bare": [sys.executable, "-c", BARE, shot],
                           "floor": [sys.executable, "-c", FLOOR, shot]}, args.runs, env=env, cwd=root)
        recent = interleaved({"recent": gui, "bare": [sys.executable, "-c", BARE, shot]}, args.runs,
                             env=with_recent, cwd=root)
        os.environ.update(env)
        from PySide6.QtCore import QCoreApplication, QEvent

        from yn_forms.core.operations import edit_field, remove_item
        from yn_forms.core.validation import validate
        from yn_forms.forms import get_form
        from yn_forms.gui.app import make_app
        from yn_forms.gui.context import take_step
        from yn_forms.gui.wizard import Wizard

        make_app()
        form = get_form("innovation-centre")
        data = with_members(form.example(), 300)
        wizard = Wizard(form, data)
        wizard.show_all = True
        wizard.go_to_pointer("/members/150/phone")  # the clerk is on a member's table, as the inputs are shown
        samples = []
        for i in range(60):  # a keystroke typed through the document, then the wizard's re-validation
            start = time.perf_counter()
            edit_field(wizard.document, form, "/members/150/phone", f"0871-6351{i:04d}")
            wizard.revalidate()
            samples.append(time.perf_counter() - start)
        keystroke = statistics.median(samples)
        core = []  # what every keystroke used to cost: the whole application validated again
        for _ in range(15):
            start = time.perf_counter()
            validate(form, wizard.data)
            core.append(time.perf_counter() - start)
        core_keystroke = statistics.median(core)

        big = with_members(form.example(), 100)
        opened = []
        for _ in range(5):  # 打开草稿 of 100 member units: the wizard made and its first page shown
            start = time.perf_counter()
            opening = Wizard(form, big)
            opening.show()
            QCoreApplication.processEvents()
            opened.append(time.perf_counter() - start)
            opening.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        open_time = statistics.median(opened)
        open_validate = statistics.median(_timed(lambda: validate(form, big)) for _ in range(5))

        hundred = Wizard(form, with_members(form.example(), 100))
        hundred.go_to_pointer("/members/50")
        steps = []
        for _ in range(15):  # 删除 a member and Ctrl+Z it back, each with the list and the inputs repainted
            start = time.perf_counter()
            remove_item(hundred.document, form, "/members", 50)
            hundred.revalidate()
            take_step(hundred.context, False, lambda _text: None)  # 编辑 › 撤销, as the window takes it
            steps.append((time.perf_counter() - start) / 2)
        step = statistics.median(steps)
        hundred_data = hundred.data
        whole = statistics.median(_timed(lambda: validate(form, hundred_data)) for _ in range(15))
        for widget in (wizard, hundred):
            widget.deleteLater()  # destroy Qt objects before the interpreter shuts down
        del wizard, hundred
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    bare, recent_bare = got["bare"], recent["bare"]

    def process(name: str, timing, baseline, floor: str = "—", goal: str = "≤ 2×") -> tuple[str, ...]:
        return (name, f"{timing.cpu:.2f} s CPU ({timing.wall:.2f} s wall)",
                f"{baseline.cpu:.2f} s CPU ({baseline.wall:.2f} s wall)", f"{timing.cpu / baseline.cpu:.2f}",
                floor, goal)

    print_table([
        process("GUI start window to first paint (whole process) vs a bare PySide6 window", got["start"], bare),
        process(f"GUI start window with ten recent drafts ({RECENT[0]}–{RECENT[-1]} member units) to first paint",
                recent["recent"], recent_bare),
        process("GUI start with a new 创新中心 draft to first paint (whole process); floor: + the form's models "
                "and the empty draft validated", got["new"], bare, f"{got['floor'].cpu / bare.cpu:.2f}"),
        ("wizard: a keystroke through the document and re-validation, 300 member units, vs validating it all",
         f"{keystroke * 1000:.2f}ms", f"{core_keystroke * 1000:.2f}ms", f"{keystroke / core_keystroke:.2f}", "16 ms"),
        ("wizard: a member deleted or undone, list and inputs repainted, 100 member units, vs validating it all",
         f"{step * 1000:.2f}ms", f"{whole * 1000:.2f}ms", f"{step / whole:.2f}", "—"),
        ("wizard: a draft of 100 member units opened, first page shown, vs validating it all",
         f"{open_time * 1000:.0f}ms", f"{open_validate * 1000:.0f}ms", f"{open_time / open_validate:.2f}", "—"),
    ], args.markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
