"""Where LibreOffice's ``soffice`` is: the app's setting, ``YN_FORMS_SOFFICE``, PATH, then where each
system's installer puts it.

Apart from the conversion (``render.pdf``, which brings lxml, the office process guard and the output
writer with it) because the desktop app asks at every start whether LibreOffice is there, to tick
同时生成 PDF: that question costs a few file lookups, not those imports.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

SOFFICE_ENV = "YN_FORMS_SOFFICE"
#: the Windows installer records soffice.exe here (value "" is the full path)
APP_PATHS_KEY = r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\soffice.exe"
#: Linux places beyond PATH; /opt/libreoffice* is where The Document Foundation's own packages go
LINUX_PLACES = ["/usr/lib/libreoffice/program/soffice", "/usr/lib64/libreoffice/program/soffice",
                "/opt/libreoffice*/program/soffice"]
MAC_PLACES = ["/Applications/LibreOffice.app/Contents/MacOS/soffice",
              "~/Applications/LibreOffice.app/Contents/MacOS/soffice"]
#: environment variables that name the Program Files folders (64-bit, as seen by 32-bit Python, x86)
PROGRAM_FILES_VARS = ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")

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
