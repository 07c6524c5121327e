"""Starting the desktop app: Qt in Chinese, the style sheet, crash recovery, screenshots."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from yn_forms.gui.autosave import find_recoveries
from yn_forms.gui.window import MainWindow

STYLE = """
QLabel#appTitle { font-size: 22px; font-weight: bold; margin: 8px 0; }
QLabel#pageTitle { font-size: 18px; font-weight: bold; margin: 4px 0 8px 0; }
QLabel#pageHint { color: #555; }
QPushButton#primary { font-weight: bold; padding: 4px 14px; }
QGroupBox { font-weight: bold; margin-top: 10px; }
QGroupBox QLabel, QGroupBox QCheckBox, QGroupBox QRadioButton { font-weight: normal; }
"""


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("yn-forms")
    app.setApplicationDisplayName("云南申报材料填报助手")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translators = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            translators.append(translator)
    app.setProperty("yn_translators", len(translators))
    app.setStyleSheet(STYLE)
    return app


def offer_recovery(window: MainWindow) -> None:
    recoveries = find_recoveries()
    if not recoveries:
        return
    latest = max(recoveries, key=lambda r: r.saved_at)
    answer = QMessageBox.question(
        window, "恢复未保存的草稿",
        f"程序上次没有正常关闭。发现自动保存的草稿（保存于 {latest.saved_at[:19].replace('T', ' ')}"
        + (f"，原文件 {latest.original}" if latest.original else "") + "）。是否恢复？\n"
        "恢复后将作为未保存的草稿打开，不会覆盖原文件。")
    if answer == QMessageBox.StandardButton.Yes:
        window.restore(latest)


def run(args: argparse.Namespace) -> int:
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = make_app()
    window = MainWindow()
    if args.screenshot:
        window.setProperty("headless", True)
    if args.open:
        window.open_path(Path(args.open))
    elif args.form:
        from yn_forms.forms import FORMS

        if args.form not in FORMS:
            sys.stderr.write(f"错误：没有表单“{args.form}”\n")
            return 2
        window.new_draft(args.form)
    if args.section is not None and window.wizard is not None:
        window.wizard.go_to(args.section - 1)
    window.show()
    if args.screenshot:
        for _ in range(5):
            app.processEvents()
        ok = window.grab().save(args.screenshot)
        return 0 if ok else 3
    offer_recovery(window)
    return app.exec()
