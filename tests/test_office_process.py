"""LibreOffice dies with the program that started it (render.office_process).

A ``fill --pdf`` killed with SIGKILL while LibreOffice converts must not leave it running: a hung
LibreOffice would otherwise stay for ever under PID 1, with no timeout any more.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
ROOT = Path(__file__).resolve().parents[1]

HUNG_SOFFICE = """#!/bin/sh
# like soffice: a launcher whose child (soffice.bin) does the work — and hangs
sleep 300 &
echo "$$ $!" > "$PIDS"
wait
"""


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except (OSError, IndexError):
        return False


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def fill_pdf(tmp_path: Path, data: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "yn_forms", "fill", "innovation-centre", str(data), "-o",
                             str(tmp_path / "out"), "--pdf"], env={**os.environ, "PYTHONPATH": str(ROOT), **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@linux_only
def test_a_hung_libreoffice_dies_with_a_killed_fill(tmp_path, example, write_json):
    fake = tmp_path / "soffice"
    fake.write_text(HUNG_SOFFICE, encoding="utf-8")
    fake.chmod(0o755)
    pids = tmp_path / "pids"
    proc = fill_pdf(tmp_path, write_json(example), {"YN_FORMS_SOFFICE": str(fake), "PIDS": str(pids)})
    try:
        assert wait_until(lambda: pids.exists() and pids.read_text().strip().count(" ") == 1, 60)
        launcher, worker = (int(p) for p in pids.read_text().split())
        assert alive(launcher) and alive(worker)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert wait_until(lambda: not alive(launcher) and not alive(worker), 5), "LibreOffice outlived its caller"
    finally:
        proc.kill()
        proc.wait()


@linux_only
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_real_libreoffice_dies_with_a_killed_fill(tmp_path, example, write_json):
    proc = fill_pdf(tmp_path, write_json(example), {})
    marker = str(tmp_path / "out")

    def ours() -> list[tuple[int, str]]:
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    cmdline = (entry / "cmdline").read_bytes().decode("utf-8", "replace")
                except OSError:
                    continue
                if marker in cmdline and "soffice" in cmdline and alive(int(entry.name)):
                    found.append((int(entry.name), cmdline))
        return found

    try:
        assert wait_until(lambda: any("soffice.bin" in cmdline for _, cmdline in ours()), 120), \
            "LibreOffice did not start"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert wait_until(lambda: not ours(), 5), "LibreOffice outlived its caller"
    finally:
        proc.kill()
        proc.wait()


@linux_only
def test_a_sigterm_while_libreoffice_is_forked_still_stops_the_command(monkeypatch):
    """The command's SIGTERM arriving while the child is forked — where Python runs its fork hooks, and an
    exception raised in one is printed and dropped — still ends the command, once the child is started."""
    from yn_forms.cli_guard import finish_cleanly_on_terminate
    from yn_forms.render import office_process

    dropped = []

    def forking(command, **kwargs):
        os.kill(os.getpid(), signal.SIGTERM)  # arrives "during the fork"
        try:
            for _ in range(1000):  # a fork hook's Python code: the handler would run here
                pass
        except BaseException as exc:  # what Python does with an exception raised in a fork hook
            dropped.append(exc)
        return "started"

    before = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(office_process.subprocess, "Popen", forking)
    try:
        finish_cleanly_on_terminate()
        with pytest.raises(SystemExit) as stopped:
            office_process.start(["soffice"])
    finally:
        signal.signal(signal.SIGTERM, before)
    assert stopped.value.code == 128 + signal.SIGTERM and dropped == []
