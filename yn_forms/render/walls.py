"""A worker process the system holds to a deadline and a memory ceiling: where a template from elsewhere runs.

The sandbox's budget (``render.budget``) refuses, naming the limit, everything a template can ask
of Jinja. But a template also drives code no budget can look inside, because it runs as one call
into C: docxtpl's regular expressions over the Word XML (8,000 unclosed ``{{`` took 3.5 s, 20,000
self-closed paragraphs 52 s, growing with the square), Python compiling the template, lxml parsing
what it printed. So everything done with a template that is not one of the app's own — reading
its tags for the contract check, rendering it — runs in a worker process (``run_walled``):

- **time**: the worker is killed when it has not answered *seconds* + ``GRACE`` after the job was
  handed over, wherever it is;
- **memory**: the worker caps itself for each job at its size when the job arrives plus *memory* —
  on Linux its address space (``RLIMIT_AS``), on Windows its committed memory through a job
  object; an allocation past it fails (``MemoryError``) or the worker dies, and either is told as
  the limit. On other systems (macOS) only the budget's own watch holds.

One worker serves the whole process, one job at a time: renders wait for each other, so two never
add up (the 审核 page's fit check and 生成 at once). It stays between jobs, since starting one costs
the interpreter and the libraries (about half a second), and is replaced after a job that killed it,
or that left it more than ``RECYCLE_ABOVE`` larger than it started. The parent's own memory is not
touched by what a job does; what comes back is checked by the caller before it is read.

Why not a worker for the built-in templates too: they are the app's own, tested at 300 member units
within the budget, and what they print is bounded by it whatever the data; a worker would cost each
document a copy of its data and of its rendered file (about 0.2 s) for no wall they need.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from yn_forms.render.memory import resident_bytes

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

#: read at each job, as ``budget.RENDER_SECONDS`` is: a test shortens both to see a kill within seconds
GRACE = 5.0  # seconds beyond the budget's deadline: the job's own refusal comes first, the kill after
START_SECONDS = 120.0  # a worker starting on a busy machine (imports; a frozen app unpacks nothing)
TAKEN_SECONDS = 30.0  # for the worker to say it has the job
IDLE_SECONDS = 300.0  # a worker with nothing to do for this long ends, giving its memory back
RECYCLE_ABOVE = 64 * 1024 * 1024
#: imported by the worker before it says it is ready, so that a job's time is its own
PRELOAD = ("yn_forms.render.steps", "yn_forms.render.contract")


class WallHit(Exception):
    """The worker was stopped by a wall (*kind*: "time" or "memory"); the job's own result never came."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class WorkerUnavailable(Exception):
    """No worker process could be started here (the caller then does the job itself, within its budget)."""


class _Worker:
    def __init__(self) -> None:
        import multiprocessing  # only a template from elsewhere starts a worker: not every render's import

        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        self.conn: Connection = parent
        self.process = context.Process(target=_serve, args=(child, PRELOAD), name="yn-forms-template-worker",
                                       daemon=True)
        try:
            self.process.start()
        except (OSError, RuntimeError) as exc:  # pragma: no cover - a system without processes to spare
            raise WorkerUnavailable(str(exc)) from exc
        finally:
            child.close()
        if not self.conn.poll(START_SECONDS):
            self.stop()
            raise WorkerUnavailable("the worker did not start")
        try:
            self.conn.recv()  # "ready"
        except (EOFError, OSError) as exc:
            self.stop()
            raise WorkerUnavailable("the worker did not start") from exc

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


_lock = threading.Lock()
_worker: _Worker | None = None


def run_walled(func: Callable[..., Any], *args: Any, seconds: float, memory: int) -> Any:
    """``func(*args)`` in the worker: its result, or the exception it raised (raised here).

    Raises ``WallHit`` when the worker was stopped — killed after *seconds* + ``GRACE``, or out of
    the *memory* it may add — and ``WorkerUnavailable`` when no worker can be started. *func* and
    *args* travel by pickle: a module-level function and plain data.
    """
    with _lock:
        worker = _handed(func, args, memory)
        if not worker.conn.poll(seconds + GRACE):
            _drop(worker)
            raise WallHit("time")
        try:
            outcome, value, recycle = worker.conn.recv()
        except (EOFError, OSError):  # died without a word: an allocation past the cap in C code
            _drop(worker)
            raise WallHit("memory") from None
        if recycle:
            _drop(worker)
    if outcome == "memory":
        raise WallHit("memory")
    if outcome == "error":
        raise value
    return value


def _handed(func: Callable[..., Any], args: tuple[Any, ...], memory: int) -> _Worker:
    """The worker that has taken the job: a new one when the last has ended meanwhile (idle, or gone)."""
    global _worker
    for _attempt in range(2):
        if _worker is None or not _worker.process.is_alive():
            _worker = _Worker()
        worker = _worker
        try:
            worker.conn.send((func, args, memory))
            if worker.conn.poll(TAKEN_SECONDS) and worker.conn.recv() == "taken":
                return worker
        except (OSError, EOFError):
            pass
        _drop(worker)  # it ended as the job came: once more, with a new one
    raise WorkerUnavailable("the worker does not take jobs")


def _drop(worker: _Worker) -> None:
    global _worker
    worker.stop()
    if _worker is worker:
        _worker = None


def stop_worker() -> None:
    """End the worker now (a test, or the app leaving); the next job starts another."""
    with _lock:
        if _worker is not None:
            _drop(_worker)


# --- in the worker ----------------------------------------------------------------------------------


def _serve(conn: Connection, preload: tuple[str, ...] = ()) -> None:
    """The worker's life: a job at a time, each within its memory cap, until the parent goes or it idles."""
    import importlib

    for module in preload:
        importlib.import_module(module)
    started = resident_bytes()
    cap = _MemoryCap()
    conn.send("ready")
    while True:
        try:
            if not conn.poll(IDLE_SECONDS):
                return
            func, args, memory = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return  # the parent is gone
        conn.send("taken")
        cap.set(memory)
        try:
            outcome, value = "ok", func(*args)
        except MemoryError:
            outcome, value = "memory", None
        except Exception as exc:  # the job's own refusal, told where it was asked
            outcome, value = "error", exc
        finally:
            cap.clear()
        now = resident_bytes()
        recycle = outcome == "memory" or (started is not None and now is not None and now - started > RECYCLE_ABOVE)
        try:
            conn.send((outcome, value, recycle))
        except Exception as exc:  # a result that cannot travel: said as an error
            conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}"), True))
        if recycle:
            return


class _MemoryCap:
    """The worker's own memory cap, set afresh for each job: its present size plus what the job may add."""

    def __init__(self) -> None:
        self._job: Any = None
        if sys.platform == "win32":  # pragma: no cover - Windows only
            self._job = _windows_job()

    def set(self, memory: int) -> None:
        if sys.platform.startswith("linux"):
            import resource

            size = _address_space()
            if size is not None:
                _, hard = resource.getrlimit(resource.RLIMIT_AS)
                soft = size + memory
                resource.setrlimit(resource.RLIMIT_AS, (soft if hard == resource.RLIM_INFINITY else min(soft, hard),
                                                        hard))
        elif self._job is not None:  # pragma: no cover - Windows only
            now = resident_bytes()
            if now is not None:
                _windows_limit(self._job, now + memory)

    def clear(self) -> None:
        if sys.platform.startswith("linux"):
            import resource

            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
        elif self._job is not None:  # pragma: no cover - Windows only
            _windows_limit(self._job, 0)


def _address_space() -> int | None:
    """The worker's virtual size now (what ``RLIMIT_AS`` counts)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            import os

            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _windows_job() -> Any:  # pragma: no cover - Windows only
    """A job object holding the worker, whose memory limit each job sets; None when it cannot be made."""
    try:
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.CreateJobObjectW.restype = ctypes.c_void_p
        kernel32.GetCurrentProcess.restype = ctypes.c_void_p
        job = kernel32.CreateJobObjectW(None, None)
        if not job or not kernel32.AssignProcessToJobObject(ctypes.c_void_p(job),
                                                            ctypes.c_void_p(kernel32.GetCurrentProcess())):
            return None
        return (kernel32, job)
    except (OSError, AttributeError):
        return None


def _windows_limit(handle: Any, limit: int) -> None:  # pragma: no cover - Windows only
    """The job object's per-process memory limit (0: none)."""
    import ctypes

    from yn_forms.render.winjob import EXTENDED_LIMIT_INFORMATION, PROCESS_MEMORY, extended_limits

    kernel32, job = handle
    limits = extended_limits(PROCESS_MEMORY, limit) if limit else extended_limits(0)
    kernel32.SetInformationJobObject(ctypes.c_void_p(job), EXTENDED_LIMIT_INFORMATION,
                                     ctypes.byref(limits), ctypes.sizeof(limits))
