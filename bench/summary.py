"""Benchmark `yn-forms summary` against its budget: 1,000 applications in 5 s at most, whole process.

A 州市 department summarises what it received, so the measured case is N copies of the
innovation-centre example (the larger form: member units, phones, e-mail) with varied
names and lengths, written as .json files into a temporary folder and passed as file
arguments. N runs over 100, 1,000 and 5,000 so the growth from one to the next shows
whether the cost is linear (×10 and ×5 are linear; more is not).

Beside each figure, two baselines measured in the same run, whole process too:
- ``bare write``: plain Python reads the same files and appends the same cells to a
  bare openpyxl workbook (no template, no validation, no row heights) — the floor
  for “read N JSON files and write an .xlsx”;
- ``read+validate``: reads and validates every file with our core (load_many) and
  writes nothing — what checking each application costs on its own.

    python bench/summary.py [--runs 3] [--sizes 100,1000,5000] [--form innovation-centre]
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from common import add_arguments, median_wall, print_table

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

# the floor any summary pays that validates with the libraries this one is built on: the bare
# write, plus each phone number through phonenumbers and each e-mail through email-validator
LIBRARY_FLOOR = BARE_WRITE.replace("wb = Workbook()", r"""
import re
import phonenumbers
from email_validator import validate_email
PHONE = re.compile(r"1[0-9]{10}|0[0-9]{2,3}-[0-9]{7,8}")  # mobiles and landlines as the applications write them
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
    return data


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
    parser.add_argument("--no-validate-baseline", action="store_true",
                        help="skip the read+validate baseline (for code without yn_forms.core.batch)")
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    from yn_forms.forms import get_form

    form = get_form(args.form)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows: list[tuple[int, float, float, float, float | None]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        for n in sizes:
            folder = tmp_path / str(n)
            files = write_applications(form.id, form.example(), folder, n)
            out = tmp_path / f"汇总{n}.xlsx"
            ours = median_wall([sys.executable, "-m", "yn_forms", "summary", form.id, *map(str, files),
                                "-o", str(out)], args.runs, cwd=root)
            bare = median_wall([sys.executable, "-c", BARE_WRITE, str(folder), str(tmp_path / "bare.xlsx"),
                                ",".join(BARE_PATHS[form.id])], args.runs, cwd=root)
            floor = median_wall([sys.executable, "-c", LIBRARY_FLOOR, str(folder), str(tmp_path / "floor.xlsx"),
                                 ",".join(BARE_PATHS[form.id])], args.runs, cwd=root)
            checked = None if args.no_validate_baseline or args.markdown else median_wall(
                [sys.executable, "-c", READ_VALIDATE, str(folder), form.id], args.runs, cwd=root)
            rows.append((n, ours, bare, floor, checked))

    first = rows[0]
    if args.markdown:
        table = []
        for n, ours, bare, floor, _checked in rows:
            table.append((f"`yn-forms summary`, {n:,} applications (whole process)"
                          + (f", ×{ours / first[1]:.1f} the time of {first[0]:,}" if n != first[0] else "")
                          + " vs bare openpyxl write", f"{ours:.2f} s", f"{bare:.2f} s", f"{ours / bare:.1f}",
                          "3× (5 s)" if n == 1000 else "—"))
            if n == 1000:
                table.append(("… the floor for the validation libraries: the bare write plus each phone number through "
                              "phonenumbers and each e-mail through email-validator", f"{floor:.2f} s",
                              f"{bare:.2f} s", f"{floor / bare:.1f}", "—"))
        print_table(table, markdown=True)
        return 0
    print(f"yn-forms summary {form.id}, whole process, median of {args.runs} runs")
    print(f"{'applications':>12}{'summary':>10}{'growth':>8}{'per file':>10}{'bare write':>12}{'ratio':>7}"
          f"{'lib floor':>11}{'read+validate':>15}{'budget':>9}")
    for n, ours, bare, floor, checked in rows:
        growth = f"×{ours / first[1]:.1f}" if n != first[0] else "—"
        budget = "5 s" if n == 1000 else ""
        checked_text = f"{checked:.2f}s" if checked is not None else "—"
        print(f"{n:>12}{ours:>9.2f}s{growth:>8}{ours / n * 1000:>8.2f}ms{bare:>11.2f}s{ours / bare:>7.2f}"
              f"{floor:>10.2f}s{checked_text:>15}{budget:>9}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
