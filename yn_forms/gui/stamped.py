"""盖章扫描件…: the stamped pages scanned, put in place of those pages of the bound 申报材料.

After printing the 装订版, the clerk has pages signed and stamped (the 申报书's 盖章 page, the 协议's
signature pages), scans them and says which pages each scan replaces — by the numbers printed at
their feet. The bound PDF, and its copy for upload when the clerk has one made, is written again
from the draft with the scans in place (``PackStep(replacements=)``, as ``yn-forms pack --replace``),
the documents rendered in a private folder: the Word files and their PDFs beside it are not touched.
A scan of the wrong number of pages is refused, saying how many more or fewer it has, and nothing
is written. The scans given are remembered per draft: the members' signature pages arriving a week
after the 申报书's seal are added to it, not in its place.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from yn_forms.core.enclosure_store import EnclosureStore
from yn_forms.core.formdef import FormDefinition
from yn_forms.gui import submission
from yn_forms.gui.clerk import clerk
from yn_forms.gui.tasks import Report, run_task
from yn_forms.gui.widgets import fit_to_screen

SCAN_FILTER = "扫描件 (*.pdf *.PDF *.jpg *.JPG *.jpeg *.JPEG *.png *.PNG *.tif *.TIF *.tiff *.TIFF);;所有文件 (*)"
Spec = tuple[int, int, Path]  # the first and last page replaced (as printed), the scan


class StampRefused(Exception):
    """Why the bound PDF was not written again; the message is the clerk's."""


def pages_text(first: int, last: int) -> str:
    return f"第 {first} 页" if first == last else f"第 {first}–{last} 页"


class StampedDialog(QDialog):
    """The scans of stamped pages for one draft's 装订版: which pages, which file; 生成装订版 writes it again."""

    def __init__(self, parent: QWidget, form: FormDefinition, settings: QSettings, key: str, folder: Path,
                 write: Callable[[StampedDialog], None]) -> None:
        super().__init__(parent)
        self.setWindowTitle("盖章扫描件")
        fit_to_screen(self, 640, 460)
        self.form, self.settings, self.key, self.folder = form, settings, f"stamped/{key}", folder
        self.specs: list[Spec] = self._remembered()
        layout = QVBoxLayout(self)
        about = QLabel("打印装订版、盖章签字后，把盖过章的页面扫描下来，在这里替换装订版中的那几页，"
                       "网上提交的文件就带有印章。页码按装订版页脚印的页码填写（目录页不计）；"
                       "扫描件（PDF 或图片）的页数须与替换的页数相同。")
        about.setWordWrap(True)
        about.setObjectName("pageHint")
        self.place = QLabel()
        self.place.setWordWrap(True)
        self.place.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        change = QPushButton("更改文件夹…")
        change.clicked.connect(self._change_folder)
        where = QHBoxLayout()
        where.addWidget(self.place, 1)
        where.addWidget(change)
        self.list = QListWidget()
        self.list.setAccessibleName("已添加的盖章扫描件")
        self.pages = QLineEdit()
        self.pages.setPlaceholderText("页码，如 3 或 5-6")
        self.pages.setAccessibleName("替换的页码")
        self.pages.setMaximumWidth(200)
        self.add_button = QPushButton("选择扫描件并添加…")
        self.add_button.clicked.connect(self.add)
        self.pages.returnPressed.connect(self.add)
        self.remove_button = QPushButton("删除所选")
        self.remove_button.clicked.connect(self.remove)
        adding = QHBoxLayout()
        adding.addWidget(QLabel("替换装订版的"))
        adding.addWidget(self.pages)
        adding.addWidget(self.add_button)
        adding.addStretch(1)
        adding.addWidget(self.remove_button)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828;")
        buttons = QDialogButtonBox()
        self.write_button = QPushButton("生成装订版")
        self.write_button.setToolTip("用这些扫描件替换相应的页，重新写出装订版 PDF（及网上提交版）")
        buttons.addButton(self.write_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.write_button.clicked.connect(lambda: write(self))
        buttons.rejected.connect(self.reject)
        layout.addWidget(about)
        layout.addLayout(where)
        layout.addWidget(self.list, 1)
        layout.addLayout(adding)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self._show()
        self.pages.setFocus(Qt.FocusReason.OtherFocusReason)  # the page numbers are asked first

    def _remembered(self) -> list[Spec]:
        specs = []
        for line in self.settings.value(self.key, [], list) or []:
            pages, _, file = str(line).partition("\t")
            first, _, last = pages.partition("-")
            if first.isdecimal() and last.isdecimal() and file:
                specs.append((int(first), int(last), Path(file)))
        return specs

    def _show(self) -> None:
        from yn_forms.render.pack import PACK_NAME

        self.specs.sort(key=lambda spec: spec[0])
        self.settings.setValue(self.key, [f"{a}-{b}\t{path}" for a, b, path in self.specs])
        self.list.clear()
        for first, last, path in self.specs:
            item = QListWidgetItem(f"{pages_text(first, last)} ← {path.name}")
            item.setToolTip(str(path))
            self.list.addItem(item)
        if not self.specs:
            hint = QListWidgetItem("还没有扫描件：在下面填写页码，再选择扫描件。")
            hint.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(hint)
        self.write_button.setEnabled(bool(self.specs))
        self.remove_button.setEnabled(bool(self.specs))
        self.place.setText(f"写入：{self.folder / PACK_NAME.format(name=self.form.name)}")

    def _change_folder(self) -> None:
        chosen = clerk().folder(self, "选择装订版所在的文件夹", self.folder)
        if chosen is not None:
            self.folder = chosen
            self._show()

    def add(self) -> None:
        """The pages typed and a scan chosen: one more replacement (a page replaced twice is refused)."""
        from yn_forms.render.pack.parts import page_range

        try:
            found = page_range(self.pages.text())
        except ValueError as exc:
            self.problem.setText(str(exc))
            return
        if found is None:
            self.problem.setText("请先填写要替换的页码：一个页码（如 3）或一段页码（如 5-6），按装订版页脚的页码。")
            self.pages.setFocus()
            return
        first, last = found
        clash = next((s for s in self.specs if s[0] <= last and first <= s[1]), None)
        if clash is not None:
            self.problem.setText(f"{pages_text(first, last)}与已添加的{pages_text(clash[0], clash[1])}"
                                 f"（{clash[2].name}）重叠：同一页只能替换一次，请先删除那一项。")
            return
        scan = clerk().open_path(self, f"选择替换{pages_text(first, last)}的扫描件",
                                 self.specs[-1][2].parent if self.specs else self.folder, SCAN_FILTER)
        if scan is None:
            return
        self.specs.append((first, last, scan))
        self.problem.setText("")
        self.pages.clear()
        self._show()

    def remove(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.specs):
            del self.specs[row]
            self._show()


def open_stamped(parent: QWidget, form: FormDefinition, data: dict[str, Any], settings: QSettings, key: str, *,
                 folder: Path, store: EnclosureStore | None, soffice: str | os.PathLike[str] | None,
                 upload_mb: float | None, written: Callable[[Path], None] = lambda _path: None) -> StampedDialog:
    """盖章扫描件… for the draft of *key*: the dialog, over *parent*; the bound PDF is written into *folder* (where
    it was generated), and *written* hears of it."""
    def write(dialog: StampedDialog) -> None:
        specs, out = list(dialog.specs), dialog.folder

        def work(report: Report) -> Any:
            from yn_forms.render.documents import produce
            from yn_forms.render.enclosures import EnclosureFileError
            from yn_forms.render.pack.parts import read_replacements

            try:
                replacements = read_replacements(specs)
            except EnclosureFileError as exc:
                raise StampRefused(f"{exc}。装订版没有改动。") from None
            items, unbound = submission.bound_items(form, data, store)
            if unbound:
                raise StampRefused(f"未能装订：{unbound}")
            step = submission.pack_step(form, out, items, soffice=soffice, upload_mb=upload_mb,
                                        replacements=replacements, document_pdfs=False)
            with tempfile.TemporaryDirectory(prefix="yn-stamped-") as documents:
                produce(form, data, Path(documents), steps=[step], report=report, stop=report.stopped)
            if step.failure is not None:
                raise StampRefused(step.failure.message)
            return step

        def done(step: Any) -> None:
            replaced = "、".join(f"{pages_text(a, b)}（{path.name}）" for a, b, path in specs)
            made = [step.out] + ([step.upload] if step.upload_bound is not None else [])
            text = (f"已用盖章扫描件替换装订版的{replaced}，重新写出：\n" + "\n".join(f"  {p.name}" for p in made)
                    + f"\n\n{step.summary()}。" + (f"\n\n{step.upload_note}" if step.upload_note else ""))
            written(step.out)
            clerk().show_written(dialog, "已替换盖章页", text, "打开装订版", step.out, out)

        run_task(dialog, work, on_done=done, on_failed=lambda message: clerk().warn(dialog, "未能替换", message),
                 busy="正在用扫描件替换装订版中的页…", title="盖章扫描件", expected=(StampRefused,),
                 cancellable=True)

    dialog = StampedDialog(parent, form, settings, key, folder, write)
    dialog.show()
    return dialog
