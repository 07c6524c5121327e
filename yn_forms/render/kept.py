"""Signed entries in the user's cache folder: what a run works out from a template, kept for the next run.

An entry is read back only when signed: each file carries an HMAC-SHA256 of its key and contents under
a random secret of this user (in the user's data folder, readable by the user alone). A file that was
cut short, damaged, signed under another secret or written by someone else is not returned — the caller
works the thing out again and stores it anew. Nothing here raises: when the folders cannot be written,
nothing is kept. ``render.compiled`` keeps compiled templates here, ``render.wordin.keptmap`` reading maps.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tempfile
from functools import lru_cache
from pathlib import Path

from yn_forms.paths import user_cache_dir, user_data_dir

SECRET_FILE = "cache-secret"
MAX_ENTRIES = 200  # entries kept in a folder; a clerk's templates make a few each
MAX_ENTRY_BYTES = 64 * 1024 * 1024  # an entry is well under a megabyte
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


def secret() -> bytes | None:
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


def _entry(folder: str, key: bytes) -> Path:
    return user_cache_dir() / folder / f"{key.hex()}.kept"


def load(folder: str, key: bytes) -> bytes | None:
    """What was kept in *folder* under *key*, if its file is there, whole and signed by this user's secret."""
    signing = secret()
    if signing is None:
        return None
    try:
        path = _entry(folder, key)
        if path.stat().st_size > MAX_ENTRY_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    signature, payload = data[:_DIGEST], data[_DIGEST:]
    if not hmac.compare_digest(signature, hmac.new(signing, key + payload, hashlib.sha256).digest()):
        return None
    return payload


def store(folder: str, key: bytes, payload: bytes) -> None:
    """Keep *payload* in *folder* under *key*, signed; the oldest entries go beyond ``MAX_ENTRIES``."""
    signing = secret()
    if signing is None:
        return
    try:
        path = _entry(folder, key)
        _write_atomically(path, hmac.new(signing, key + payload, hashlib.sha256).digest() + payload)
        entries = list(path.parent.glob("*.kept"))
        if len(entries) > MAX_ENTRIES:
            entries.sort(key=lambda p: p.stat().st_mtime)
            for old in entries[:len(entries) - MAX_ENTRIES]:
                old.unlink(missing_ok=True)
    except OSError:
        pass
