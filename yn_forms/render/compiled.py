"""Compiled templates kept between runs, in the user's cache folder.

Jinja compiles each part of a Word template (its XML, a few hundred kilobytes with the tags) to Python
code on every render: a third of a small ``fill``'s own work, paid again by 预览, the fit check and
``check-template``. The code depends only on the part's text and on how this app compiles it, so it is
kept under a key hashing both: the part's text (so a changed or replaced template is a new key, never a
stale hit — the same as keying by the file's bytes, and one template edited back is a hit again), the
Jinja and Python versions, and the sources of the sandbox that meters the code it generates.

What is kept is code that will run, so an entry is trusted only when signed: each file carries an
HMAC-SHA256 of its key and contents under a random secret of this user (in the user's data folder,
readable by the user alone). A file that was cut short, damaged, signed by another secret or written
by someone else is ignored — the part is compiled as if nothing were kept — and written again. Pickle is
never used; ``marshal`` only reads what was signed here. Nothing here raises: when the folders cannot
be written, templates are compiled as before.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import secrets
import sys
import tempfile
from functools import lru_cache
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2.utils import _PassArg

import yn_forms
from yn_forms.paths import user_cache_dir, user_data_dir

FOLDER = "compiled-templates"
SECRET_FILE = "cache-secret"
MAX_ENTRIES = 200  # parts of templates kept; a clerk's templates have a few each
MAX_ENTRY_BYTES = 64 * 1024 * 1024  # a compiled part is well under a megabyte
_DIGEST = hashlib.sha256().digest_size


def _write_atomically(path: Path, data: bytes, mode: int = 0o600) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".yn-tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _secret() -> bytes | None:
    """This user's signing secret, made on first use; None when it can be neither read nor made."""
    return _secret_at(user_data_dir() / SECRET_FILE)


@lru_cache(maxsize=4)
def _secret_at(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
        if len(data) == _DIGEST:
            return data
    except FileNotFoundError:
        pass
    except OSError:
        return None
    data = secrets.token_bytes(_DIGEST)
    try:
        _write_atomically(path, data)
    except OSError:
        return None
    return data


@lru_cache(maxsize=8)
def _generator(cls: type) -> bytes:
    """What, besides the text, decides the code *cls* generates: the sources of the app's classes it is made of
    (in a bundle, where they cannot change without a new executable, the version and the executable)."""
    digest = hashlib.sha256(f"{jinja2.__version__}|{sys.version}|{cls.__module__}.{cls.__qualname__}".encode())
    digest.update(MAGIC_NUMBER)
    for klass in cls.__mro__:
        module = sys.modules.get(klass.__module__)
        if module is None or not klass.__module__.startswith("yn_forms"):
            continue
        try:
            digest.update(Path(module.__file__ or "").read_bytes())
        except OSError:
            executable = Path(sys.executable)
            digest.update(f"{yn_forms.__version__}|{executable}|{executable.stat().st_mtime_ns}".encode())
    return digest.digest()


def _key_or_none(env: Any, source: str) -> bytes | None:
    """The key of *source* in *env*; None (compile as before) when what decides the code cannot be read."""
    try:
        return _key(env, source)
    except (OSError, ValueError):
        return None


def _key(env: Any, source: str) -> bytes:
    options = f"{_PassArg.from_obj(env.finalize) if env.finalize else None}|{env.autoescape is True}"
    digest = hashlib.sha256(_generator(type(env)))
    digest.update(options.encode())
    digest.update(source.encode("utf-8", "surrogatepass"))
    return digest.digest()


def _entry(key: bytes) -> Path:
    return user_cache_dir() / FOLDER / f"{key.hex()}.code"


def load(key: bytes, secret: bytes) -> CodeType | None:
    """The code kept under *key*, if its file is there, whole and signed with *secret*."""
    try:
        path = _entry(key)
        if path.stat().st_size > MAX_ENTRY_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    signature, payload = data[:_DIGEST], data[_DIGEST:]
    if not hmac.compare_digest(signature, hmac.new(secret, key + payload, hashlib.sha256).digest()):
        return None
    try:
        code = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    return code if isinstance(code, CodeType) else None


def store(key: bytes, secret: bytes, code: CodeType) -> None:
    """Keep *code* under *key*, signed; the oldest entries go beyond ``MAX_ENTRIES``."""
    try:
        payload = marshal.dumps(code)
        path = _entry(key)
        _write_atomically(path, hmac.new(secret, key + payload, hashlib.sha256).digest() + payload)
        entries = list(path.parent.glob("*.code"))
        if len(entries) > MAX_ENTRIES:
            entries.sort(key=lambda p: p.stat().st_mtime)
            for old in entries[:len(entries) - MAX_ENTRIES]:
                old.unlink(missing_ok=True)
    except (OSError, ValueError):
        pass


class KeptCompiles:
    """A Jinja environment's ``compile`` that keeps what it compiles from text (``from_string``: every Word
    part docxtpl renders) between runs; everything else compiles as Jinja does."""

    def compile(self, source: Any, name: str | None = None, filename: str | None = None, raw: bool = False,
                defer_init: bool = False) -> Any:
        compile_ = super().compile  # type: ignore[misc]
        secret = _secret()
        if not isinstance(source, str) or name or filename or raw or defer_init or secret is None:
            return compile_(source, name, filename, raw, defer_init)
        key = _key_or_none(self, source)
        if key is None:
            return compile_(source, name, filename, raw, defer_init)
        code = load(key, secret)
        if code is None:
            code = compile_(source, name, filename, raw, defer_init)
            store(key, secret, code)
        return code
