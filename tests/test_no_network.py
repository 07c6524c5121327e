"""The app is offline: it never opens a connection, not even a name lookup.

Enterprises fill these forms on office PCs that may be cut off from the Internet,
and the data (names, phone numbers, finances) must stay on the machine. A process
records every network attempt through an audit hook while it runs the CLI over
every form and the wizard from typing to the generated documents.

A replacement template may try to take LibreOffice online (a linked picture, a hyperlink,
an OLE link, a field that fetches). Against a web server on 127.0.0.1 that counts requests,
``fill --pdf`` and 预览 with such a template make none and refuse it; LibreOffice handed
such a file directly fetches nothing either, by its settings alone and by its network
namespace alone — and does fetch without both, which shows the server would have seen it.
"""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from yn_forms.cli import main
from yn_forms.core.draft import save_draft
from yn_forms.forms import get_form
from yn_forms.paths import user_templates_dir
from yn_forms.render.pdf import convert_to_pdf

sys.path.insert(0, str(Path(__file__).parent))
from hostile_docx import OUTSIDE, reaching_out

SCRIPT = Path(__file__).parent / "scripts" / "offline_run.py"


@pytest.mark.slow
def test_a_full_fill_and_a_wizard_run_make_no_network_connection(tmp_path):
    env = {"QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "c"),
           "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=300, env=env,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["events"] == []
    assert report["qt_network"] is False


def test_the_audit_would_see_a_connection(tmp_path):
    """The hook the run relies on does record a connect attempt (a refused one, to localhost)."""
    probe = (
        "import sys, socket, json\n"
        "seen = []\n"
        "sys.addaudithook(lambda e, a: seen.append(e) if e == 'socket.connect' else None)\n"
        "s = socket.socket()\n"
        "try:\n    s.connect(('127.0.0.1', 9))\nexcept OSError:\n    pass\n"
        "print(json.dumps(seen))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert json.loads(done.stdout) == ["socket.connect"]


# --- a replacement template that reaches outside, against a server on this machine ---------------



class _Counting(http.server.BaseHTTPRequestHandler):
    """Answers anything with a tiny PNG and remembers the request: the server a template points at."""

    hits: list[str]

    def _answer(self) -> None:
        self.hits.append(f"{self.command} {self.path}")
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(PNG)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(PNG)

    do_GET = do_HEAD = do_POST = do_OPTIONS = do_PROPFIND = _answer

    def log_message(self, *args) -> None:
        pass


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@pytest.fixture
def server():
    """A web server on 127.0.0.1 at a random port, counting every request made to it."""
    hits: list[str] = []
    handler = type("Handler", (_Counting,), {"hits": hits})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.hits = hits
    httpd.url = lambda name: f"http://127.0.0.1:{httpd.server_address[1]}/{name.replace(' ', '-')}.png"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.office
@pytest.mark.parametrize("kind", list(OUTSIDE))
def test_fill_pdf_with_a_template_reaching_outside_makes_no_request(capsys, tmp_path, server, example, write_json,
                                                                    kind):
    folder = reaching_out(tmp_path / "tpl", kind, server.url(kind)).parent
    out = tmp_path / "out"
    code = main(["fill", "innovation-centre", str(write_json(example)), "-o", str(out), "--pdf",
                 "--templates", str(folder)])
    err = capsys.readouterr().err
    assert code == 2 and "指向本机以外的内容" in err
    assert not out.exists() or list(out.iterdir()) == []
    assert server.hits == []


@pytest.mark.office
@pytest.mark.parametrize("kind", list(OUTSIDE))
def test_preview_with_a_user_template_reaching_outside_makes_no_request(window, qtbot, tmp_path, server, example,
                                                                        clerk, kind):
    reaching_out(user_templates_dir() / "innovation-centre", kind, server.url(kind))
    draft = tmp_path / "a.ynform"
    save_draft(draft, get_form("innovation-centre"), example)
    window.open_path(draft)
    with qtbot.waitSignal(window.previewed, timeout=120_000) as signal:
        window.preview()
    assert signal.args[0] == []
    _kind, title, text = clerk.said[-1]
    assert title == "无法预览" and "指向本机以外的内容" in text and OUTSIDE[kind][1] in text
    assert "意外" not in text
    assert server.hits == []


@pytest.mark.office
@pytest.mark.parametrize("wall", ["settings", "namespace"])
def test_libreoffice_alone_fetches_nothing_either(tmp_path, server, monkeypatch, wall):
    """The second wall: a linked picture handed straight to LibreOffice (as if the refusal had missed it)
    is not fetched — by the profile's settings alone, and by the network namespace alone."""
    import yn_forms.render.offline as offline
    import yn_forms.render.pdf as pdf

    if wall == "settings":
        monkeypatch.setattr(offline, "USE_NETWORK_NAMESPACE", False)
    else:
        if offline._network_namespace() is None:
            pytest.skip("no unprivileged network namespace on this system")
        monkeypatch.setattr(pdf, "write_offline_settings", lambda folder: None)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # a fresh profile, settings as given here
    hostile = reaching_out(tmp_path / "tpl", "linked image", server.url(wall))
    made = convert_to_pdf([hostile], tmp_path / "out")
    assert made[0].read_bytes().startswith(b"%PDF-")
    assert server.hits == []


@pytest.mark.office
def test_libreoffice_would_fetch_without_the_walls(tmp_path, server, monkeypatch):
    """The control: with neither wall, the same file makes LibreOffice ask the server for the picture."""
    import yn_forms.render.offline as offline
    import yn_forms.render.pdf as pdf

    monkeypatch.setattr(offline, "USE_NETWORK_NAMESPACE", False)
    monkeypatch.setattr(pdf, "write_offline_settings", lambda folder: None)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    hostile = reaching_out(tmp_path / "tpl", "linked image", server.url("control"))
    convert_to_pdf([hostile], tmp_path / "out")
    assert server.hits, "the test server saw nothing: the walls above would prove nothing"


@pytest.mark.office
@pytest.mark.parametrize("kind", list(OUTSIDE))
def test_a_word_enclosure_reaching_outside_makes_no_request(capsys, tmp_path, server, example, write_json, kind):
    """A 证明材料 in Word that would fetch is refused before LibreOffice sees it; a hyperlink is kept as its
    text (nothing follows it while converting) and not as a link."""
    enclosure = reaching_out(tmp_path / "enclosure", kind, server.url(kind))
    out = tmp_path / "申报材料.pdf"
    code = main(["pack", "innovation-centre", str(write_json(example)), "-o", str(out),
                 "--enclosure", f"合作协议={enclosure}"])
    err = capsys.readouterr().err
    if kind in ("hyperlink", "field written by tags"):  # the second fetches nothing as written: its tags never run
        assert code == 0, err
        assert b"/URI" not in out.read_bytes() and b"/Annots" not in out.read_bytes()
    else:
        assert code == 2 and f"“{enclosure.name}”无法使用：文档中有从外部取内容的部分" in err
        assert not out.exists()
    assert server.hits == []
