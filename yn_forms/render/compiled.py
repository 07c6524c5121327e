"""Compiled templates kept between runs, in the user's cache folder (``render.kept``).

Jinja compiles each part of a Word template (its XML, a few hundred kilobytes with the tags) to Python
code on every render: a tenth of a small ``fill``'s CPU, paid again by 预览, the fit check and
``check-template``. The code depends only on the part's text and on how this app compiles it, so it is
kept under a key hashing both: the part's text (so a changed or replaced template is a new key, never a
stale hit — the same as keying by the file's bytes, and one template edited back is a hit again), the
Jinja and Python versions, and the sources of the sandbox that meters the code it generates.

What is kept is code that will run, so it is read back only when signed by this user's secret
(``render.kept``): a damaged entry, or one written by someone else, is ignored — the part is compiled as
if nothing were kept — and written again. Pickle is never used; ``marshal`` only reads what was signed
here. Nothing here raises: when the folders cannot be written, templates are compiled as before.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from functools import lru_cache
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2.utils import _PassArg

import yn_forms
from yn_forms.render import kept

FOLDER = "compiled-templates"


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


def load(key: bytes) -> CodeType | None:
    """The code kept under *key*, if there and signed here."""
    payload = kept.load(FOLDER, key)
    if payload is None:
        return None
    try:
        code = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    return code if isinstance(code, CodeType) else None


def store(key: bytes, code: CodeType) -> None:
    try:
        payload = marshal.dumps(code)
    except ValueError:
        return
    kept.store(FOLDER, key, payload)


class KeptCompiles:
    """A Jinja environment's ``compile`` that keeps what it compiles from text (``from_string``: every Word
    part docxtpl renders) between runs; everything else compiles as Jinja does."""

    def compile(self, source: Any, name: str | None = None, filename: str | None = None, raw: bool = False,
                defer_init: bool = False) -> Any:
        compile_ = super().compile  # type: ignore[misc]
        if not isinstance(source, str) or name or filename or raw or defer_init:
            return compile_(source, name, filename, raw, defer_init)
        key = _key_or_none(self, source)
        if key is None:
            return compile_(source, name, filename, raw, defer_init)
        code = load(key)
        if code is None:
            code = compile_(source, name, filename, raw, defer_init)
            store(key, code)
        return code
