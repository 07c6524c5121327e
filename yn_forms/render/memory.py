"""How much memory this process holds now, as the system counts it: what a render's budget watches.

Read cheaply enough to look every few hundred steps of a template (microseconds): on Linux the
resident size from ``/proc/self/statm`` through a descriptor kept open, on Windows the private
commit (what a job object's memory limit counts) through ``GetProcessMemoryInfo``. Elsewhere
(macOS) there is no cheap reading of the present size and ``resident_bytes`` is None: the budget's
own count of what a template makes is then the only watch.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable

_lock = threading.Lock()
_reader: tuple[int, Callable[[], int | None]] | None = None  # (the process it was made in, the reader)


def resident_bytes() -> int | None:
    """The memory the process holds now, in bytes; None where the system gives no cheap answer."""
    global _reader
    with _lock:
        if _reader is None or _reader[0] != os.getpid():  # a forked child reads its own figures
            _reader = (os.getpid(), _make_reader())
        read = _reader[1]
    return read()


def _make_reader() -> Callable[[], int | None]:
    if sys.platform.startswith("linux"):
        return _linux_reader()
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return _windows_reader()
    return lambda: None


def _linux_reader() -> Callable[[], int | None]:
    try:
        fd = os.open("/proc/self/statm", os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return lambda: None
    page = os.sysconf("SC_PAGE_SIZE")

    def read() -> int | None:
        try:
            return int(os.pread(fd, 128, 0).split()[1]) * page
        except (OSError, IndexError, ValueError):
            return None

    return read


def _windows_reader() -> Callable[[], int | None]:  # pragma: no cover - Windows only
    try:
        import ctypes
        from ctypes import wintypes

        class Counters(ctypes.Structure):
            _fields_ = [("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD),
                        *((name, ctypes.c_size_t) for name in (
                            "PeakWorkingSetSize", "WorkingSetSize", "QuotaPeakPagedPoolUsage", "QuotaPagedPoolUsage",
                            "QuotaPeakNonPagedPoolUsage", "QuotaNonPagedPoolUsage", "PagefileUsage",
                            "PeakPagefileUsage", "PrivateUsage"))]

        kernel32 = ctypes.WinDLL("kernel32")
        kernel32.GetCurrentProcess.restype = wintypes.HANDLE
        get_info = kernel32.K32GetProcessMemoryInfo
        get_info.argtypes = [wintypes.HANDLE, ctypes.POINTER(Counters), wintypes.DWORD]
        get_info.restype = wintypes.BOOL
        process = kernel32.GetCurrentProcess()
    except (OSError, AttributeError, ImportError):
        return lambda: None

    def read() -> int | None:
        counters = Counters()
        counters.cb = ctypes.sizeof(Counters)
        if not get_info(process, ctypes.byref(counters), counters.cb):
            return None
        return int(counters.PrivateUsage)

    return read
