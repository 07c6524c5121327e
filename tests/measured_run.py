"""A process run as the clerk would run it, with the time it took and the most memory it held.

The memory is the resident size of the process and of every process it started (the worker that
renders a template from elsewhere), summed, read from ``/proc`` every 20 ms: what the machine
gives up to the app. A run past *kill_above_mb* or *kill_after* seconds is killed, so that a test
that fails does not take the machine with it. Linux only (``/proc``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass
class Run:
    code: int | None  # None: killed by the watch
    seconds: float
    peak_mb: int
    out: str
    err: str
    killed: str = ""


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    return children


def tree(pid: int) -> list[int]:
    """*pid* and every process under it."""
    children, found, waiting = _children(), [], [pid]
    while waiting:
        current = waiting.pop()
        found.append(current)
        waiting.extend(children.get(current, []))
    return found


def resident_mb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
                total += int(statm.read().split()[1]) * PAGE
        except (OSError, ValueError, IndexError):
            pass
    return total // (1024 * 1024)


class TreeWatch:
    """The most memory the process tree of *pid* holds while the watch runs (this process: its own workers)."""

    def __init__(self, pid: int | None = None) -> None:
        self.pid = pid or os.getpid()
        self.peak_mb = 0
        self.base_mb = 0  # the tree when the watch began: the test process itself may already be large
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> TreeWatch:
        self.base_mb = resident_mb(tree(self.pid))
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        pids: list[int] = []
        rounds = 0
        while not self._stop.is_set():
            if rounds % 10 == 0:
                pids = tree(self.pid)
            rounds += 1
            self.peak_mb = max(self.peak_mb, resident_mb(pids))
            time.sleep(0.02)


def run_cli(args: list[str], *, kill_above_mb: int = 2500, kill_after: float = 120.0) -> Run:
    """``python -m yn_forms *args`` in a process of its own, watched."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "yn_forms", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    output: dict[str, bytes] = {}
    reader = threading.Thread(target=lambda: output.update(zip(("out", "err"), proc.communicate(), strict=True)))
    reader.start()
    peak, killed, rounds, pids = 0, "", 0, [proc.pid]
    while proc.poll() is None:
        if rounds % 10 == 0:
            pids = tree(proc.pid)
        rounds += 1
        peak = max(peak, resident_mb(pids))
        elapsed = time.monotonic() - started
        if not killed and (peak > kill_above_mb or elapsed > kill_after):
            killed = f"killed at {peak} MB after {elapsed:.1f} s"
            os.killpg(proc.pid, signal.SIGKILL)
        time.sleep(0.02)
    reader.join()
    seconds = time.monotonic() - started
    return Run(None if killed else proc.returncode, seconds, peak, output["out"].decode("utf-8", "replace"),
               output["err"].decode("utf-8", "replace"), killed)


# --- jobs for the worker process (``render.walls``), importable there ---------------------------------


def hold_memory(megabytes: int) -> int:
    """Make and hold *megabytes* of memory, a megabyte at a time (as a runaway render would)."""
    held = [bytearray(1024 * 1024) for _ in range(megabytes)]
    return len(held)


def sleep_in_c(seconds: float) -> None:
    """Stay in one call into C for *seconds* (as a regular expression gone quadratic would)."""
    time.sleep(seconds)
