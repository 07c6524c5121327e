"""How a command ends when the system, not the data, stops it: a signal, an OS error, a bad output name.

Kept apart from the commands (``cli``): each of these holds for every command alike.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
from typing import Any

from yn_forms.core.oserrors import describe, output_problem


def finish_cleanly_on_terminate() -> None:
    """A command stopped by SIGTERM (``timeout``, a scheduler, closing a terminal) unwinds like an error:
    the temporary ``.yn-out-*`` files of documents being written are removed on the way out, instead
    of being left in the clerk's folder by the default handler, which ends the process on the spot."""
    def terminate(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    with contextlib.suppress(ValueError, OSError):  # ValueError: not the main thread (main() called from a test)
        signal.signal(signal.SIGTERM, terminate)


def refused_output(args: argparse.Namespace) -> str | None:
    """Why the command's ``-o`` cannot be written, before any work: a name the system refuses (too long,
    invalid), a symbolic link to nowhere (``core.oserrors.output_problem``). None when nothing is known."""
    output = getattr(args, "output", None)
    return output_problem(output) if output else None


def os_error_message(exc: OSError | RecursionError) -> str:
    """An error no command worded itself, in Chinese (never a traceback)."""
    if isinstance(exc, RecursionError):  # a folder or a file nested thousands deep, where no cap was foreseen
        return "文件夹或文件内容的层次过深，无法处理"
    return describe(exc)
