"""Starting the desktop app: Qt in Chinese, the style sheet, crash recovery, screenshots."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
import traceback
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLibraryInfo, QLocale, QMessageLogContext, QtMsgType, QTranslator, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from yn_forms.forms import FORMS
from yn_forms.gui.clerk import clerk, stderr_clerk, use_clerk
from yn_forms.gui.palette import MUTED
from yn_forms.gui.window import MainWindow
from yn_forms.paths import resources_dir, user_data_dir

STYLE = """
QLabel#appTitle { font-size: 22px; font-weight: bold; margin: 8px 0; }
QLabel#pageTitle { font-size: 18px; font-weight: bold; margin: 4px 0 8px 0; }
QPushButton#primary { font-weight: bold; padding: 4px 14px; }
QGroupBox { font-weight: bold; margin-top: 10px; }
QListWidget#startList::item { padding: 6px 4px; border-bottom: 1px solid #e0e0e0; }
QListWidget#startList::item:selected { background: #d6e8fa; color: #0d47a1; }
QListWidget#sections::item { padding: 5px 4px; border-bottom: 1px solid #e0e0e0;
                             border-left: 3px solid transparent; }
QListWidget#sections::item:selected { background: #d6e8fa; color: #0d47a1; border-left: 3px solid #1565c0; }
QGroupBox QLabel, QGroupBox QCheckBox, QGroupBox QRadioButton { font-weight: normal; }
QLabel#fieldHelp { background: #fffbe6; border: 1px solid #e0d9b5; padding: 4px; margin: 2px 0; }
""" + f"QLabel#pageHint {{ color: {MUTED}; }}\n"


#: what Qt's own dialogs still say in English with the translations PySide6 ships (texts with a shortcut
#: letter the .qm files only have without it): the file dialog, the print dialog's options
MISSING_TRANSLATIONS = {
    "&Look in:": "查找范围(&L)：",
    "Files of &type:": "文件类型(&T)：",
    "Page &Set:": "打印页面(&S)：",
    "Pages &per sheet:": "每张纸打印页数(&P)：",
    "Page &order:": "页面顺序(&O)：",
}


#: the file dialog's 类型 column (Qt 6 moved these words to a class its Chinese file does not cover)
MISSING_IN_CONTEXT = {("QAbstractFileIconProvider", source): text for source, text in (
    ("Folder", "文件夹"), ("File", "文件"), ("%1 File", "%1 文件"), ("Drive", "驱动器"),
    ("Alias", "别名"), ("Shortcut", "快捷方式"))}
#: the file dialog's size column: Qt's Chinese says 体积 (a volume), a file has a 大小
MISSING_IN_CONTEXT[("QFileSystemModel", "Size")] = "大小"


class Translations(QTranslator):
    """The Chinese Qt's own translations lack, looked up before them (Qt asks the last installed first)."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        # None: not ours, the next translator is asked
        return MISSING_IN_CONTEXT.get((context, source)) or MISSING_TRANSLATIONS.get(source)

    def isEmpty(self) -> bool:
        return False


def make_app(argv: list[str] | None = None) -> QApplication:
    """The application, set up once: a second call (the tests open many windows) returns it as it is,
    since setting the style sheet again repolishes every widget that exists."""
    existing = QApplication.instance()
    if existing is not None and existing.property("yn_ready"):
        return existing
    app = existing or QApplication(argv or [sys.argv[0]])
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
    ours = Translations(app)
    app.installTranslator(ours)
    translators.append(ours)
    app.setStyleSheet(STYLE)
    app.setProperty("yn_ready", True)
    icon = resources_dir() / "icons" / "yn-forms.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def offer_recovery(window: MainWindow) -> None:
    """The drafts a crash left, offered once the window is up (``gui.recovery``, imported only then)."""
    from yn_forms.gui.recovery import offer_recovery as offer

    offer(window)


def _unwritable(path: Path) -> str:
    """Why a picture could not be written there, in the clerk's words."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        return "文件夹不存在"
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return "没有写入权限"
    if path.is_dir():
        return "这是一个文件夹"
    return "无法保存为 PNG 图片（文件名应以 .png 结尾）"


def report_errors(window: MainWindow) -> None:
    """No traceback ever reaches the clerk: an unexpected error is written to a log in the user data
    folder, the draft is autosaved, and the clerk is told in Chinese what to do."""

    def hook(kind: type[BaseException], error: BaseException, trace: Any) -> None:
        log = user_data_dir() / "yn-forms.log"
        with contextlib.suppress(OSError):
            log.parent.mkdir(parents=True, exist_ok=True)
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n")
                handle.write("".join(traceback.format_exception(kind, error, trace)))
        with contextlib.suppress(Exception):
            window.autosave()
        with contextlib.suppress(Exception):
            clerk().warn(window, "程序出错", f"程序遇到意外错误（{kind.__name__}），已记录在 {log}。\n"
                         "填写的内容已自动保存。请先保存草稿；如再次出现，请重新启动程序，并把该记录文件发给技术支持。")

    sys.excepthook = hook


def _quiet_offscreen(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    """A screenshot run draws off screen, where Qt says of every window that the platform cannot resize or
    raise it (“This plugin does not support propagateSizeHints()”): true, expected, and no news to the
    caller. Anything else Qt says is passed on."""
    if message.startswith("This plugin does not support"):
        return
    sys.stderr.write(f"{message}\n")


def run(args: argparse.Namespace) -> int:
    """The app, from its first window to its last: built with Python's cycle collector held off.

    What start-up makes (Qt's wrappers and enums, the form's models, the first page) lives as long as the
    window; the collector, run every few hundred objects made, only walked it again and again — a tenth
    of a new draft's start. It is on again before the clerk can do anything (``yn-forms gui`` holds it
    off from before Qt is imported)."""
    gc.disable()
    try:
        return _run(args)
    finally:
        if not gc.isenabled():  # a screenshot taken, or the window never built
            _collect_from_now()


def _collect_from_now() -> None:
    """The collector on again, what start-up made set aside first (``gc.freeze``): it lives as long as the
    window, and all of it was still in the collector's youngest generation — its first collection walked
    every object start-up had made, a twentieth of a new draft's start, on the GUI thread just after the
    first paint. Set aside, it is never walked again: what of it becomes garbage in a cycle (the first
    draft's pages, once closed) stays until the app quits."""
    gc.freeze()
    gc.enable()


def _run(args: argparse.Namespace) -> int:
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        qInstallMessageHandler(_quiet_offscreen)
    app = make_app()
    if args.screenshot:
        use_clerk(stderr_clerk())  # no one sees a message box of a screenshot run: say it where the caller looks
    if args.form and args.form not in FORMS:
        sys.stderr.write(f"错误：没有表单“{args.form}”。可用的表单：{'、'.join(FORMS)}\n")
        return 2
    window = MainWindow(start_page=not (args.open or args.form))  # a draft asked for is painted first
    window.picture_only = bool(args.screenshot)
    if args.open:
        if not window.open_path(Path(args.open), form_id=args.form) and args.screenshot:
            return 2
    elif args.form:
        window.new_draft(args.form)
    if window.stack.currentWidget() is None:  # the draft could not be opened: the start page instead
        window.show_start()
    if args.section is not None:
        pages = window.wizard.stack.count() if window.wizard is not None else 0  # the side list: 审核 last
        if not 1 <= args.section <= pages:
            where = f"这份申报共 {pages} 页，应为 1 到 {pages}" if pages else "须与 --open 或 --form 同用"
            sys.stderr.write(f"错误：--section {args.section} 不存在：{where}\n")
            return 2
        window.wizard.go_to(args.section - 1)
    window.show()
    if args.screenshot:
        for _ in range(5):
            app.processEvents()
        if window.grab().save(args.screenshot):
            return 0
        sys.stderr.write(f"错误：无法写入截图 {args.screenshot}：{_unwritable(Path(args.screenshot))}\n")
        return 3
    report_errors(window)
    _collect_from_now()  # the window is built; what the clerk does from here (a recovered draft first) is collected
    offer_recovery(window)
    return app.exec()
