"""Benchmark the desktop app against its budgets: start to first window painted (≤ 1.5 s),
re-validation after a keystroke on the largest form with 300 member units (≤ 16 ms), and a member
deleted and undone at 100 member units, and a draft of 100 member units opened.

Start-up is the whole process `yn-forms gui --form innovation-centre --screenshot` (it exits right
after the first paint), beside a baseline process that opens and grabs a bare PySide6 window.
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

from common import add_arguments, median_wall, print_table, with_members

BARE = r"""
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QLabel("hello")); w.resize(1200, 800); w.show()
app.processEvents()
w.grab().save(sys.argv[1])
"""


def _timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    add_arguments(parser, runs=5)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        env["XDG_DATA_HOME"] = env["XDG_CONFIG_HOME"] = tmp
        shot = str(Path(tmp) / "s.png")
        start_window = median_wall([sys.executable, "-m", "yn_forms", "gui", "--screenshot", shot], args.runs, env=env)
        ours = median_wall([sys.executable, "-m", "yn_forms", "gui", "--form", "innovation-centre",
                            "--screenshot", shot], args.runs, env=env)
        bare = median_wall([sys.executable, "-c", BARE, shot], args.runs, env=env)

        os.environ.update(env)
        from PySide6.QtCore import QCoreApplication, QEvent

        from yn_forms.core.operations import edit_field, remove_item
        from yn_forms.core.validation import validate
        from yn_forms.forms import get_form
        from yn_forms.gui.app import make_app
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
            hundred.undo()
            steps.append((time.perf_counter() - start) / 2)
        step = statistics.median(steps)
        hundred_data = hundred.data
        whole = statistics.median(_timed(lambda: validate(form, hundred_data)) for _ in range(15))
        for widget in (wizard, hundred):
            widget.deleteLater()  # destroy Qt objects before the interpreter shuts down
        del wizard, hundred
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    print_table([
        ("GUI start window to first paint (whole process) vs a bare PySide6 window", f"{start_window:.3f}s",
         f"{bare:.3f}s", f"{start_window / bare:.2f}", "1.5 s"),
        ("GUI start with a new 创新中心 draft to first paint (whole process)", f"{ours:.3f}s", f"{bare:.3f}s",
         f"{ours / bare:.2f}", "1.5 s"),
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
