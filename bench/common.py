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


def print_table(rows: list[tuple[str, str, str, str, str]]) -> None:
    """what / median / baseline / ratio / budget, aligned for the README."""
    header = ("what", "median", "baseline", "ratio", "budget")
    width = max(len(r[0]) for r in [header, *rows]) + 2
    for row in [header, *rows]:
        print(f"{row[0]:<{width}}{row[1]:>10}{row[2]:>10}{row[3]:>7}{row[4]:>9}")
