"""What the benchmarks share: timing whole processes, and the largest realistic application."""

from __future__ import annotations

import copy
import statistics
import subprocess
import time
from typing import Any


def median_wall(cmd: list[str], runs: int, **kwargs: Any) -> float:
    """Median wall time of running *cmd* to completion, *runs* times."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, **kwargs)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def with_members(example: dict[str, Any], count: int) -> dict[str, Any]:
    """The example application grown to *count* member units, each listed in 表1."""
    data = copy.deepcopy(example)
    members = data["members"]
    data["members"] = [copy.deepcopy(members[i % len(members)]) for i in range(count)]
    data["basic"]["participants"] = [f"成员单位{i}" for i in range(count)]
    for i, member in enumerate(data["members"]):
        member["name"] = f"成员单位{i}"
    return data


Row = tuple[str, str, str, str, str]


def print_table(rows: list[Row], markdown: bool = False) -> None:
    """what / median / baseline / ratio / budget: aligned for reading, or as Markdown rows for the README
    (``bench/all.py`` collects the rows of every script into one table)."""
    if markdown:
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    header = ("what", "median", "baseline", "ratio", "budget")
    width = max(len(r[0]) for r in [header, *rows]) + 2
    for row in [header, *rows]:
        print(f"{row[0]:<{width}}{row[1]:>10}{row[2]:>10}{row[3]:>7}{row[4]:>9}")


def add_arguments(parser, runs: int) -> None:
    """The options every benchmark takes."""
    parser.add_argument("--runs", type=int, default=runs, help="runs per figure; the median is printed")
    parser.add_argument("--markdown", action="store_true", help="print only the table's rows, as Markdown")
