"""Reading maps kept between runs: each template read once per version of its file, not once per ``import``.

Working out a template's reading map (``readmap``: python-docx opens it, Jinja parses every tag) is
most of what ``import`` pays for the templates, the same every run. The map is kept in the user's cache
folder (``render.kept``) under a hash of the template file's bytes, the names it is read under and the
sources of the reader, so a changed or replaced template — or a changed reader — is read afresh. Entries
are pickled, and unpickled only when signed by this user's secret: a damaged or foreign one is never
loaded, the template is read again and the entry written anew.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from functools import lru_cache
from pathlib import Path

import docx

from yn_forms.render import kept
from yn_forms.render.wordin import normal, readmap
from yn_forms.render.wordin.readmap import DocumentMap

FOLDER = "reading-maps"
MAX_TEMPLATE_BYTES = 32 * 1024 * 1024  # larger files are read as before, never hashed whole


@lru_cache(maxsize=1)
def _reader() -> bytes:
    """What, besides the template, decides its map: the reader's sources and python-docx's version."""
    digest = hashlib.sha256(f"{sys.version}|{getattr(docx, '__version__', '')}".encode())
    for module in (readmap, normal):
        try:
            digest.update(Path(module.__file__ or "").read_bytes())
        except OSError:
            digest.update(sys.executable.encode())
    return digest.digest()


def document_map(path: Path, name: str, title: str, top: frozenset[str]) -> DocumentMap:
    """``readmap.document_map``, kept between runs; the same errors for a file that cannot be read."""
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            return readmap.document_map(path, name, title, top)
        data = path.read_bytes()
    except OSError:
        return readmap.document_map(path, name, title, top)  # says why, as before
    digest = hashlib.sha256(_reader())
    for part in (data, name.encode(), title.encode(), "\0".join(sorted(top)).encode()):
        digest.update(hashlib.sha256(part).digest())
    return _kept(digest.digest(), path, name, title, top)


@lru_cache(maxsize=32)
def _kept(key: bytes, path: Path, name: str, title: str, top: frozenset[str]) -> DocumentMap:
    payload = kept.load(FOLDER, key)
    if payload is not None:
        try:
            found = pickle.loads(payload)  # signed by this user's secret (render.kept), never a stranger's
        except Exception:  # an entry of an older reader: the template is read again
            found = None
        if isinstance(found, DocumentMap):
            return found
    # read past readmap's own cache, keyed by the file's mtime: a file replaced within its resolution must
    # not be kept under the new bytes' key with the old file's map
    made = readmap._read_template.__wrapped__(str(path), 0.0, name, title, top)
    kept.store(FOLDER, key, pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
    return made
