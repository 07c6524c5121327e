"""Benchmark the 州市 desk against its budget: 300 applications received as Word folders → 汇总表 + 初审
in 60 s at most on the 2-core dev machine, whole process, with the peak memory of all its processes.

The applications are the innovation-centre example grown to 3–20 member units (twenty variants, each
filled into its 附件1 and 附件2 by ``fill``), one folder per enterprise as a department keeps them:
收件/企业000/附件1-….docx, 附件2-….docx … Beside the figure, measured in the same run, whole processes too:

- the same desk in one process (no worker processes): what the pool gains on two cores;
- a bare Python process opening the same 600 files with python-docx and reading the text of every
  paragraph and cell (what any reader of these files must do at the least), one core;
- today's ``summary`` of the same 300 applications as JSON files (the data the Word files were filled from).

Memory is the largest sum of the resident sizes of the process and its children, sampled every 20 ms.

    python bench/desk.py [--runs 3] [--count 300]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import add_arguments, print_table, with_members

BARE_READ = r"""
import sys
from pathlib import Path
from docx import Document
for path in sorted(Path(sys.argv[1]).rglob("*.docx")):
    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            texts += [cell.text for cell in row.cells]
"""

ONE_PROCESS = r"""
import sys
from pathlib import Path
from yn_forms.forms import FORMS
from yn_forms.render.desk import read_received
from yn_forms.render.summary import write_summary_file
if __name__ == "__main__":
    form = FORMS[sys.argv[1]]
    received = read_received(form, [Path(sys.argv[2])], forms=FORMS, workers=0)
    write_summary_file(form, received.items, Path(sys.argv[3]))
"""

VARIANTS = 20


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measured(cmd: list[str], **kwargs: Any) -> tuple[float, int]:
    """Wall time of *cmd* and the peak of the summed resident memory of it and its children (KiB)."""
    start = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    peak = 0
    while process.poll() is None:
        tree = [process.pid]
        tree += [c for pid in list(tree) for c in _children(pid)]
        peak = max(peak, sum(_rss_kb(pid) for pid in tree))
        time.sleep(0.02)
    wall = time.perf_counter() - start
    if process.returncode not in (0, 2):
        raise SystemExit(f"{cmd[:4]} failed with {process.returncode}")
    return wall, peak


def median_measured(cmd: list[str], runs: int, **kwargs: Any) -> tuple[float, int]:
    samples = [measured(cmd, **kwargs) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), max(s[1] for s in samples)


def application(example: dict[str, Any], variant: int) -> dict[str, Any]:
    """The example with 3–20 member units, its names and counts made to agree (it meets the notice)."""
    count = 3 + variant % 18
    data = with_members(example, count)
    data["cover"]["centre_name"] = f"云南省制造业创新中心（第{variant}号）"
    data["cover"]["lead_unit"] = data["lead"]["name"] = f"云南第{variant}号科技集团有限公司"
    data["basic"]["member_counts"] = {"enterprises": count - 1, "universities": 1, "institutes": 1}
    return data


def write_received(root: Path, count: int) -> tuple[Path, Path]:
    """*count* Word folders and the same applications as JSON files; each variant filled once, then copied."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from yn_forms.forms import get_form
    from yn_forms.render.documents import fill_documents

    form = get_form("innovation-centre")
    example = form.example()
    words, jsons = root / "收件", root / "json"
    jsons.mkdir(parents=True)
    for variant in range(VARIANTS):
        fill_documents(form, application(example, variant), root / "variants" / str(variant))
    for i in range(count):
        variant = i % VARIANTS
        shutil.copytree(root / "variants" / str(variant), words / f"企业{i:03d}")
        data = copy.deepcopy(application(example, variant))
        (jsons / f"申报{i:03d}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return words, jsons


def main() -> int:
    parser = argparse.ArgumentParser()
    add_arguments(parser, runs=3)
    parser.add_argument("--count", type=int, default=300)
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with tempfile.TemporaryDirectory() as tmp:
        words, jsons = write_received(Path(tmp), args.count)
        out = Path(tmp) / "汇总.xlsx"
        desk = median_measured([sys.executable, "-m", "yn_forms", "summary", "innovation-centre", str(words),
                                "-o", str(out)], args.runs, cwd=root)
        one = median_measured([sys.executable, "-c", ONE_PROCESS, "innovation-centre", str(words), str(out)],
                              args.runs, cwd=root)
        bare = median_measured([sys.executable, "-c", BARE_READ, str(words)], args.runs, cwd=root)
        from_json = median_measured([sys.executable, "-m", "yn_forms", "summary", "innovation-centre", str(jsons),
                                     "-o", str(out)], args.runs, cwd=root)
    n = args.count
    mb = 1024
    print_table([
        (f"the desk: `summary` of {n} Word folders → 汇总表 + 初审 (whole process, {cores} cores) "
         "vs bare python-docx open and read of the same files", f"{desk[0]:.1f} s", f"{bare[0]:.1f} s",
         f"{desk[0] / bare[0]:.2f}", "60 s"),
        (f"… peak memory of the desk's processes, {n} Word folders", f"{desk[1] / mb:.0f} MB",
         f"{bare[1] / mb:.0f} MB", f"{desk[1] / bare[1]:.2f}", "—"),
        ("… the same desk in one process (no workers) vs the desk with its pool", f"{one[0]:.1f} s",
         f"{desk[0]:.1f} s", f"{one[0] / desk[0]:.2f}", "—"),
        (f"`summary` of the same {n} applications as JSON files (whole process) vs the desk of Word folders",
         f"{from_json[0]:.1f} s", f"{desk[0]:.1f} s", f"{from_json[0] / desk[0]:.2f}", "—"),
    ], args.markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
