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

LibreOffice is looked for where a clerk's system puts it; a path set in the app or
in ``YN_FORMS_SOFFICE`` comes first. Without it nothing is lost — the Word files
are already written — and :class:`PdfError` says so with ``missing_office`` set.
"""

from __future__ import annotations

import contextlib
import glob
import locale
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from yn_forms.core.oserrors import os_reason
from yn_forms.render.office_process import start
from yn_forms.render.offline import offline_command, write_offline_settings
from yn_forms.render.output import OutputError, check_destination, write_all
from yn_forms.render.output_run import RunLock, sweep
from yn_forms.render.profiles import profile

SOFFICE_ENV = "YN_FORMS_SOFFICE"
DEFAULT_TIMEOUT = 180.0
#: the Windows installer records soffice.exe here (value "" is the full path)
APP_PATHS_KEY = r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\soffice.exe"
#: Linux places beyond PATH; /opt/libreoffice* is where The Document Foundation's own packages go
LINUX_PLACES = ["/usr/lib/libreoffice/program/soffice", "/usr/lib64/libreoffice/program/soffice",
                "/opt/libreoffice*/program/soffice"]
MAC_PLACES = ["/Applications/LibreOffice.app/Contents/MacOS/soffice",
              "~/Applications/LibreOffice.app/Contents/MacOS/soffice"]
#: environment variables that name the Program Files folders (64-bit, as seen by 32-bit Python, x86)
PROGRAM_FILES_VARS = ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")

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

RegistryReader = Callable[[], Iterable[str]]


def find_soffice(configured: str | os.PathLike[str] | None = None, *, platform: str | None = None,
                 environ: Mapping[str, str] | None = None, which: Callable[[str], str | None] = shutil.which,
                 registry: RegistryReader | None = None) -> Path | None:
    """LibreOffice's ``soffice``, or None: the first of :func:`soffice_candidates` that is a program."""
    platform = platform or sys.platform
    for candidate in soffice_candidates(configured, platform=platform, environ=environ, which=which,
                                        registry=registry):
        found = _program(candidate, platform)
        if found is not None:
            return found
    return None


def soffice_candidates(configured: str | os.PathLike[str] | None = None, *, platform: str | None = None,
                       environ: Mapping[str, str] | None = None, which: Callable[[str], str | None] = shutil.which,
                       registry: RegistryReader | None = None) -> Iterator[Path]:
    """Where to look, in order: the app's setting, ``YN_FORMS_SOFFICE``, PATH, then the system's usual places.

    *platform*, *environ*, *which* and *registry* (a reader of the App Paths
    values) stand in for the running system, so every system's search can be
    tested on any of them; on Windows the real registry is read by default.
    """
    platform = platform or sys.platform
    environ = os.environ if environ is None else environ
    for chosen in (configured, environ.get(SOFFICE_ENV)):
        if chosen:
            yield Path(os.path.expanduser(os.fspath(chosen)))
    for name in ("soffice", "libreoffice"):
        found = which(name)
        if found:
            yield Path(found)
    if platform == "win32":
        for value in (registry or _app_paths)():
            value = _expand_windows_vars(value.strip().strip('"'), environ)
            if value:
                yield Path(value)
        seen = set()
        for var in PROGRAM_FILES_VARS:
            folder = environ.get(var)
            if folder and folder not in seen:
                seen.add(folder)
                yield Path(folder) / "LibreOffice" / "program" / "soffice.exe"
    elif platform == "darwin":
        for place in MAC_PLACES:
            yield Path(os.path.expanduser(place))
    else:
        for place in LINUX_PLACES:
            # the newest /opt/libreofficeX.Y first
            for match in sorted(glob.glob(place), key=_version_key, reverse=True) if glob.has_magic(place) else [place]:
                yield Path(match)


def unusable_setting(environ: Mapping[str, str] | None = None, *, platform: str | None = None) -> str | None:
    """What to tell a caller whose ``YN_FORMS_SOFFICE`` names no LibreOffice: the search goes on past it,
    and a setting that is silently passed over looks, to whoever set it, as if it were used."""
    environ = os.environ if environ is None else environ
    chosen = environ.get(SOFFICE_ENV)
    if not chosen:
        return None
    try:
        usable = _program(Path(os.path.expanduser(chosen)), platform or sys.platform) is not None
    except OSError:
        usable = False
    if usable:
        return None
    return f"环境变量 {SOFFICE_ENV} 指向的“{chosen}”不是 LibreOffice 的 soffice 程序，已改在其他位置查找"


def _expand_windows_vars(value: str, environ: Mapping[str, str]) -> str:
    """``%ProgramFiles%\\…`` as a REG_EXPAND_SZ value holds it; names are case-insensitive, as on Windows."""
    names = {k.casefold(): v for k, v in environ.items()}
    return re.sub(r"%([^%]+)%", lambda m: names.get(m.group(1).casefold(), m.group(0)), value)


def _version_key(path: str) -> list[int]:
    """/opt/libreoffice24.2 after /opt/libreoffice7.6: numbers compared as numbers."""
    return [int(n) for n in re.findall(r"\d+", path)]


def _program(candidate: Path, platform: str) -> Path | None:
    """*candidate* if it runs LibreOffice; a folder the user chose is looked into (program/, the .app)."""
    exe = "soffice.exe" if platform == "win32" else "soffice"
    places = [candidate]
    if candidate.is_dir():
        places = [candidate / exe, candidate / "program" / exe, candidate / "Contents" / "MacOS" / "soffice"]
    for place in places:
        if place.is_file() and (platform == "win32" or os.access(place, os.X_OK)):
            return place
    return None


def _app_paths() -> list[str]:
    """soffice.exe's path as the installer registered it, machine-wide (both registry views) and per user."""
    if sys.platform != "win32":
        return []
    import winreg  # only on Windows

    values = []
    views = [(winreg.HKEY_LOCAL_MACHINE, winreg.KEY_WOW64_64KEY), (winreg.HKEY_LOCAL_MACHINE, winreg.KEY_WOW64_32KEY),
             (winreg.HKEY_CURRENT_USER, 0)]
    for root, view in views:
        try:
            with winreg.OpenKey(root, APP_PATHS_KEY, 0, winreg.KEY_READ | view) as key:
                value, _ = winreg.QueryValueEx(key, "")
        except OSError:
            continue
        if isinstance(value, str):
            values.append(value)
    return values


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
