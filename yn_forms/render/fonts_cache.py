"""fontconfig's answers kept between runs, for as long as nothing that could change them has changed.

Checking the fonts of a PDF asks ``fc-match`` and ``fc-list`` seven times or so; each run starts a
process that loads fontconfig's configuration and caches (≈ 0.2 s in all, on every PDF and every
预览). Their answers change only when fontconfig's inputs do, so they are kept in the user cache
folder under a fingerprint of those inputs, and asked again as soon as any of them moves:

- the programs themselves (a fontconfig upgrade), and the environment that steers them
  (``FONTCONFIG_*``, the locale — ``fc-match`` adds the locale's language to a pattern —, the
  home and XDG folders);
- every configuration file (``/etc/fonts``, the user's, and what ``FONTCONFIG_FILE`` /
  ``FONTCONFIG_PATH`` name);
- every font folder, the configuration's ``<dir>`` entries and the usual places, each
  sub-folder's modification time — the same test fontconfig makes to know that its cache of a
  folder is stale (a font added or removed changes its folder's time);
- fontconfig's own cache files (``fc-cache`` rebuilding them changes them).

Only answers are kept, never a failure: a lookup that fails is made again next time. A cache that
cannot be read or written is the same as none.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from yn_forms.paths import user_cache_dir

CACHE_NAME = "fontconfig-answers.json"
FORMAT = 1
#: what steers fontconfig's answers from the environment
ENVIRONMENT = ("FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT", "FC_LANG", "LANG", "LANGUAGE", "LC_ALL",
               "LC_CTYPE", "LC_MESSAGES", "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_DATA_DIRS",
               "XDG_CACHE_HOME")
PROGRAMS = ("fc-match", "fc-list")
SYSTEM_CONFIG = Path("/etc/fonts")
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts")
CACHE_DIRS = ("/var/cache/fontconfig", "~/.fontconfig")
MAX_FOLDERS = 5000  # a font folder tree past this is fingerprinted no deeper (and asked about every time)
_DIR = re.compile(rb"<(dir|cachedir|include)((?:\s[^>]*)?)>\s*([^<]*?)\s*</\1>")


def fingerprint(environ: Mapping[str, str] | None = None, which: Callable[[str], str | None] = shutil.which) -> str:
    """A digest of everything that can change fontconfig's answers here (see the module); "" when it cannot
    be made whole — then nothing is remembered."""
    environ = os.environ if environ is None else environ
    home = Path(environ.get("HOME") or os.path.expanduser("~"))
    config_home = Path(environ.get("XDG_CONFIG_HOME") or home / ".config")
    data_home = Path(environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    cache_home = Path(environ.get("XDG_CACHE_HOME") or home / ".cache")
    homes = {b"dir": data_home, b"cachedir": cache_home, b"include": config_home, b"~": home}
    digest = hashlib.sha256(f"{FORMAT}".encode())
    for name in ENVIRONMENT:
        digest.update(f"\0{name}={environ.get(name, '')}".encode())
    for program in PROGRAMS:
        found = which(program)
        digest.update(f"\0{program}:{_stamp(Path(found)) if found else '-'}".encode())
    configs = [Path(environ["FONTCONFIG_FILE"])] if environ.get("FONTCONFIG_FILE") else [SYSTEM_CONFIG / "fonts.conf"]
    config_dirs = [SYSTEM_CONFIG / "conf.d", config_home / "fontconfig", home / ".fonts.conf.d",
                   *(Path(p) for p in environ.get("FONTCONFIG_PATH", "").split(os.pathsep) if p)]
    configs += [home / ".fonts.conf", *(f for folder in config_dirs for f in _files(folder))]
    fonts = [*(Path(os.path.expanduser(d)) for d in FONT_DIRS), data_home / "fonts"]
    caches = [*(Path(os.path.expanduser(d)) for d in CACHE_DIRS), cache_home / "fontconfig"]
    seen: set[Path] = set()
    while configs:  # a configuration may include others and name more font and cache folders
        config = configs.pop(0)
        if config in seen:
            continue
        seen.add(config)
        digest.update(f"\0config {config}:{_stamp(config)}".encode())
        for kind, attributes, text in _entries(config):
            place = _place(kind, text, attributes, config, homes)
            if kind == b"dir":
                fonts.append(place)
            elif kind == b"cachedir":
                caches.append(place)
            elif place.is_dir():
                configs.extend(_files(place))
            else:
                configs.append(place)
    folders = 0
    for root in dict.fromkeys(fonts):
        for folder in _tree(root):
            folders += 1
            if folders > MAX_FOLDERS:
                return ""
            digest.update(f"\0font {folder}:{_stamp(folder)}".encode())
    for folder in dict.fromkeys(caches):
        for file in _files(folder):
            digest.update(f"\0cache {file}:{_stamp(file)}".encode())
    return digest.hexdigest()


def _stamp(path: Path) -> str:
    try:
        status = path.stat()
    except OSError:
        return "-"
    return f"{status.st_mtime_ns}/{status.st_size}/{status.st_ino}"


def _files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir())
    except OSError:
        return []


def _tree(root: Path) -> Iterable[Path]:
    """*root* and every folder under it (symbolic links followed, as fontconfig does, each folder once)."""
    pending, seen = [root], set()
    while pending:
        folder = pending.pop()
        try:
            real = folder.resolve()
            entries = list(os.scandir(folder))
        except OSError:
            continue
        if real in seen:
            continue
        seen.add(real)
        yield folder
        for entry in sorted(entries, key=lambda e: e.name, reverse=True):
            with contextlib.suppress(OSError):
                if entry.is_dir():
                    pending.append(Path(entry.path))


def _entries(config: Path) -> list[tuple[bytes, bytes, str]]:
    try:
        text = config.read_bytes() if config.is_file() else b""
    except OSError:
        return []
    return [(m[1], m[2], m[3].decode("utf-8", "replace")) for m in _DIR.finditer(text) if m[3].strip()]


def _place(kind: bytes, text: str, attributes: bytes, config: Path, homes: dict[bytes, Path]) -> Path:
    """A ``<dir>``/``<cachedir>``/``<include>`` of *config* as a path, the way fontconfig reads its prefixes:
    ``prefix="xdg"`` under the XDG folder of its kind, ``~`` the home, a relative path beside *config*."""
    if b'prefix="xdg"' in attributes:
        return homes[kind] / text
    if text.startswith("~"):
        return homes[b"~"] / text[1:].lstrip("/")
    path = Path(text)
    return path if path.is_absolute() else config.parent / path


class Answers:
    """The remembered output of each fontconfig command, for the fingerprint they were given under."""

    def __init__(self, path: Path | None = None, key: str | None = None) -> None:
        self.path = path or user_cache_dir() / CACHE_NAME
        self.key = fingerprint() if key is None else key
        self.known: dict[str, str] = {}
        self.added = False
        if not self.key:
            return
        with contextlib.suppress(OSError, ValueError, AttributeError, TypeError):
            stored = json.loads(self.path.read_text(encoding="utf-8"))
            if stored.get("key") == self.key and isinstance(stored.get("answers"), dict):
                self.known = {k: v for k, v in stored["answers"].items() if isinstance(v, str)}

    def get(self, args: list[str]) -> str | None:
        return self.known.get(json.dumps(args, ensure_ascii=False))

    def put(self, args: list[str], answer: str) -> None:
        if self.key:
            self.known[json.dumps(args, ensure_ascii=False)] = answer
            self.added = True

    def save(self) -> None:
        """Written whole beside its place and moved in: a reader never finds half a file."""
        if not self.added:
            return
        temp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp.write_text(json.dumps({"key": self.key, "answers": self.known}, ensure_ascii=False),
                            encoding="utf-8")
            os.replace(temp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                temp.unlink()
        self.added = False
