"""The main window's menus: 文件, 编辑, 工具, 帮助, each item with its access letter and shortcut, and which
of them are offered for what is on screen.

A mixin of ``gui.window.MainWindow``, kept apart so that the window stays one module a reader can hold;
the items' slots are the window's own methods.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence

from yn_forms.forms import FORMS
from yn_forms.gui.choices import OutputChoices
from yn_forms.gui.clerk import clerk


class MenuBar:
    """The menu bar of ``MainWindow`` (a ``QMainWindow``)."""

    stack: Any
    _start: Any
    wizard: Any
    packet_page: Any
    settings: Any

    def _menus(self) -> None:
        """The menus, each item with its access letter (Alt+F, then the letter) and its shortcut."""
        self._menu("文件(&F)", (
            ("打开草稿(&O)…", QKeySequence.StandardKey.Open, self.open_dialog,
             "打开草稿、JSON 申报数据或成员单位数据包"),
            ("保存(&S)", QKeySequence.StandardKey.Save, self._save_shown, ""),
            ("另存为(&A)…", QKeySequence.StandardKey.SaveAs, self.save_as, ""),
            ("从 Word 导入(&W)…", None, self.import_word,
             "读取填好的 Word 附件（.docx）：新建草稿，或与当前草稿比较后导入"),
            None,
            ("生成申报材料(&G)…", QKeySequence("Ctrl+G"), self.generate,
             "写出 Word 文件，有 LibreOffice 时同时写出 PDF"),
            ("同时生成 PDF(&D)", None, lambda: self.choices.remember_pdf(),
             "生成申报材料时，用 LibreOffice 同时生成各附件的 PDF 和装订版 PDF（含目录、页码和证明材料）"),
            ("同时生成网上提交版(&U)…", None, lambda: self.choices.choose_upload(self),
             "生成申报材料时，另生成一份较小的装订版 PDF，供网上申报系统上传（可设大小上限）"),
            ("预览和打印(&P)…", QKeySequence.StandardKey.Print, self.preview, ""),
            ("盖章扫描件(&K)…", None, self.stamped_scans,
             "把盖章、签字后扫描的页面放进装订版 PDF，替换原来的那几页"),
            None,
            ("返回首页(&H)", None, self.go_home, ""),
            ("退出(&X)", QKeySequence.StandardKey.Quit, self.close, ""),
        ))
        self.save_action = self.findChild(QAction, "保存(&S)")
        self.draft_actions = [self.findChild(QAction, name) for name in (
            "另存为(&A)…", "生成申报材料(&G)…", "预览和打印(&P)…", "盖章扫描件(&K)…")]
        self.home_action = self.findChild(QAction, "返回首页(&H)")
        self.stack.currentChanged.connect(self._update_actions)
        self._update_actions()
        self.pdf_action = self.findChild(QAction, "同时生成 PDF(&D)")
        self.choices = OutputChoices(self.settings, self.pdf_action, self.findChild(QAction, "同时生成网上提交版(&U)…"))
        edit = self.menuBar().addMenu("编辑(&E)")
        self.undo_action = QAction("撤销(&U)", self)
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction("重做(&R)", self)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.redo_action.triggered.connect(self.redo)
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        self._update_history()
        self._menu("工具(&T)", (
            ("单位信息库(&U)…", None, self.open_units,
             "保存常用单位的信息，在各申报表中一键填入；可从 Excel 导入、导出"),
            ("汇总表(&S)…", None, self.open_summary, "把各单位报来的多份申报汇总成正式的汇总表（.xlsx）"),
            ("LibreOffice 位置(&L)…", None, lambda: self.choices.choose_soffice(self),
             "预览和 PDF 需要 LibreOffice；自动找不到时，在这里指定 soffice 程序"),
        ))
        self._menu("帮助(&H)", (("关于(&A)", None, self.about, ""),))

    def _update_actions(self) -> None:
        """What acts on an application is offered only while one is on screen: on the start page 保存 or
        预览 would have nothing to act on, and on a member's packet page they would act on the application
        hidden behind it."""
        current = self.stack.currentWidget()
        on_draft = self.wizard is not None and current is self.wizard
        for action in self.draft_actions:
            action.setEnabled(on_draft)
        self.save_action.setEnabled(on_draft or (self.packet_page is not None and current is self.packet_page))
        self.home_action.setEnabled(current is not self._start)  # not built (a window opened on a draft): not on it

    def _menu(self, title: str, items: tuple) -> None:
        menu = self.menuBar().addMenu(title)
        for item in items:
            if item is None:
                menu.addSeparator()
                continue
            text, shortcut, slot, tip = item
            action = QAction(text, self)
            action.setObjectName(text)
            if shortcut is not None:
                action.setShortcut(shortcut)
            if tip:
                action.setToolTip(tip)
                action.setStatusTip(tip)
            action.triggered.connect(slot)
            menu.addAction(action)
        menu.setToolTipsVisible(True)

    def about(self) -> None:
        """帮助 › 关于: the version, and the notice each form follows."""
        from yn_forms import __version__

        lines = [f"云南申报材料填报助手 {__version__}", "",
                 "离线填写申报材料：逐项检查，生成与正式附件一致的 Word/Excel 文件。不联网，数据只保存在本机。", "",
                 "依据的通知和附件："]
        lines += [f"· {form.name}：{form.department}，{form.description}" for form in FORMS.values()]
        clerk().tell(self, "关于", "\n".join(lines))

