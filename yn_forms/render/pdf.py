"""PDF through LibreOffice headless: all of an application's files in one call.

Each conversion gets its own profile folder (two conversions at once would
otherwise fight over one profile and one hangs), runs in its own process group so
a hung LibreOffice is killed with all its children, and every PDF is checked to
exist and not be empty.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

CANDIDATES_WINDOWS = [
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
]
CANDIDATES_MAC = ["/Applications/LibreOffice.app/Contents/MacOS/soffice"]


class PdfError(Exception):
    pass


def find_soffice(configured: str | None = None) -> Path | None:
    """LibreOffice's ``soffice``: a configured path, ``YN_FORMS_SOFFICE``, PATH, usual places."""
    for candidate in (configured, os.environ.get("YN_FORMS_SOFFICE")):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    places = CANDIDATES_WINDOWS if sys.platform == "win32" else (
        CANDIDATES_MAC if sys.platform == "darwin" else [])
    for place in places:
        if Path(place).is_file():
            return Path(place)
    return None


def convert_to_pdf(files: list[Path], out_dir: Path, *, soffice: Path | None = None,
                   timeout: float = 120.0) -> list[Path]:
    exe = soffice or find_soffice()
    if exe is None:
        raise PdfError("未找到 LibreOffice，无法生成 PDF。Word/Excel 文件已生成，可用 Word 或 WPS 打开后打印；"
                       "或安装 LibreOffice 后重试。")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="yn-forms-lo-") as profile:
        cmd = [str(exe), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
               "--norestore", "--nologo", "--nodefault", "--convert-to", "pdf",
               "--outdir", str(out_dir), *[str(f) for f in files]]
        kwargs: dict = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
        if os.name == "posix":
            kwargs["start_new_session"] = True
        else:
            kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
        proc = subprocess.Popen(cmd, **kwargs)
        try:
            proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise PdfError(f"LibreOffice 在 {timeout:.0f} 秒内没有完成转换，已终止。") from None
    pdfs = [out_dir / (f.stem + ".pdf") for f in files]
    missing = [p.name for p in pdfs if not p.is_file() or p.stat().st_size == 0]
    if missing:
        raise PdfError("LibreOffice 未能生成：" + "、".join(missing))
    return pdfs


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True)
    except OSError:
        pass
    proc.wait()
