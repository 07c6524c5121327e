"""Every operating-system error is said in Chinese, exit 2, never a traceback (core.oserrors).

The attacks of the third hostile round: a 259-byte file name everywhere a name is taken, ``-o``
through a symbolic link to nowhere, a full disk under openpyxl, a 汇总 zip nested 1,400 folders
deep, a macro document or template renamed to .docx.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from yn_forms.cli import main

ROOT = Path(__file__).resolve().parents[1]
LONG = "申" * 84 + ".ynform"  # 259 bytes in UTF-8: over the 255 a Linux or macOS file name may have
TOO_LONG = "文件名太长"
posix_only = pytest.mark.skipif(os.name != "posix", reason="symbolic links and byte-counted names")


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err + out
    return code, err


@pytest.fixture
def filled(tmp_path, example, write_json, capsys) -> Path:
    out = tmp_path / "filled"
    assert main(["fill", "innovation-centre", str(write_json(example)), "-o", str(out)]) == 0
    capsys.readouterr()
    return out


@posix_only
@pytest.mark.parametrize("argv", [
    ("import", "innovation-centre", "{docx}", "-o", "{long}"),
    ("fill", "innovation-centre", "{json}", "-o", "{long}"),
    ("fill", "innovation-centre", "{json}", "-o", "{long}/"),
    ("summary", "innovation-centre", "{filled}", "-o", "{long}"),
    ("example", "innovation-centre", "-o", "{long}"),
    ("validate", "innovation-centre", "{long}"),
    ("fill", "innovation-centre", "{long}", "-o", "{out}"),
    ("import", "innovation-centre", "{long_docx}", "-o", "{out}/a.ynform"),
    ("check-template", "innovation-centre", "{long_docx}"),
], ids=lambda argv: " ".join(a for a in argv if not a.startswith("{")))
def test_an_over_long_name_is_refused_in_chinese(capsys, tmp_path, filled, example, write_json, argv):
    names = {"docx": str(next(filled.glob("附件1*.docx"))), "json": str(write_json(example)), "filled": str(filled),
             "long": str(tmp_path / LONG), "long_docx": str(tmp_path / LONG.replace(".ynform", ".docx")),
             "out": str(tmp_path / "out")}
    code, err = run(capsys, *(a.format(**names) for a in argv))
    assert code == 2
    assert err.startswith("错误：") and TOO_LONG in err
    assert "Errno" not in err and "File name too long" not in err


@posix_only
@pytest.mark.parametrize("command", ["import", "example", "summary", "fill"])
def test_output_through_a_dangling_link_is_refused(capsys, tmp_path, filled, example, write_json, command):
    (tmp_path / "links").mkdir()
    link = tmp_path / "links" / "链接"
    target = tmp_path / "elsewhere" / "target"
    (tmp_path / "elsewhere").mkdir()
    argv = {"import": ["import", "innovation-centre", str(next(filled.glob("附件1*.docx"))), "-o"],
            "example": ["example", "innovation-centre", "-o"],
            "summary": ["summary", "innovation-centre", str(filled), "-o"],
            "fill": ["fill", "innovation-centre", str(write_json(example)), "-o"]}[command]
    name = {"import": "a.ynform", "example": "a.json", "summary": "a.xlsx", "fill": "out"}[command]
    link = link.with_name(name)
    link.symlink_to(target)
    code, err = run(capsys, *argv, str(link) + ("/" if command == "fill" else ""))
    assert code == 2 and "符号链接" in err and "不存在" in err
    assert not target.exists() and link.is_symlink()


@posix_only
def test_a_document_written_over_a_dangling_link_is_refused_by_the_writer(tmp_path):
    from yn_forms.render.output import OutputError, write_all

    (tmp_path / "a.docx").symlink_to(tmp_path / "nowhere.docx")
    with pytest.raises(OutputError, match="符号链接"):
        write_all([(tmp_path / "a.docx", lambda temp: temp.write_bytes(b"x"))])
    assert not (tmp_path / "nowhere.docx").exists()


FULL_DISK = textwrap.dedent("""
    import builtins, errno, io, sys
    real = io.open
    class Filling:  # a disk with room for 4 KB more
        def __init__(self, raw):
            self.raw, self.room = raw, 4096
        def write(self, data):
            self.room -= len(data)
            if self.room < 0:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.raw.write(data)
        def __getattr__(self, name):
            return getattr(self.raw, name)
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            self.raw.close()
    def opening(file, mode="r", *args, **kwargs):
        handle = real(file, mode, *args, **kwargs)
        return Filling(handle) if ".yn-out-" in str(file) and "w" in mode else handle
    io.open = builtins.open = opening
    from yn_forms.cli import main
    sys.exit(main(sys.argv[1:]))
""")


@posix_only
def test_a_full_disk_under_the_summary_is_said_once(tmp_path, filled):
    """openpyxl leaves its zip open when a write fails; its ``__del__`` failed again, printed after the message."""
    proc = subprocess.run([sys.executable, "-c", FULL_DISK, "summary", "innovation-centre", str(filled), "-o",
                           str(tmp_path / "汇总.xlsx")], capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120, check=False)
    assert proc.returncode == 3
    assert "磁盘已满" in proc.stderr
    assert "Exception ignored" not in proc.stderr and "Traceback" not in proc.stderr
    assert not list(tmp_path.glob("汇总*")) and not list(tmp_path.glob(".yn-*"))


def _small_disk(tmp_path: Path) -> Path | None:
    """A 64 KB tmpfs, where the system lets this user mount one (root on Linux); None elsewhere."""
    folder = tmp_path / "small"
    folder.mkdir()
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or shutil.which("mount") is None:
        return None
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True,
                          check=False)
    return folder if done.returncode == 0 else None


@posix_only
@pytest.mark.slow
def test_a_real_full_disk_prints_only_the_chinese_message(tmp_path, filled):
    small = _small_disk(tmp_path)
    if small is None:
        pytest.skip("no tmpfs can be mounted here (the stubbed full disk above stands in)")
    try:
        with open(small / "filler", "wb", buffering=0) as filler:  # filled, then 8 KB freed: under one 汇总表
            try:
                while True:
                    filler.write(b"\1" * 4096)
            except OSError:
                pass
            filler.truncate(max(filler.tell() - 8192, 0))
        proc = subprocess.run([sys.executable, "-m", "yn_forms", "summary", "innovation-centre", str(filled), "-o",
                               str(small / "汇总.xlsx")], capture_output=True, text=True, encoding="utf-8",
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120, check=False)
        assert proc.returncode == 3, proc.stderr
        lines = [line for line in proc.stderr.splitlines() if line.startswith("错误：")]
        assert len(lines) == 1 and "磁盘已满" in lines[0]
        assert "Exception ignored" not in proc.stderr and "Traceback" not in proc.stderr
        assert sorted(p.name for p in small.iterdir()) == ["filler"]
    finally:
        subprocess.run(["umount", str(small)], check=False)


def test_a_summary_zip_nested_1400_deep_is_told_in_chinese(capsys, tmp_path, filled):
    archive = tmp_path / "深.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("d/" * 1400 + "a.json", "{}")
        z.write(next(filled.glob("附件1*.docx")), "企业/附件1.docx")
    code, err = run(capsys, "summary", "innovation-centre", str(archive), "-o", str(tmp_path / "汇总.xlsx"))
    assert "层次过深" in err and "recursion" not in err
    assert code in (0, 2)


@posix_only
def test_an_output_folder_nested_1400_deep_is_told_in_chinese(capsys, tmp_path, example, write_json):
    code, err = run(capsys, "fill", "innovation-centre", str(write_json(example)), "-o",
                    str(tmp_path / ("d/" * 1400)))
    assert code in (2, 3) and "层次过深" in err


def _renamed(source: Path, target: Path, content_type: str) -> Path:
    word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(word.encode(), content_type.encode())
            zout.writestr(info, data)
    return target


@pytest.mark.parametrize(("content_type", "named"), [
    ("application/vnd.ms-word.document.macroEnabled.main+xml", "宏文档"),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml", "模板"),
])
def test_a_macro_document_or_template_renamed_to_docx_is_named_for_what_it_is(capsys, tmp_path, filled,
                                                                              content_type, named):
    renamed = _renamed(next(filled.glob("附件1*.docx")), tmp_path / "附件1.docx", content_type)
    code, err = run(capsys, "import", "innovation-centre", str(renamed), "-o", str(tmp_path / "a.ynform"))
    assert code == 2 and named in err and "已损坏" not in err.replace("并未损坏", "")
    code, err = run(capsys, "check-template", "innovation-centre", str(renamed))
    assert code == 2 and named in err and "已损坏" not in err.replace("并未损坏", "")


def test_every_errno_is_worded_in_chinese():
    from yn_forms.core.oserrors import describe, os_reason

    for number in sorted(errno.errorcode):
        reason = os_reason(OSError(number, os.strerror(number)))
        assert any("\u4e00" <= ch <= "\u9fff" for ch in reason), number
    assert os_reason(OSError(errno.ENOENT, "No such file or directory")) == "没有这个文件或文件夹"
    assert "磁盘已满" in os_reason(OSError(errno.ENOSPC, "No space left on device"))
    assert "权限不足" in os_reason(PermissionError(errno.EACCES, "Permission denied"))
    assert "是一个文件夹" in os_reason(IsADirectoryError(errno.EISDIR, "Is a directory")) or \
        "这是一个文件夹" in os_reason(IsADirectoryError(errno.EISDIR, "Is a directory"))
    assert "被占用" in os_reason(OSError(errno.EBUSY, "Device or resource busy"))
    held = OSError(errno.EACCES, "The process cannot access the file")
    held.winerror = 32  # Windows' sharing violation: the file is open in another program
    assert "被占用" in os_reason(held)
    missing = FileNotFoundError(errno.ENOENT, "x", "申报.ynform")
    assert describe(missing) == "无法访问“申报.ynform”：没有这个文件或文件夹"


@posix_only
def test_output_problem_accepts_a_new_name_and_a_link_to_a_file(tmp_path):
    from yn_forms.core.oserrors import output_problem

    assert output_problem(tmp_path / "新.docx") is None
    (tmp_path / "real.docx").write_bytes(b"x")
    (tmp_path / "link.docx").symlink_to(tmp_path / "real.docx")
    assert output_problem(tmp_path / "link.docx") is None
    assert TOO_LONG in output_problem(tmp_path / LONG)
