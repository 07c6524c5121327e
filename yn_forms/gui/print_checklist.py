"""The 打印清单 tab of 预览: 装订顺序, 份数, 报送方式, and every place to sign or stamp to tick off before submission
(the ticks kept per draft)."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from yn_forms.render.printpack import PrintPack


class PrintPackWidget(QWidget):
    """装订顺序, 份数, and every place to sign or stamp as a list to tick off before submission."""

    def __init__(self, pack: PrintPack, settings_key: str) -> None:
        super().__init__()
        self.pack = pack
        self.settings = QSettings("yn-forms", "yn-forms")
        self.key = settings_key
        layout = QVBoxLayout(self)
        order = "\n".join(f"{i}. {name}" for i, name in enumerate(pack.order, start=1))
        for title, text in (("装订顺序", order), ("份数", pack.copies), ("报送方式", pack.how)):
            if text:
                label = QLabel(f"<b>{title}</b>")
                body = QLabel(text)
                body.setWordWrap(True)
                body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                layout.addWidget(label)
                layout.addWidget(body)
        layout.addWidget(QLabel("<b>签字、盖章处</b>（逐项核对后勾选）"))
        self.checklist = QListWidget()
        self.checklist.setAccessibleName("签字盖章核对清单")
        ticked = set(self.settings.value(self.key, [], list) or [])
        for place in pack.places:
            item = QListWidgetItem(place.describe())
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if place.describe() in ticked else Qt.CheckState.Unchecked)
            self.checklist.addItem(item)
        if not pack.places:
            self.checklist.addItem("生成的文件中没有需要签字或盖章的地方。")
        self.checklist.itemChanged.connect(self._changed)
        layout.addWidget(self.checklist, 1)
        self.status = QLabel()
        layout.addWidget(self.status)
        self._changed()

    def ticked(self) -> list[str]:
        items = (self.checklist.item(i) for i in range(self.checklist.count()))
        return [item.text() for item in items if item.checkState() == Qt.CheckState.Checked]

    def _changed(self, _item: QListWidgetItem | None = None) -> None:
        done = self.ticked()
        self.settings.setValue(self.key, done)
        total = len(self.pack.places)
        self.status.setText(f"已核对 {len(done)}/{total} 处" + ("，可以报送。" if total and len(done) == total else ""))
