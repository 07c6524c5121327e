"""Run the real app, type a draft as a clerk would, let autosave run, then wait to be killed.

The test that starts this process kills it with SIGKILL (no closeEvent, no
clean-up) and checks that the next start offers the autosave and restores every
value. What the window held is written to argv[1] for that comparison.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gui_helpers import click_option, find, type_into
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from yn_forms.gui.app import make_app
from yn_forms.gui.clerk import ScriptedClerk, use_clerk
from yn_forms.gui.window import MainWindow

app = make_app()
use_clerk(ScriptedClerk())  # nobody is there to answer a question
window = MainWindow()
window.show()
window.new_draft("innovation-centre")
wizard = window.wizard
type_into(find(wizard, "创新中心名称", QLineEdit), "云南省稀贵金属新材料制造业创新中心")
type_into(find(wizard, "负责人", QLineEdit), "李四")
type_into(find(wizard, "手机", QLineEdit), "13912345678")
wizard.go_to(1)  # a page change autosaves
QApplication.processEvents()
type_into(find(wizard, "前期组建总投入", QLineEdit), "1500.5")
type_into(find(wizard, "参与单位", QPlainTextEdit), "昆明理工大学\n云南大学")
click_option(find(wizard, "预期成果类型：专利"))
wizard.go_to(2)
QApplication.processEvents()
Path(sys.argv[1]).write_text(json.dumps(wizard.data, ensure_ascii=False), encoding="utf-8")
print("READY", flush=True)
time.sleep(600)
