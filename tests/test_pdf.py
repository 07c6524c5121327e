"""PDF through LibreOffice: real conversions checked with a PDF text extractor, and the hard cases.

Real LibreOffice converts whole applications (one call, the expected pages and
text, two at once). Stand-in ``soffice`` scripts play the cases real LibreOffice
will not do on demand: hanging with a child process, failing on one file. The
search for LibreOffice and the font report are tested for Windows, macOS and
Linux with injected systems.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pypdf import PdfReader

import yn_forms.render.soffice as soffice
from yn_forms.cli import main
from yn_forms.forms import get_form
from yn_forms.render.documents import fill_documents
from yn_forms.render.fonts import (
    PRESENT,
    SUBSTITUTE,
    Fontconfig,
    check_fonts,
    document_fonts,
    font_report,
)
from yn_forms.render.pdf import PdfError, convert_to_pdf, find_soffice, kill_tree, require_soffice
from yn_forms.render.profiles import profile, profiles_dir

SOFFICE = find_soffice()
posix_only = pytest.mark.skipif(os.name != "posix", reason="stand-in soffice scripts are POSIX scripts")
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
TEMPLATE_FONTS = {"宋体": True, "仿宋": True, "黑体": True, "楷体": True, "Times New Roman": False}


def text_of(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages).replace("\n", "")


def leftovers(folder: Path) -> list[str]:
    """Temporary files or folders of ours left in an output folder (there must be none)."""
    return [p.name for p in folder.iterdir() if p.name.startswith((".yn-pdf-", ".yn-out-"))]


def script(path: Path, body: str) -> Path:
    """An executable Python script (a stand-in for soffice)."""
    path.write_text(f"#!{sys.executable}\n" + textwrap.dedent(body), encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def logging_wrapper(tmp_path: Path) -> tuple[Path, Path]:
    """Real soffice behind a script that logs each call: how many calls, with which arguments."""
    log = tmp_path / "calls.log"
    wrapper = tmp_path / "bin" / "soffice"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\nexec "{SOFFICE}" "$@"\n')
    wrapper.chmod(0o755)
    return wrapper, log


# --------------------------------------------------------------------------- real LibreOffice

@pytest.mark.office
def test_application_converts_in_one_call_with_expected_pages(centre, example, tmp_path):
    docs = fill_documents(centre, example, tmp_path / "out")
    pdfs = convert_to_pdf(docs, tmp_path / "out")
    application = PdfReader(pdfs[0])
    # cover, 表1, 表2 and one 表3 per member unit
    assert len(application.pages) == 3 + len(example["members"])
    cover = application.pages[0].extract_text()
    assert "云南省制造业创新中心创建" in cover and example["cover"]["centre_name"] in cover.replace("\n", "")
    assert "☑" in application.pages[1].extract_text() and "□" in application.pages[1].extract_text()
    assert "八、保障措施" in text_of(pdfs[1])


@pytest.mark.office
def test_consortium_application_is_one_call_and_every_document_prints(tmp_path):
    form = get_form("innovation-consortium")
    data = form.example()
    out = tmp_path / "out"
    docs = fill_documents(form, data, out)
    wrapper, log = logging_wrapper(tmp_path)
    pdfs = convert_to_pdf(docs, out, soffice=wrapper)
    calls = log.read_text().splitlines()
    assert len(calls) == 1 and all(d.name in calls[0] for d in docs)  # the whole application, one LibreOffice
    assert "--norestore" in calls[0] and "-env:UserInstallation=file://" in calls[0]
    assert [p.name for p in pdfs] == [d.stem + ".pdf" for d in docs]
    assert sorted(p.name for p in out.iterdir()) == sorted([d.name for d in docs] + [p.name for p in pdfs])
    table, agreement, plan = (text_of(p) for p in pdfs)
    assert "云南省创新联合体组建申请表" in table and "填表说明" in table
    assert "组建协议" in agreement and "建设方案" in plan
    for unit in data["units"]:  # every unit is a party to the agreement, named as typed
        assert unit["name"] in agreement
    assert all(len(PdfReader(p).pages) >= 1 for p in pdfs) and len(PdfReader(pdfs[0]).pages) >= 3


@pytest.mark.office
def test_two_conversions_at_once_both_succeed_with_their_own_profiles(centre, example, tmp_path):
    wrapper, log = logging_wrapper(tmp_path)
    folders = [tmp_path / "a", tmp_path / "b"]
    docs = [fill_documents(centre, example, f) for f in folders]
    start = threading.Barrier(2)

    def convert(i: int) -> list[Path]:
        start.wait()
        return convert_to_pdf(docs[i], folders[i], soffice=wrapper)

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(convert, range(2)))
    for folder, pdfs in zip(folders, results, strict=True):
        assert [p.parent for p in pdfs] == [folder, folder]
        assert len(PdfReader(pdfs[0]).pages) == 3 + len(example["members"])
        assert example["cover"]["centre_name"] in text_of(pdfs[0])
        assert not leftovers(folder)
    profiles = {arg for line in log.read_text().splitlines() for arg in line.split()
                if arg.startswith("-env:UserInstallation=")}
    assert len(profiles) == 2


@pytest.mark.office
def test_fill_pdf_writes_word_and_pdf_and_notes_substituted_fonts(capsys, tmp_path, write_json, example):
    out = tmp_path / "out"
    code = main(["fill", "innovation-centre", str(write_json(example)), "-o", str(out), "--pdf"])
    stdout, stderr = capsys.readouterr()
    assert code == 0, stderr
    listed = [Path(line) for line in stdout.splitlines()]
    assert [p.suffix for p in listed] == [".docx", ".docx", ".pdf", ".pdf"]
    assert all(p.is_file() and p.stat().st_size > 0 for p in listed)
    summary = font_report(listed[:2]).summary()
    if summary:  # on a system without the Windows fonts: “仿宋 … 将以 Noto Serif CJK SC 代替”
        assert f"提示：PDF 中 {summary}。" in stderr


# --------------------------------------------------------------------------- stand-in soffice

FAKE = """\
import os, sys, time, pathlib
args = sys.argv[1:]
log = os.environ.get("FAKE_SOFFICE_LOG")
if log:
    with open(log, "a", encoding="utf-8") as f:
        f.write("\\t".join(args) + "\\n")
mode = os.environ.get("FAKE_SOFFICE_MODE", "ok")
outdir = pathlib.Path(args[args.index("--outdir") + 1])
files = [pathlib.Path(a) for a in args[args.index("--outdir") + 2:]]
if mode == "hang":
    import subprocess
    sys.stderr.write("fake soffice: loading documents\\n")
    sys.stderr.flush()
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    pathlib.Path(os.environ["FAKE_SOFFICE_PIDS"]).write_text(f"{os.getpid()} {child.pid}")
    (outdir / (files[0].stem + ".pdf")).write_bytes(b"%PDF-1.4 half")  # half-written when killed
    time.sleep(120)
for i, f in enumerate(files):
    target = outdir / (f.stem + ".pdf")
    if mode == "fail-second" and i == 1:
        target.write_bytes(b"")
        sys.stderr.write(f"Error: source file could not be loaded: {f}\\n")
        sys.exit(1)
    target.write_bytes(b"%PDF-1.4 " + f.name.encode())
"""


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(tmp_path / "fake.log"))
    (tmp_path / "fake").mkdir()
    return script(tmp_path / "fake" / "soffice", FAKE)


def word_files(folder: Path, *names: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(b"docx")
    return [folder / n for n in names]


@posix_only
def test_one_call_private_profile_norestore_and_pdfs_moved_into_place(fake_soffice, tmp_path):
    out = tmp_path / "out"
    docs = word_files(out, "附件1-申报书.docx", "附件2-计划书.docx")
    pdfs = convert_to_pdf(docs, out, soffice=fake_soffice)
    assert pdfs == [out / "附件1-申报书.pdf", out / "附件2-计划书.pdf"]
    assert pdfs[1].read_bytes() == "%PDF-1.4 附件2-计划书.docx".encode()
    (call,) = [line.split("\t") for line in (tmp_path / "fake.log").read_text(encoding="utf-8").splitlines()]
    assert {"--headless", "--norestore", "--convert-to", "pdf"} <= set(call)
    profile = next(a for a in call if a.startswith("-env:UserInstallation=file://"))
    assert str(out) not in profile  # the profile is the app's own, never in the clerk's folder
    workdir = Path(call[call.index("--outdir") + 1])
    assert workdir.parent == out and workdir.name.startswith(".yn-pdf-")  # converted beside, then moved
    assert not leftovers(out) and not workdir.exists()


@posix_only
def test_a_failed_file_leaves_no_pdf_and_quotes_libreoffice(fake_soffice, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "fail-second")
    out = tmp_path / "out"
    docs = word_files(out, "a.docx", "b.docx")
    (out / "b.pdf").write_bytes(b"%PDF-1.4 the old one")
    with pytest.raises(PdfError) as caught:
        convert_to_pdf(docs, out, soffice=fake_soffice)
    message = str(caught.value)
    assert "LibreOffice 未能把以下文件转换为 PDF：b.docx" in message and "Word 或 WPS" in message
    assert "Error: source file could not be loaded" in message and not caught.value.missing_office
    assert not (out / "a.pdf").exists()  # a good PDF is not moved in alone
    assert (out / "b.pdf").read_bytes() == b"%PDF-1.4 the old one"
    assert not leftovers(out)


def alive(pid: int) -> bool:
    """Running (a zombie waiting for a parent that will never reap it counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    except OSError:  # no /proc (macOS)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return state not in ("Z", "X")


@pytest.mark.slow
@posix_only
def test_hung_conversion_is_killed_on_time_with_its_children(fake_soffice, tmp_path, monkeypatch):
    pids = tmp_path / "pids"
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "hang")
    monkeypatch.setenv("FAKE_SOFFICE_PIDS", str(pids))
    out = tmp_path / "out"
    docs = word_files(out, "a.docx", "b.docx")
    (profiles_dir() / "0" / "user").mkdir(parents=True, exist_ok=True)  # a profile an earlier run made
    started = time.monotonic()
    with pytest.raises(PdfError) as caught:
        convert_to_pdf(docs, out, soffice=fake_soffice, timeout=3)
    assert time.monotonic() - started < 20
    message = str(caught.value)
    assert "LibreOffice 在 3 秒内没有完成转换，已被终止" in message and "Word 或 WPS" in message
    assert "fake soffice: loading documents" in message
    soffice_pid, child_pid = map(int, pids.read_text().split())
    deadline = time.monotonic() + 5
    while (alive(soffice_pid) or alive(child_pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(soffice_pid) and not alive(child_pid)
    assert sorted(p.name for p in out.iterdir()) == ["a.docx", "b.docx"]  # the half-written PDF is gone
    assert not (profiles_dir() / "0").exists()  # the killed LibreOffice's profile is not reused


def profile_of(log: Path) -> list[str]:
    return [a.split("=", 1)[1] for line in log.read_text(encoding="utf-8").splitlines()
            for a in line.split("\t") if a.startswith("-env:UserInstallation=")]


@posix_only
def test_the_profile_is_kept_in_the_cache_and_reused_one_conversion_at_a_time(fake_soffice, tmp_path):
    out = tmp_path / "out"
    docs = word_files(out, "a.docx")
    convert_to_pdf(docs, out, soffice=fake_soffice)
    convert_to_pdf(docs, out, soffice=fake_soffice)
    first, second = profile_of(tmp_path / "fake.log")
    assert first == second == (profiles_dir() / "0").resolve().as_uri()  # made once, used again
    with profile() as held:  # another conversion (another copy of the app) is running in it
        assert held.kept and held.folder == profiles_dir() / "0"
        convert_to_pdf(docs, out, soffice=fake_soffice)
    assert profile_of(tmp_path / "fake.log")[-1] == (profiles_dir() / "1").resolve().as_uri()


@posix_only
def test_a_cache_that_cannot_be_written_gives_a_throwaway_profile(fake_soffice, tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    out = tmp_path / "out"
    assert convert_to_pdf(word_files(out, "a.docx"), out, soffice=fake_soffice) == [out / "a.pdf"]
    (used,) = profile_of(tmp_path / "fake.log")
    assert str(blocked) not in used


def test_windows_kill_reaches_the_children_with_taskkill():
    calls = []

    class Proc:
        pid = 4242
        killed = False

        def kill(self):
            self.killed = True

    proc = Proc()
    kill_tree(proc, posix=False, run=lambda args, **kw: calls.append(args))  # type: ignore[arg-type]
    assert calls == [["taskkill", "/T", "/F", "/PID", "4242"]] and proc.killed


# --------------------------------------------------------------------------- outputs that cannot be written

@posix_only
def test_read_only_pdf_is_refused_before_libreoffice_runs(fake_soffice, tmp_path):
    out = tmp_path / "out"
    docs = word_files(out, "a.docx")
    old = out / "a.pdf"
    old.write_bytes(b"%PDF-1.4 old")
    old.chmod(0o444)
    with pytest.raises(PdfError, match="只读"):
        convert_to_pdf(docs, out, soffice=fake_soffice)
    assert old.read_bytes() == b"%PDF-1.4 old" and not (tmp_path / "fake.log").exists()
    assert not leftovers(out)


@posix_only
def test_pdf_held_open_by_another_program_is_left_alone(fake_soffice, tmp_path, monkeypatch):
    """Windows refuses to replace a PDF a viewer holds; simulate that refusal."""
    out = tmp_path / "out"
    docs = word_files(out, "a.docx", "b.docx")
    held = out / "b.pdf"
    held.write_bytes(b"%PDF-1.4 open in a viewer")
    real_replace = os.replace

    def refuse(src, dst):  # Windows: a file held open can be neither replaced nor renamed
        if held in (Path(src), Path(dst)):
            raise PermissionError(13, "The process cannot access the file")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PdfError, match="占用"):
        convert_to_pdf(docs, out, soffice=fake_soffice)
    assert held.read_bytes() == b"%PDF-1.4 open in a viewer"
    assert not leftovers(out)


@posix_only
def test_output_that_is_not_a_folder(fake_soffice, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    docs = word_files(tmp_path / "in", "a.docx")
    with pytest.raises(PdfError, match=r"无法创建输出文件夹|不是文件夹"):
        convert_to_pdf(docs, blocker / "sub", soffice=fake_soffice)


# --------------------------------------------------------------------------- LibreOffice missing

@pytest.fixture
def no_office(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("YN_FORMS_SOFFICE", raising=False)
    monkeypatch.setattr(soffice, "LINUX_PLACES", [])
    monkeypatch.setattr(soffice, "MAC_PLACES", [])
    monkeypatch.setattr(soffice, "PROGRAM_FILES_VARS", ())
    monkeypatch.setattr(soffice, "_app_paths", lambda: [])


def test_missing_libreoffice_is_reported_plainly(no_office, tmp_path):
    assert find_soffice() is None
    with pytest.raises(PdfError) as caught:
        convert_to_pdf([tmp_path / "a.docx"], tmp_path)
    assert caught.value.missing_office
    message = str(caught.value)
    assert message.startswith("未找到 LibreOffice，无法生成 PDF。Word 文件已经生成，可以用 Word 或 WPS 打开后打印。")
    assert "YN_FORMS_SOFFICE" in message
    with pytest.raises(PdfError, match="设置的位置“/nowhere/soffice”不是 LibreOffice 程序"):
        require_soffice("/nowhere/soffice")


def test_fill_pdf_without_libreoffice_writes_word_files_and_exits_3(no_office, capsys, tmp_path, write_json,
                                                                     example):
    out = tmp_path / "out"
    code = main(["fill", "innovation-centre", str(write_json(example)), "-o", str(out), "--pdf"])
    stdout, stderr = capsys.readouterr()
    assert code == 3
    written = [Path(line) for line in stdout.splitlines()]
    assert len(written) == 2 and all(p.suffix == ".docx" and p.is_file() for p in written)
    assert "错误：未找到 LibreOffice" in stderr and "Word 文件已经生成" in stderr
    assert not list(out.glob("*.pdf")) and not leftovers(out)


# --------------------------------------------------------------------------- finding LibreOffice

def program(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def nothing(_name: str) -> None:
    return None


def test_windows_search_registry_then_program_files(tmp_path):
    x86 = program(tmp_path / "Program Files (x86)" / "LibreOffice" / "program" / "soffice.exe")
    environ = {"ProgramFiles": str(tmp_path / "Program Files"),
               "ProgramFiles(x86)": str(tmp_path / "Program Files (x86)"),
               "ProgramW6432": str(tmp_path / "Program Files")}
    search = {"platform": "win32", "environ": environ, "which": nothing}
    assert find_soffice(registry=lambda: [], **search) == x86  # 32-bit office on 64-bit Windows
    native = program(tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe")
    assert find_soffice(registry=lambda: [], **search) == native
    custom = program(tmp_path / "D" / "Office" / "program" / "soffice.exe")
    environ["OfficeRoot"] = str(tmp_path / "D")
    # App Paths values may be quoted and hold %VARIABLES% (any case); a stale value is passed over
    registry = [str(tmp_path / "gone" / "soffice.exe"), '"%OFFICEROOT%/Office/program/soffice.exe"']
    assert find_soffice(registry=lambda: registry, **search) == custom
    assert find_soffice(registry=lambda: [], platform="win32", environ={}, which=nothing) is None


def test_windows_search_reads_the_registry_only_on_windows():
    """Off Windows the default registry reader reads nothing, and winreg is never imported."""
    assert list(soffice._app_paths()) == [] or sys.platform == "win32"
    if sys.platform != "win32":
        assert "winreg" not in sys.modules


def test_configured_path_then_environment_then_path(tmp_path, monkeypatch):
    monkeypatch.setattr(soffice, "LINUX_PLACES", [])
    on_path = program(tmp_path / "bin" / "libreoffice")
    from_env = program(tmp_path / "env" / "soffice")
    chosen = program(tmp_path / "chosen" / "program" / "soffice")
    environ = {"YN_FORMS_SOFFICE": str(from_env)}
    which = {"libreoffice": str(on_path)}.get
    assert find_soffice(platform="linux", environ={}, which=which) == on_path
    assert find_soffice(platform="linux", environ=environ, which=which) == from_env
    # the folder the clerk picked in the app is looked into
    assert find_soffice(tmp_path / "chosen", platform="linux", environ=environ, which=which) == chosen
    assert find_soffice(tmp_path / "nothing", platform="linux", environ=environ, which=which) == from_env
    (tmp_path / "text").write_text("not a program")
    assert find_soffice(tmp_path / "text", platform="linux", environ={}, which=nothing) is None


def test_linux_and_mac_places(tmp_path, monkeypatch):
    old = program(tmp_path / "opt" / "libreoffice7.6" / "program" / "soffice")
    new = program(tmp_path / "opt" / "libreoffice24.2" / "program" / "soffice")
    monkeypatch.setattr(soffice, "LINUX_PLACES", [str(tmp_path / "usr/lib/libreoffice/program/soffice"),
                                              str(tmp_path / "opt" / "libreoffice*" / "program" / "soffice")])
    assert find_soffice(platform="linux", environ={}, which=nothing) == new
    distro = program(tmp_path / "usr/lib/libreoffice/program/soffice")
    assert find_soffice(platform="linux", environ={}, which=nothing) == distro
    assert old.exists()
    app = program(tmp_path / "Applications/LibreOffice.app/Contents/MacOS/soffice")
    monkeypatch.setattr(soffice, "MAC_PLACES", [str(app)])
    assert find_soffice(platform="darwin", environ={}, which=nothing) == app
    assert find_soffice(tmp_path / "Applications/LibreOffice.app", platform="darwin", environ={},
                        which=nothing) == app


# --------------------------------------------------------------------------- fonts

def test_fonts_are_read_from_the_styles_in_use_and_the_runs(tmp_path):
    templates = sorted(TEMPLATES.glob("*/*.docx"))
    fonts = document_fonts(templates)
    assert TEMPLATE_FONTS.items() <= fonts.items()
    assert "Courier" not in fonts  # Word's unused 宏文本 style is not counted
    import docx

    plain = docx.Document()
    plain.add_paragraph("正文")
    run = plain.add_paragraph().add_run("标题")
    run.font.name = "Arial"
    run._element.rPr.rFonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "微软雅黑")
    plain.save(tmp_path / "plain.docx")
    # Word's own documents name their fonts through the theme (minorEastAsia → 宋体 for zh-Hans)
    assert document_fonts([tmp_path / "plain.docx"]) == {"宋体": True, "Cambria": False, "Arial": False,
                                                          "微软雅黑": True}


def fake_fontconfig(faces: dict[str, str], *, symbols: str = "☑□", chinese: str = "Noto Sans CJK SC") -> Fontconfig:
    """fc-match/fc-list answering from *faces* (pattern → "family,…\\tlang|lang")."""
    def run(args: list[str]) -> str:
        if args[0] == "fc-match":
            pattern = args[-1]
            if pattern == ":lang=zh-cn":
                return f"{chinese}\ten|zh-cn\n" if chinese else "DejaVu Sans\ten|fr\n"
            return faces.get(pattern, "DejaVu Sans\ten|fr|de") + "\n"
        assert args[0] == "fc-list" and args[1].startswith(":charset=")
        return "DejaVu Sans\n" if chr(int(args[1].split("=")[1], 16)) in symbols else ""

    return Fontconfig(run=run)


def test_linux_report_names_each_substitute(tmp_path):
    fc = fake_fontconfig({
        "宋体": "SimSun,宋体\ten|zh-cn",  # the real font is installed
        "仿宋": "Noto Serif CJK SC\ten|ja|zh-cn|zh-tw",
        "黑体": "Noto Sans CJK SC\ten|zh-cn",
        "楷体": "DejaVu Serif\ten|fr",  # no alias: LibreOffice falls back glyph by glyph
        "Times New Roman": "Liberation Serif\ten|fr",
    })
    report = check_fonts(TEMPLATE_FONTS, platform="linux", fontconfig=fc)
    status = {f.name: (f.status, f.used) for f in report.fonts}
    assert status == {"宋体": (PRESENT, None), "仿宋": (SUBSTITUTE, "Noto Serif CJK SC"),
                      "黑体": (SUBSTITUTE, "Noto Sans CJK SC"), "楷体": (SUBSTITUTE, "Noto Sans CJK SC"),
                      "Times New Roman": (SUBSTITUTE, "Liberation Serif")}
    assert report.summary() == ("仿宋 将以 Noto Serif CJK SC 代替；黑体、楷体 将以 Noto Sans CJK SC 代替；"
                                "Times New Roman 将以 Liberation Serif 代替")
    assert report.warnings() == [] and report.notes() == [f"提示：PDF 中 {report.summary()}。"]


def test_linux_without_any_chinese_font_warns_of_empty_boxes():
    report = check_fonts(TEMPLATE_FONTS, platform="linux", fontconfig=fake_fontconfig({}, symbols="□", chinese=""))
    assert {f.name for f in report.missing} == {"宋体", "仿宋", "黑体", "楷体"}
    warnings = report.warnings()
    assert "系统中没有能显示中文的字体" in warnings[0] and "空白方框" in warnings[0] and "fonts-noto-cjk" in warnings[0]
    assert report.symbols_missing == ["☑"] and "☑" in warnings[1] and "空白方框" in warnings[1]
    assert all(n.startswith(("提示：", "警告：")) for n in report.notes())


def test_no_fontconfig_claims_nothing():
    def missing(args):
        raise FileNotFoundError(args[0])

    report = check_fonts(TEMPLATE_FONTS, platform="linux", fontconfig=Fontconfig(run=missing))
    assert not report.checked and report.notes() == []


def test_windows_report_from_the_fonts_folder(tmp_path):
    fonts = tmp_path / "Fonts"
    fonts.mkdir()
    for name in ("SIMSUN.TTC", "simhei.ttf", "times.ttf"):
        (fonts / name).write_bytes(b"")
    report = check_fonts(TEMPLATE_FONTS, platform="win32", font_dirs=[fonts])
    status = {f.name: (f.status, f.used) for f in report.fonts}
    assert status == {"宋体": (PRESENT, None), "黑体": (PRESENT, None), "Times New Roman": (PRESENT, None),
                      "仿宋": (SUBSTITUTE, "宋体"), "楷体": (SUBSTITUTE, "宋体")}
    assert report.summary() == "仿宋、楷体 将以 宋体 代替"
    bare = check_fonts(TEMPLATE_FONTS, platform="win32", font_dirs=[tmp_path / "empty"])
    assert {f.name for f in bare.missing} == {"宋体", "仿宋", "黑体", "楷体"} and "空白方框" in bare.warnings()[0]
    assert ("Times New Roman", "Liberation Serif") in [(f.name, f.used) for f in bare.substitutions]


def test_mac_report_from_the_system_fonts(tmp_path):
    fonts = tmp_path / "Supplemental"
    fonts.mkdir()
    (fonts / "Songti.ttc").write_bytes(b"")
    (fonts / "Times New Roman.ttf").write_bytes(b"")
    report = check_fonts(TEMPLATE_FONTS, platform="darwin", font_dirs=[fonts])
    assert report.summary() == "仿宋、黑体、楷体 将以 宋体-简 (Songti SC) 代替"
    assert not report.missing


@pytest.mark.skipif(sys.platform != "linux" or subprocess.run(["which", "fc-match"], capture_output=True).returncode,
                    reason="fontconfig is the Linux lookup")
def test_this_system_prints_chinese_and_both_check_boxes():
    """What setup-debian.sh installs: a Chinese face for every template font, and ☑ □ in some font."""
    report = font_report(sorted(TEMPLATES.glob("*/*.docx")))
    assert report.checked and not report.missing and report.symbols_missing == []
    assert {f.name for f in report.fonts} >= set(TEMPLATE_FONTS)


def test_a_soffice_setting_that_names_no_program_is_said_not_passed_over(tmp_path):
    from yn_forms.render.pdf import unusable_setting

    note = unusable_setting({"YN_FORMS_SOFFICE": "/nonexistent/soffice"}, platform="linux")
    assert note is not None and "YN_FORMS_SOFFICE" in note and "/nonexistent/soffice" in note
    program = tmp_path / "soffice"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    assert unusable_setting({"YN_FORMS_SOFFICE": str(program)}, platform="linux") is None
    assert unusable_setting({}, platform="linux") is None


@pytest.mark.usefixtures("shared_pdfs")  # about the message, not LibreOffice: the example converted once in the run
def test_fill_pdf_says_the_soffice_setting_it_could_not_use(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("YN_FORMS_SOFFICE", "/nonexistent/soffice")
    data = tmp_path / "a.json"
    data.write_text(json.dumps(get_form("innovation-centre").example()), encoding="utf-8")
    code = main(["fill", "innovation-centre", str(data), "-o", str(tmp_path / "out"), "--pdf"])
    err = capsys.readouterr().err
    assert "提示：环境变量 YN_FORMS_SOFFICE 指向的“/nonexistent/soffice”不是 LibreOffice" in err
    assert code in (0, 3)
