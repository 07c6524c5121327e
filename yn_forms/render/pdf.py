"""PDF through LibreOffice headless: all of an application's files in one call.

One call, because starting LibreOffice costs more than converting a document.
Each conversion holds a profile folder of its own while it runs (``render/profiles.py``:
kept in the user cache and reused, since making one costs half a second) — two
conversions sharing a profile either hang or hand their files to the other's
LibreOffice, which converts them into the wrong folder — and ``--norestore`` so a
profile never offers to recover a crashed document and waits for an answer nobody
gives. The profile's settings and, on Linux, a network namespace keep LibreOffice offline
(``render/offline.py``). LibreOffice runs in its own process group (a session on POSIX, a job tree
killed by ``taskkill /T`` on Windows) so a hung conversion is killed with every
child it started.

The PDFs are converted into a temporary folder inside the output folder, checked
(there, not empty, a PDF), and moved into place together by
:func:`yn_forms.render.output.write_all`, so the clerk never finds a half-written
PDF, and a PDF open in a viewer is reported before LibreOffice is even started.

LibreOffice is looked for where a clerk's system puts it (``render.soffice``); a path set in the app or
in ``YN_FORMS_SOFFICE`` comes first. Without it nothing is lost — the Word files
are already written — and :class:`PdfError` says so with ``missing_office`` set.
"""

from __future__ import annotations

import contextlib
import locale
import os
import queue
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from yn_forms.core.oserrors import os_reason
from yn_forms.render.office_process import start
from yn_forms.render.offline import offline_command, write_offline_settings, write_settings
from yn_forms.render.output import OutputError, check_destination, write_all
from yn_forms.render.output_run import RunLock, sweep
from yn_forms.render.profiles import START_SETTINGS, profile
from yn_forms.render.soffice import find_soffice, unusable_setting

# finding LibreOffice is render.soffice's (the desktop app asks it at start without this module's imports);
# its two questions are still answered here for the callers that convert
__all__ = ["MISSING_OFFICE", "PdfError", "convert_to_pdf", "find_soffice", "kill_tree", "require_soffice",
           "unusable_setting"]

DEFAULT_TIMEOUT = 180.0

MISSING_OFFICE = ("未找到 LibreOffice，无法生成 PDF。Word 文件已经生成，可以用 Word 或 WPS 打开后打印。"
                  "如需 PDF，请安装 LibreOffice（免费软件）；如已安装在其他位置，请指定 soffice 程序的位置"
                  "（桌面程序：工具 › LibreOffice 位置…；命令行：环境变量 YN_FORMS_SOFFICE）。")
STDERR_TAIL_LINES = 12


#: told of each PDF as soon as it is written: its place among the files converted, and where it is
Converted = Callable[[int, Path], None]


class PdfError(Exception):
    """A PDF could not be made; the message tells the clerk why and that the Word files are there.

    ``missing_office`` is True when LibreOffice is not installed (or not found), so
    a caller can offer to open the .docx in Word/WPS instead of showing an error.
    ``output`` is the tail of what LibreOffice printed, if it ran.
    """

    def __init__(self, message: str, *, missing_office: bool = False, output: str = "") -> None:
        super().__init__(message)
        self.missing_office = missing_office
        self.output = output


# --------------------------------------------------------------------------- finding LibreOffice

def require_soffice(configured: str | os.PathLike[str] | None = None) -> Path:
    """:func:`find_soffice`, or the plain “LibreOffice is missing” :class:`PdfError` (``missing_office``)."""
    found = find_soffice(configured)
    if found is not None:
        return found
    message = MISSING_OFFICE
    if configured:
        message += f"（设置的位置“{configured}”不是 LibreOffice 程序。）"
    raise PdfError(message, missing_office=True)


# --------------------------------------------------------------------------- converting

def convert_to_pdf(files: Sequence[Path], out_dir: Path, *, soffice: Path | None = None,
                   timeout: float = DEFAULT_TIMEOUT, converted: Converted | None = None) -> list[Path]:
    """Convert *files* to ``out_dir/<stem>.pdf`` in one LibreOffice call; the PDFs, in the order of *files*.

    *converted* hears of each PDF as soon as LibreOffice has finished it — ``(index, pdf)``, the PDF
    still in the private folder, to be read, not kept — while the next ones convert, in the calling
    thread (预览 shows the first document's pages while the rest converts). LibreOffice converts the
    files in the order given and says so as it starts each (``convert A -> B``): when it starts the
    next, the one before is written. A LibreOffice that says nothing tells of them all at its end.

    Raises :class:`PdfError` for everything the clerk must hear about: LibreOffice
    missing, a PDF that cannot be written (read-only, open in a viewer), a hung
    LibreOffice (killed after *timeout* seconds), a file it could not convert.
    Nothing is left in *out_dir* but complete PDFs.
    """
    files = [Path(f) for f in files]
    if not files:
        return []
    exe = soffice or require_soffice()
    out_dir = Path(out_dir)
    targets = [out_dir / (f.stem + ".pdf") for f in files]
    if len({t.name.casefold() for t in targets}) < len(targets):
        raise ValueError(f"two files would make the same PDF: {[f.name for f in files]}")
    try:
        for target in targets:
            check_destination(target)
        sweep(out_dir)
        run = RunLock([out_dir])  # the work folder is this run's: no other run's clean-up removes it
    except OutputError as exc:
        raise PdfError(str(exc)) from None
    except OSError as exc:
        raise PdfError(f"无法在文件夹 {out_dir} 中写入 PDF：{os_reason(exc)}。请换一个输出文件夹。") from None
    try:
        work = run.name("pdf", out_dir)
        try:
            work.mkdir()
        except OSError as exc:
            raise PdfError(f"无法在文件夹 {out_dir} 中写入 PDF：{os_reason(exc)}。请换一个输出文件夹。") from None
        made = _run_soffice(exe, files, work, timeout, converted)
        try:
            write_all([(target, _mover(pdf)) for target, pdf in zip(targets, made, strict=True)])
        except OutputError as exc:
            raise PdfError(str(exc)) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
        run.close()
    return targets


def _mover(pdf: Path) -> Callable[[Path], None]:
    """A writer for :func:`write_all` that renames the finished PDF onto its temp name (same folder tree)."""
    return lambda temp: os.replace(pdf, temp)


def _run_soffice(exe: Path, files: list[Path], work: Path, timeout: float,
                 converted: Converted | None = None) -> list[Path]:
    made = [work / (f.stem + ".pdf") for f in files]
    with profile() as lo_profile:
        try:
            write_offline_settings(lo_profile.folder)  # the second wall: render.offline
            write_settings(lo_profile.folder, START_SETTINGS)  # no graphics self-tests at its start: render.profiles
        except OSError as exc:
            raise PdfError(f"无法准备 LibreOffice 的配置（{lo_profile.folder}）：{os_reason(exc)}") from None
        cmd = offline_command([str(exe), f"-env:UserInstallation={lo_profile.uri}", "--headless",
                               "--norestore", "--nologo", "--nodefault", "--nolockcheck", "--convert-to", "pdf",
                               "--outdir", str(work), *[str(f.resolve()) for f in files]])
        try:  # in a group of its own, dying with this process (render.office_process)
            proc = start(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as exc:
            raise PdfError(f"无法启动 LibreOffice（{exe}）：{os_reason(exc)}") from None
        try:
            if converted is None:
                stdout, stderr = proc.communicate(timeout=timeout)
            else:
                stdout, stderr = _streamed(proc, timeout, made, converted)
        except subprocess.TimeoutExpired:
            kill_tree(proc)
            lo_profile.discard()  # it may be half written: the next conversion starts a fresh one
            stdout, stderr = proc.communicate()
            raise PdfError(_with_output(f"LibreOffice 在 {timeout:g} 秒内没有完成转换，已被终止，未生成 PDF。"
                                        "Word 文件已经生成，可以用 Word 或 WPS 打开后打印。", stdout, stderr),
                           output=_tail(stdout, stderr)) from None
        except BaseException:  # KeyboardInterrupt and the like: never leave LibreOffice running
            kill_tree(proc)
            lo_profile.discard()
            proc.communicate()
            raise
    failed = [f.name for f, pdf in zip(files, made, strict=True) if not _is_pdf(pdf)]
    if failed:
        raise PdfError(_with_output(f"LibreOffice 未能把以下文件转换为 PDF：{'、'.join(failed)}"
                                    f"（退出码 {proc.returncode}）。Word 文件已经生成，可以用 Word 或 WPS 打开后打印。",
                                    stdout, stderr), output=_tail(stdout, stderr))
    return made


def _streamed(proc: subprocess.Popen, timeout: float, made: list[Path], converted: Converted) -> tuple[bytes, bytes]:
    """``proc.communicate(timeout)``, telling *converted* of each of *made* as LibreOffice's output shows it
    written (see :func:`convert_to_pdf`). Raises ``subprocess.TimeoutExpired``."""
    lines: queue.Queue[bytes | None] = queue.Queue()
    errors: list[bytes] = []

    def read_out() -> None:
        with contextlib.suppress(OSError, ValueError):  # closed under it: a timeout's kill reads what is left
            for line in proc.stdout:  # type: ignore[union-attr]
                lines.put(line)
        lines.put(None)

    def read_err() -> None:
        with contextlib.suppress(OSError, ValueError):
            errors.append(proc.stderr.read())  # type: ignore[union-attr]

    readers = [threading.Thread(target=read_out, daemon=True), threading.Thread(target=read_err, daemon=True)]
    for reader in readers:
        reader.start()
    deadline = time.monotonic() + timeout
    out: list[bytes] = []
    told = started = 0

    def tell(upto: int) -> None:
        nonlocal told
        while told < min(upto, len(made)):
            if _is_pdf(made[told]):
                converted(told, made[told])
            told += 1

    while True:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise subprocess.TimeoutExpired(proc.args, timeout) from None
        if line is None:
            break
        out.append(line)
        if line.startswith(b"convert "):
            started += 1
            tell(started - 1)  # the files before the one it starts now are written
    proc.wait(timeout=max(0.0, deadline - time.monotonic()))
    for reader in readers:
        reader.join()
    tell(len(made))
    return b"".join(out), b"".join(errors)


def _is_pdf(path: Path) -> bool:
    """There, not empty, and a PDF (a crash can leave a zero-length or truncated file)."""
    try:
        with open(path, "rb") as f:
            return f.read(5) == b"%PDF-"
    except OSError:
        return False


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(locale.getpreferredencoding(False), "replace")


def _tail(stdout: bytes | None, stderr: bytes | None) -> str:
    """The last lines LibreOffice printed: stderr, or stdout when stderr is empty (it reports some errors there)."""
    text = _decode(stderr or b"").strip() or _decode(stdout or b"").strip()
    lines = [line for line in text.splitlines() if line.strip()]
    return "\n".join(lines[-STDERR_TAIL_LINES:])[-2000:]


def _with_output(message: str, stdout: bytes | None, stderr: bytes | None) -> str:
    tail = _tail(stdout, stderr)
    return f"{message}\nLibreOffice 的输出：\n{tail}" if tail else message


def kill_tree(proc: subprocess.Popen, *, posix: bool = os.name == "posix",
              run: Callable[..., object] = subprocess.run) -> None:
    """Kill *proc* and every process it started (LibreOffice's soffice starts soffice.bin).

    POSIX: the whole process group (the conversion's own session). Windows:
    ``taskkill /T /F`` on the pid, since a new process group alone does not reach
    the children; ``proc.kill()`` if taskkill itself cannot be run. *posix* and
    *run* let the Windows branch be tested on any system.
    """
    if posix:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # type: ignore[attr-defined]  # POSIX only
    else:
        try:
            run(["taskkill", "/T", "/F", "/PID", str(proc.pid)], capture_output=True,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0), check=False)
        except OSError:
            pass
        with contextlib.suppress(OSError):
            proc.kill()
