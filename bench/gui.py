"""Benchmark the desktop app against DESIGN.md: start to first window painted (≤ 1.5 s) and
re-validation after a keystroke on the largest form with 20 member units (≤ 16 ms).

Start-up is the whole process `yn-forms gui --form innovation-centre --screenshot` (it exits right
after the first paint), beside a baseline process that opens and grabs a bare PySide6 window.
The keystroke figure is the wizard's own revalidate(): validation plus updating every field's
problem label, the side list and the review page.

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


def main() -> int:
    parser = argparse.ArgumentParser()
    add_arguments(parser, runs=5)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        env["XDG_DATA_HOME"] = env["XDG_CONFIG_HOME"] = tmp
        shot = str(Path(tmp) / "s.png")
        ours = median_wall([sys.executable, "-m", "yn_forms", "gui", "--form", "innovation-centre",
                            "--screenshot", shot], args.runs, env=env)
        bare = median_wall([sys.executable, "-c", BARE, shot], args.runs, env=env)

        os.environ.update(env)
        from yn_forms.forms import get_form
        from yn_forms.gui.app import make_app
        from yn_forms.gui.wizard import Wizard

        make_app()
        form = get_form("innovation-centre")
        data = with_members(form.example(), 20)
        wizard = Wizard(form, data)
        wizard.show_all = True
        samples = []
        for i in range(60):
            data["cover"]["leader"] = f"张{i}"
            start = time.perf_counter()
            wizard.revalidate()
            samples.append(time.perf_counter() - start)
        keystroke = statistics.median(samples)
        from yn_forms.core.validation import validate

        core = []  # the same validation without the widgets: what the wizard adds on top
        for i in range(60):
            data["cover"]["leader"] = f"李{i}"
            start = time.perf_counter()
            validate(form, data)
            core.append(time.perf_counter() - start)
        core_keystroke = statistics.median(core)
        wizard.deleteLater()  # destroy Qt objects before the interpreter shuts down
        del wizard
        from PySide6.QtCore import QCoreApplication, QEvent

        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    print_table([
        ("GUI start to first window painted (whole process)", f"{ours:.3f}s", f"{bare:.3f}s",
         f"{ours / bare:.2f}", "1.5 s"),
        ("wizard re-validation after a keystroke, 20 member units vs core validate alone",
         f"{keystroke * 1000:.2f}ms", f"{core_keystroke * 1000:.2f}ms", f"{keystroke / core_keystroke:.2f}", "16 ms"),
    ], args.markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
