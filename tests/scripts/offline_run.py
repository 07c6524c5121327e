"""Everything a clerk does in one process, with every network attempt recorded.

An audit hook (it cannot be removed once added, hence a process of its own) records
each socket connect, name lookup and URL open the interpreter makes; the run then
fills, validates and summarises every form through the CLI, binds a pack with a PDF that
links and runs JavaScript, and types, pages through and generates an application in the
real window. The audited events found are
printed as JSON on the last line; the test expects none.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

NETWORK_EVENTS = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
                  "socket.sendto", "socket.bind", "urllib.Request", "http.client.connect", "ftplib.connect",
                  "smtplib.connect", "webbrowser.open")
seen: list[str] = []


def _hook(event: str, args: tuple) -> None:
    if event in NETWORK_EVENTS:
        seen.append(f"{event} {args!r}"[:200])


sys.addaudithook(_hook)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from yn_forms.cli import main  # noqa: E402
from yn_forms.forms import FORMS, get_form  # noqa: E402

work = Path(tempfile.mkdtemp())
for form_id in FORMS:
    form = get_form(form_id)
    data = work / f"{form_id}.json"
    data.write_text(json.dumps(form.example(), ensure_ascii=False), encoding="utf-8")
    assert main(["validate", form_id, str(data)]) in (0, 1)
    assert main(["fill", form_id, str(data), "-o", str(work / form_id)]) == 0
    if form.summary is not None:
        assert main(["summary", form_id, str(data), str(data), "-o", str(work / f"{form_id}.xlsx")]) == 0

from pack_helpers import acting_pdf, photo  # noqa: E402

# the bound pack, with a PDF that links and runs JavaScript, and a photo
data = work / "innovation-centre.json"
assert main(["pack", "innovation-centre", str(data), "-o", str(work / "pack.pdf"),
             "--enclosure", f"章程={acting_pdf(work / 'acting.pdf')}",
             "--enclosure", f"执照={photo(work / 'p.jpg')}"]) == 0

from gui_helpers import find, type_into  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QLineEdit  # noqa: E402

from yn_forms.gui.app import make_app  # noqa: E402
from yn_forms.gui.clerk import ScriptedClerk, use_clerk  # noqa: E402
from yn_forms.gui.window import MainWindow  # noqa: E402

app = make_app()
use_clerk(ScriptedClerk())  # nobody is there to answer a question
window = MainWindow()
window.show()
window.new_draft("innovation-centre")
type_into(find(window.wizard, "创新中心名称", QLineEdit), "云南省稀贵金属新材料制造业创新中心")
for index in range(len(window.wizard.pages)):
    window.wizard.go_to(index)
    app.processEvents()
loop = QEventLoop()
written: list = []
window.generated.connect(lambda paths: (written.extend(paths), loop.quit()))
QTimer.singleShot(60_000, loop.quit)
window.write_documents(work / "gui", with_pdf=False)
loop.exec()
assert written, "the window generated nothing"
window.close()

print(json.dumps({"events": seen, "qt_network": "PySide6.QtNetwork" in sys.modules}, ensure_ascii=False))
