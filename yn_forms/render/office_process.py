"""Starting LibreOffice so that it dies with the program that started it.

A conversion runs LibreOffice in a process group of its own (so a timeout can kill all of it:
``soffice`` starts ``oosplash``, which starts ``soffice.bin``). Left at that, a kill -9 of the app —
or of ``yn-forms fill --pdf`` — leaves a hung LibreOffice running for ever under PID 1, with no
timeout any more. So it is tied to its caller:

- Linux: the first process of the group is a small ``sh`` guard with a parent-death signal
  (``prctl(PR_SET_PDEATHSIG, SIGTERM)``); when the caller dies, however, the guard kills the
  whole group. (The signal reaches only the direct child, and LibreOffice's ``soffice.bin`` is a
  grandchild: hence the guard rather than the signal on ``soffice`` itself.) The signal is sent when
  the *thread* that started the child ends, so the caller's thread must wait for the conversion, as
  :func:`yn_forms.render.pdf.convert_to_pdf` does.
- Windows: the child is put in a job object that kills every process in it when the job's last
  handle closes — which the system does when the app ends, however it ends. (Not testable on the
  Linux build machine; written from the Win32 documentation.)
- elsewhere (macOS): the process group only; the timeout still holds while the caller lives.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator

from yn_forms.render.winjob import EXTENDED_LIMIT_INFORMATION, KILL_ON_JOB_CLOSE, extended_limits

_GUARD = 'trap "kill -9 0" TERM HUP; "$@" & wait $!'  # kill -9 0: every process of the group
_PR_SET_PDEATHSIG = 1


def start(command: list[str], **kwargs: object) -> subprocess.Popen:
    """``subprocess.Popen(command, **kwargs)`` in a process group of its own, tied to this process."""
    if sys.platform.startswith("linux") and os.path.exists("/bin/sh"):
        with _termination_held():
            return subprocess.Popen(["/bin/sh", "-c", _GUARD, "sh", *command], start_new_session=True,
                                    preexec_fn=_dies_with(os.getpid()), **kwargs)  # type: ignore[arg-type]
    if os.name == "posix":
        return subprocess.Popen(command, start_new_session=True, **kwargs)  # type: ignore[arg-type]
    flags = subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.CREATE_NO_WINDOW  # type: ignore[attr-defined]
    proc = subprocess.Popen(command, creationflags=flags, **kwargs)  # type: ignore[arg-type]
    with contextlib.suppress(OSError, AttributeError):
        _windows_job().assign(proc)
    return proc


@contextlib.contextmanager
def _termination_held() -> Iterator[None]:
    """A SIGTERM arriving while the child is forked is acted on once ``Popen`` returns. With a ``preexec_fn``,
    Python runs its fork hooks in the parent (``logging``'s lock release), and a handler that ends the command
    (``cli_guard``: ``SystemExit``) raised inside one is printed as "Exception ignored" and lost — the command
    went on as if never stopped. Python runs handlers in the main thread only: elsewhere nothing is held."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    handler = signal.getsignal(signal.SIGTERM)
    if not callable(handler):
        yield
        return
    arrived: list[int] = []
    signal.signal(signal.SIGTERM, lambda signum, _frame: arrived.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, handler)
        if arrived:
            handler(arrived[0], None)


def _dies_with(parent: int) -> Callable[[], None]:
    """Run in the child between fork and exec: ask for SIGTERM when the parent dies, and die now if it
    already has (it may have died before the request was made). The C function is looked up here, in
    the parent: the child only calls it."""
    prctl = ctypes.CDLL(None, use_errno=True).prctl

    def request() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
    return request


class _Job:
    """A Windows job object that kills its processes when this process ends (its handle is never closed)."""

    def __init__(self) -> None:
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]  # Windows only
        kernel32.CreateJobObjectW.restype = wintypes.HANDLE
        kernel32.CreateJobObjectW.argtypes = [ctypes.c_void_p, wintypes.LPCWSTR]
        kernel32.SetInformationJobObject.argtypes = [wintypes.HANDLE, ctypes.c_int, ctypes.c_void_p, wintypes.DWORD]
        kernel32.AssignProcessToJobObject.argtypes = [wintypes.HANDLE, wintypes.HANDLE]
        self._kernel32 = kernel32
        self.handle = kernel32.CreateJobObjectW(None, None)
        if not self.handle:
            raise OSError(ctypes.get_last_error(), "CreateJobObjectW")  # type: ignore[attr-defined]
        limits = extended_limits(KILL_ON_JOB_CLOSE)
        if not kernel32.SetInformationJobObject(self.handle, EXTENDED_LIMIT_INFORMATION, ctypes.byref(limits),
                                                ctypes.sizeof(limits)):
            raise OSError(ctypes.get_last_error(), "SetInformationJobObject")  # type: ignore[attr-defined]

    def assign(self, proc: subprocess.Popen) -> None:
        """Put *proc* in the job; what it starts from now on is in the job too."""
        if not self._kernel32.AssignProcessToJobObject(self.handle, int(proc._handle)):  # type: ignore[attr-defined]
            raise OSError(ctypes.get_last_error(), "AssignProcessToJobObject")  # type: ignore[attr-defined]


_job: _Job | None = None


def _windows_job() -> _Job:
    global _job
    if _job is None:
        _job = _Job()
    return _job
