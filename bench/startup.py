"""Benchmark how long the command line takes to say anything: ``yn-forms list`` against
``python -c pass`` (the interpreter alone), whole processes, interleaved in one run.

Goal (issue “As fast as the libraries underneath”): at most twice the bare interpreter; it was
ten times when ``list`` built every form's models and imported the check libraries.

    python bench/startup.py [--runs 21]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import add_arguments, print_table


def _once(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=cwd)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    add_arguments(parser, runs=21)
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    ours, bare = [], []
    for _ in range(args.runs):  # interleaved: a slow moment of the machine hits both alike
        ours.append(_once([sys.executable, "-m", "yn_forms", "list"], root))
        bare.append(_once([sys.executable, "-c", "pass"], root))
    o, b = statistics.median(ours), statistics.median(bare)
    print_table([("`yn-forms list` (whole process) vs `python -c pass`", f"{o * 1000:.0f}ms", f"{b * 1000:.0f}ms",
                  f"{o / b:.2f}", "≤ 2×")], args.markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
