"""A reading the clerk can stop (取消 in the busy dialog), wherever it has got to.

A file may be read for many seconds (the 64 MB of text a .docx may hold, hundreds of
thousands of paragraphs), and the work that takes them is spread over the reader: opening,
comparing every text, trying each attachment's map. Rather than hand a stop request down
through each of them, the caller states it once for the thread doing the reading
(``stop_when``) and every long step asks ``checkpoint()`` between pieces of work small
enough to answer within a fraction of a second. A reading nobody can stop (the command
line, the 州市 desk's worker processes) pays one attribute lookup per piece.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_LOCAL = threading.local()


class Stopped(Exception):
    """The reading stopped as asked; nothing of it is kept."""


@contextmanager
def stop_when(stopped: Callable[[], bool] | None) -> Iterator[None]:
    """Readings on this thread inside the block stop (raising ``Stopped``) once *stopped()* says so."""
    previous = getattr(_LOCAL, "stopped", None)
    _LOCAL.stopped = stopped
    try:
        yield
    finally:
        _LOCAL.stopped = previous


def checkpoint() -> None:
    """Raise ``Stopped`` if the reading on this thread has been asked to stop."""
    stopped = getattr(_LOCAL, "stopped", None)
    if stopped is not None and stopped():
        raise Stopped("已取消读取")
