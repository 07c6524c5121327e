"""What the benchmarks share: timing whole processes, and the largest realistic application.

Whole processes are measured in CPU time (user + system of the process and the children it waited
for, from ``os.times()``) beside the wall time: on a machine shared with other work the wall time of
a process grows with the load, its CPU time much less. Figures that are compared are measured
interleaved (ours, then each baseline, round after round), so a slow moment hits them alike, after
``compile_sources`` (with ``PYTHONDONTWRITEBYTECODE`` set and an editable install, every process
would compile the sources again and pay for it).
"""

from __future__ import annotations

import compileall
import copy
import os
import statistics
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def median_wall(cmd: list[str], runs: int, **kwargs: Any) -> float:
    """Median wall time of running *cmd* to completion, *runs* times."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, **kwargs)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@dataclass(frozen=True)
class Timing:
    """The medians of one command's runs, in seconds."""

    cpu: float
    wall: float


def run_once(cmd: list[str], **kwargs: Any) -> Timing:
    """One run of *cmd*: its wall time and the CPU time of its process tree (what it waited for)."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, **kwargs)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return Timing(cpu, wall)


def interleaved(cmds: dict[str, list[str]], runs: int, **kwargs: Any) -> dict[str, Timing]:
    """Median CPU and wall time of each command of *cmds*, run in turn *runs* times (one warm-up round
    first, not counted: the first process after a pause pays for the disk cache)."""
    samples: dict[str, list[Timing]] = {name: [] for name in cmds}
    for round_ in range(runs + 1):
        for name, cmd in cmds.items():
            timing = run_once(cmd, **kwargs)
            if round_:
                samples[name].append(timing)
    return {name: Timing(statistics.median(t.cpu for t in got), statistics.median(t.wall for t in got))
            for name, got in samples.items()}


def compile_sources(root: Path) -> None:
    """Byte-compile the project and the installed libraries once, as an installed app has them."""
    for folder in (root / "yn_forms", Path(sysconfig.get_paths()["purelib"])):
        compileall.compile_dir(str(folder), quiet=2, workers=1)


def machine_note() -> str:
    """The load when measured, for the table's note: the wall times of a loaded machine are noisy."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"load average {load:.1f} on {os.cpu_count()} CPUs"


def with_members(example: dict[str, Any], count: int) -> dict[str, Any]:
    """The example application grown to *count* member units, each listed in 表1."""
    data = copy.deepcopy(example)
    members = data["members"]
    data["members"] = [copy.deepcopy(members[i % len(members)]) for i in range(count)]
    data["basic"]["participants"] = [f"成员单位{i}" for i in range(count)]
    for i, member in enumerate(data["members"]):
        member["name"] = f"成员单位{i}"
    return data


Row = tuple[str, str, str, str, str]  # what, ours, bare, ours ÷ bare, budget
FloorRow = tuple[str, str, str, str, str, str]  # what, ours, bare, ours ÷ bare, floor ÷ bare, budget
HEADER = ("what", "ours", "bare", "ours ÷ bare", "floor ÷ bare", "goal")


def print_table(rows: list[Row | FloorRow], markdown: bool = False) -> None:
    """what / ours / bare / ratio / the fair floor's ratio / goal: aligned for reading, or as Markdown rows for
    the README (``bench/all.py`` collects the rows of every script into one table). A row without a floor
    (most: there is no library cost to add to the bare baseline) shows “—” there."""
    full = [row if len(row) == 6 else (*row[:4], "—", row[4]) for row in rows]
    if markdown:
        for row in full:
            print("| " + " | ".join(row) + " |")
        return
    width = max(len(r[0]) for r in [HEADER, *full]) + 2
    for row in [HEADER, *full]:
        print(f"{row[0]:<{width}}{row[1]:>14}{row[2]:>14}{row[3]:>12}{row[4]:>13}{row[5]:>9}")


def project_on_path() -> Path:
    """The checkout's root, first on ``sys.path``: a benchmark measures this checkout's code, not a copy
    installed elsewhere."""
    root = Path(__file__).resolve().parent.parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    return root


def add_arguments(parser, runs: int) -> None:
    """The options every benchmark takes."""
    parser.add_argument("--runs", type=int, default=runs, help="runs per figure; the median is printed")
    parser.add_argument("--markdown", action="store_true", help="print only the table's rows, as Markdown")
