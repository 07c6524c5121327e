"""Killing a process at a random moment of its work, as a power cut or the task manager would."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path


def kill_while_working(script: str, args: list[str], cwd: Path, rng: random.Random, longest: float) -> int:
    """Run *script* (it prints ``ready`` once it has begun its work), let it work for up to *longest*
    seconds and kill it with SIGKILL; returns its exit code."""
    proc = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, cwd=cwd)
    try:
        assert proc.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.02, longest))
        assert proc.poll() is None, "the working process stopped by itself"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    return proc.returncode
