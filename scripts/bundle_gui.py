"""Entry point of the bundle's windowed executable, ``yn-forms-gui``: always the desktop app.

``yn-forms-gui`` starts the app; ``yn-forms-gui FILE`` opens a draft (what Windows
passes when a .ynform file is opened with it); the ``gui`` options work as with
``yn-forms gui`` (``--form ID``, ``--screenshot OUT.png --section N``). A windowed
executable has no console, so ``sys.stdout``/``sys.stderr`` may be None there: they
are pointed at the null device so that a stray message cannot stop the app. With
``YN_FORMS_REPORT_QT=1`` it says on stderr, when the app returns (as after
``--screenshot``), how many of Qt's Chinese translations were installed and from
which folder: the bundle's smoke test checks that Qt's own dialogs speak Chinese.
"""

from __future__ import annotations

import os
import sys


def gui_argv(argv: list[str]) -> list[str]:
    """The ``yn-forms`` command line that does what ``yn-forms-gui ARGV`` asks for."""
    if argv[:1] == ["gui"]:
        argv = argv[1:]
    if len(argv) == 1 and not argv[0].startswith("-"):
        argv = ["--open", argv[0]]
    return ["gui", *argv]


def main() -> int:
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # lives as long as the app
    from yn_forms.cli import main as cli_main

    code = cli_main(gui_argv(sys.argv[1:]))
    if os.environ.get("YN_FORMS_REPORT_QT"):  # for scripts/bundle-smoke.sh: did Qt find its Chinese translations?
        report_qt()
    return code


def report_qt() -> None:
    """One line on stderr: how many Qt translations the app installed, and the folder Qt took them from."""
    from PySide6.QtCore import QLibraryInfo
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    loaded = app.property("yn_translators") if app is not None else None
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    sys.stderr.write(f"qt-translations: {loaded} loaded from {folder}\n")


if __name__ == "__main__":
    if getattr(sys, "frozen", False):  # a worker of the 州市 desk's pool (spawned: the app itself) works and exits
        import multiprocessing

        multiprocessing.freeze_support()
    raise SystemExit(main())
