"""Benchmark `yn-forms summary` against its goals: 1,000 applications within 5× a bare openpyxl write in CPU
time of the whole process tree, within 3.5× in wall time on two cores.

A 州市 department summarises what it received, so the measured case is N copies of the
innovation-centre example (the larger form: member units, phones, e-mail) with varied
names and lengths, written as .json files into a temporary folder and passed as file
arguments. N runs over 100, 1,000 and 5,000 so the growth from one to the next shows
whether the cost is linear (×10 and ×5 are linear; more is not).

Beside each figure, baselines measured in the same run (interleaved), whole process too:
- ``bare write``: plain Python reads the same files and appends the same cells to a
  bare openpyxl workbook (no template, no validation, no row heights) — the floor
  for “read N JSON files and write an .xlsx”;
- ``lib floor``: the bare write plus each phone number through phonenumbers and each e-mail through
  email-validator — the fair floor of any summary that checks them with those libraries;
- ``read+validate``: reads and validates every file with our core (load_many) and
  writes nothing — what checking each application costs on its own.

    python bench/summary.py [--runs 3] [--sizes 100,1000,5000] [--form innovation-centre]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from common import (
    FloorRow,
    Timing,
    add_arguments,
    compile_sources,
    interleaved,
    median_wall,
    print_table,
    project_on_path,
)

# the cells of each form's 汇总表 row, read straight from the JSON by the bare baseline
BARE_PATHS = {
    "innovation-centre": ["cover.centre_name", "cover.lead_unit", "basic.participants", "cover.industry",
                          "summary.research_direction", "basic.daily_contact.name", "basic.daily_contact.mobile"],
    "consumer-brand": ["basics.prefecture", "basics.brand_type", "brand.name", "enterprise.name",
                       "enterprise.credit_code", "basics.key_field", "basics.direction", "enterprise.contact",
                       "enterprise.mobile"],
}

BARE_WRITE = r"""
import json, sys
from pathlib import Path
from openpyxl import Workbook
paths = [p.split(".") for p in sys.argv[3].split(",")]
def get(d, keys):
    for k in keys:
        d = d.get(k, "") if isinstance(d, dict) else ""
    return "、".join(d) if isinstance(d, list) else str(d or "")
wb = Workbook()
ws = wb.active
for i, f in enumerate(sorted(Path(sys.argv[1]).glob("*.json"))):
    data = json.loads(f.read_text(encoding="utf-8"))
    ws.append([str(i + 1), *(get(data, k) for k in paths)])
wb.save(sys.argv[2])
"""

PHONE_PATTERN = r"1[0-9]{10}|0[0-9]{2,3}-[0-9]{7,8}"  # mobiles and landlines as the applications write them

# the floor any summary pays that validates with the libraries this one is built on: the bare
# write, plus each phone number through phonenumbers and each e-mail through email-validator
LIBRARY_FLOOR = BARE_WRITE.replace("wb = Workbook()", rf"""
import re
import phonenumbers
from email_validator import validate_email
PHONE = re.compile({PHONE_PATTERN!r})
def check(node):
    if isinstance(node, dict):
        for v in node.values():
            check(v)
    elif isinstance(node, list):
        for v in node:
            check(v)
    elif isinstance(node, str) and "@" in node:
        validate_email(node, check_deliverability=False)
    elif isinstance(node, str) and PHONE.fullmatch(node):
        phonenumbers.number_type(phonenumbers.parse(node, "CN"))
wb = Workbook()""").replace("    ws.append(", "    check(data)\n    ws.append(")

READ_VALIDATE = r"""
import sys
from pathlib import Path
from yn_forms.core.batch import load_many
from yn_forms.forms import get_form
items = load_many(get_form(sys.argv[2]), [Path(sys.argv[1])])
assert all(item.data is not None for item in items)
"""

# ``--workers``: the reading alone (``render.desk.read_received``) in one process, or with one worker forked or
# spawned — what the thresholds ``POOL_FROM_FILES`` are set from
READ_WITH = r"""
import sys
from pathlib import Path
from yn_forms.forms import FORMS, get_form
from yn_forms.render import desk
if __name__ == "__main__":
    folder, form_id, how = sys.argv[1:4]
    desk._start_method = lambda: "fork" if how == "one" else how
    received = desk.read_received(get_form(form_id), [Path(folder)], forms=FORMS, workers=0 if how == "one" else 1)
    assert len(received.used) == len(list(Path(folder).iterdir()))
"""

PLACES = ["昆明", "曲靖", "玉溪", "红河", "大理", "楚雄", "文山", "普洱"]
TOPICS = ["绿色铝", "稀贵金属新材料", "高原特色食品精深加工", "生物医药", "光伏硅材料", "智能装备"]


def varied(form_id: str, example: dict[str, Any], i: int) -> dict[str, Any]:
    """The example with its names (and so its row heights) changed for application *i*."""
    data = copy.deepcopy(example)
    place, topic = PLACES[i % len(PLACES)], TOPICS[i % len(TOPICS)]
    if form_id == "innovation-centre":
        data["cover"]["centre_name"] = f"云南省{topic}制造业创新中心（{place}）第{i}号"
        data["cover"]["lead_unit"] = f"{place}{topic}科技有限公司" + "研究院" * (i % 3)
    elif form_id == "consumer-brand":
        data["brand"]["name"] = f"{place}{topic}{i}"
        data["enterprise"]["name"] = f"{place}{topic}股份有限公司{i}"
    return _own_contacts(data, i)


_PHONE = re.compile(PHONE_PATTERN)


def _own_contacts(node: Any, i: int) -> Any:
    """Each application's phones and e-mails its own (a department's applications come from different
    enterprises), repeated within it where the example repeats them: a summary that remembered one file's
    numbers for the next would otherwise check 15 phones and 9 e-mails once for all 1,000."""
    if isinstance(node, dict):
        return {key: _own_contacts(value, i) for key, value in node.items()}
    if isinstance(node, list):
        return [_own_contacts(value, i) for value in node]
    if isinstance(node, str) and _PHONE.fullmatch(node):
        return f"{node[:-4]}{i % 10_000:04d}"
    if isinstance(node, str) and "@" in node:
        local, _, domain = node.partition("@")
        return f"{local}{i}@{domain}"
    return node


def write_applications(form_id: str, example: dict[str, Any], folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True)
    paths = []
    for i in range(count):
        path = folder / f"申报{i:05d}.json"
        path.write_text(json.dumps(varied(form_id, example, i), ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser()
    add_arguments(parser, runs=3)
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--form", default="innovation-centre", choices=sorted(BARE_PATHS))
    parser.add_argument("--workers", action="store_true",
                        help="the reading alone: in one process, with a worker forked, with one spawned, at each size")
    parser.add_argument("--no-validate-baseline", action="store_true",
                        help="skip the read+validate baseline (for code without yn_forms.core.batch)")
    args = parser.parse_args()
    root = project_on_path()
    from yn_forms.forms import get_form

    form = get_form(args.form)
    sizes = [int(s) for s in args.sizes.split(",")]
    compile_sources(root)
    if args.workers:
        return _workers(form, sizes, args.runs, root)
    rows: list[tuple[int, Timing, Timing, Timing, float | None]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        for n in sizes:
            folder = tmp_path / str(n)
            files = write_applications(form.id, form.example(), folder, n)
            paths = ",".join(BARE_PATHS[form.id])
            got = interleaved({
                "ours": [sys.executable, "-m", "yn_forms", "summary", form.id, *map(str, files),
                         "-o", str(tmp_path / f"汇总{n}.xlsx")],
                "bare": [sys.executable, "-c", BARE_WRITE, str(folder), str(tmp_path / "bare.xlsx"), paths],
                "floor": [sys.executable, "-c", LIBRARY_FLOOR, str(folder), str(tmp_path / "floor.xlsx"), paths],
            }, args.runs, cwd=root)
            checked = None if args.no_validate_baseline or args.markdown else median_wall(
                [sys.executable, "-c", READ_VALIDATE, str(folder), form.id], args.runs, cwd=root)
            rows.append((n, got["ours"], got["bare"], got["floor"], checked))

    first = rows[0]
    if args.markdown:
        table: list[FloorRow] = []
        for n, ours, bare, floor, _checked in rows:
            growth = f", ×{ours.cpu / first[1].cpu:.1f} the CPU of {first[0]:,}" if n != first[0] else ""
            table.append((f"`yn-forms summary`, {n:,} applications (whole process, CPU){growth} vs bare openpyxl "
                          "write; floor: + each phone and e-mail through phonenumbers / email-validator",
                          f"{ours.cpu:.2f} s", f"{bare.cpu:.2f} s", f"{ours.cpu / bare.cpu:.1f}",
                          f"{floor.cpu / bare.cpu:.1f}", "≤ 5×" if n == 1000 else "—"))
            if n == 1000:
                table.append((f"… the same, wall time on {len(os.sched_getaffinity(0))} cores", f"{ours.wall:.2f} s",
                              f"{bare.wall:.2f} s", f"{ours.wall / bare.wall:.1f}", f"{floor.wall / bare.wall:.1f}",
                              "≤ 3.5×"))
        print_table(table, markdown=True)
        return 0
    print(f"yn-forms summary {form.id}, whole process, median of {args.runs} runs")
    print(f"{'applications':>12}{'summary':>10}{'growth':>8}{'per file':>10}{'bare write':>12}{'ratio':>7}"
          f"{'lib floor':>11}{'read+validate':>15}{'goal':>9}{'wall':>10}{'bare wall':>10}{'ratio':>7}")
    for n, ours, bare, floor, checked in rows:  # CPU seconds, wall in the last columns
        growth = f"×{ours.cpu / first[1].cpu:.1f}" if n != first[0] else "—"
        budget = "≤ 5×" if n == 1000 else ""
        checked_text = f"{checked:.2f}s" if checked is not None else "—"
        print(f"{n:>12}{ours.cpu:>9.2f}s{growth:>8}{ours.cpu / n * 1000:>8.2f}ms{bare.cpu:>11.2f}s"
              f"{ours.cpu / bare.cpu:>7.2f}{floor.cpu:>10.2f}s{checked_text:>15}{budget:>9}"
              f"{ours.wall:>9.2f}s{bare.wall:>9.2f}s{ours.wall / bare.wall:>7.2f}")
    return 0


def _workers(form, sizes: list[int], runs: int, root: Path) -> int:
    """Reading N applications in one process, with a forked worker, with a spawned one: CPU of the process tree
    and wall time, medians of *runs* interleaved runs. A worker pays where its wall time is below one process's."""
    hows = ("one", "fork", "spawn")
    print(f"reading {form.id} applications (render.desk.read_received), median of {runs} runs: CPU s / wall s")
    print(f"{'applications':>12}" + "".join(f"{how:>16}" for how in hows))
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = Path(tmp) / str(n)
            write_applications(form.id, form.example(), folder, n)
            got = interleaved({how: [sys.executable, "-c", READ_WITH, str(folder), form.id, how] for how in hows},
                              runs, cwd=root)
            print(f"{n:>12}" + "".join(f"{got[how].cpu:>8.2f}/{got[how].wall:<7.2f}" for how in hows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
