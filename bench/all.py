"""Every speed budget of the app in one table, for the README: ``python bench/all.py > table.md``.

Runs each benchmark script in its own process (the GUI one needs a Qt application of
its own, and none should pay for another's imports) with ``--markdown`` and puts
their rows under one header. Each figure is a median of ``--runs`` runs, beside a
baseline measured in the same run; the ratio is ours / baseline. ``fill`` and ``summary`` are measured in
CPU time of the whole process tree, interleaved with their baselines, and show the fair floor too (the
bare library's work plus what validating with the libraries costs). The sources are byte-compiled first. Takes a few
minutes, mostly LibreOffice, the 5,000-application summary and the desk's 300 Word folders.

    python bench/all.py [--runs 5] [--skip pdf]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from datetime import date
from pathlib import Path

from common import HEADER, compile_sources, machine_note

HERE = Path(__file__).resolve().parent
SCRIPTS = ("startup", "fill", "gui", "units", "pdf", "summary", "wordin", "desk", "pack")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip", action="append", default=[], choices=SCRIPTS)
    args = parser.parse_args()
    compile_sources(HERE.parent)
    rows: list[str] = []
    for name in SCRIPTS:
        if name in args.skip:
            continue
        runs = min(args.runs, 3) if name in ("summary", "desk") else args.runs  # 5,000 files, 300 folders
        done = subprocess.run([sys.executable, str(HERE / f"{name}.py"), "--runs", str(runs), "--markdown"],
                              capture_output=True, text=True, cwd=HERE.parent)
        if done.returncode != 0:
            rows.append(f"| `bench/{name}.py` failed: {done.stderr.strip().splitlines()[-1:]} | | | | |")
            continue
        rows += [line for line in done.stdout.splitlines() if line.startswith("| ")]
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"Measured {date.today().isoformat()} on {platform.system()} {platform.machine()}, {cpus} CPUs, "
          f"Python {platform.python_version()}; median of {args.runs} runs (summary, desk: {min(args.runs, 3)}); "
          f"{machine_note()} at the end.")
    print()
    print("| " + " | ".join(HEADER) + " |")
    print("|" + "---|" * len(HEADER))
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
