"""Benchmark `yn-forms fill` against DESIGN.md's budget (≤ 1.5 s whole process).

Prints the median of several runs, beside a baseline measured in the same run: a
bare Python process that imports docxtpl and renders the same templates with the
same context — so the ratio shows what our validation and safety add. Also the
full re-validation of the largest case (20 member units) against its 16 ms budget.

    python bench/fill.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import add_arguments, median_wall, print_table, with_members

BASELINE = r"""
import json, sys
from pathlib import Path
from docxtpl import DocxTemplate
from yn_forms.forms import get_form
from yn_forms.core.validation import lenient_model
from yn_forms.render.context import build_context
form = get_form(sys.argv[3])
data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
context = build_context(form, form.model.model_validate(data))
for i, d in enumerate(form.documents):
    t = DocxTemplate(str(Path("templates") / form.id / d.template))
    t.render(context)
    t.save(str(Path(sys.argv[2]) / f"{i}.docx"))
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    add_arguments(parser, runs=7)
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    from yn_forms.core.validation import validate
    from yn_forms.forms import FORMS, get_form

    table = []
    for form in FORMS.values():
        with tempfile.TemporaryDirectory() as tmp:
            tmp_path = Path(tmp)
            data = tmp_path / "a.json"
            data.write_text(json.dumps(form.example(), ensure_ascii=False), encoding="utf-8")
            ours = median_wall([sys.executable, "-m", "yn_forms", "fill", form.id, str(data), "-o",
                                str(tmp_path / "o")], args.runs, cwd=root)
            base = median_wall([sys.executable, "-c", BASELINE, str(data), str(tmp_path), form.id], args.runs,
                               cwd=root)
        table.append((f"yn-forms fill {form.id} (whole process, {len(form.documents)} docx)", f"{ours:.3f}s",
                      f"{base:.3f}s", f"{ours / base:.2f}", "1.5 s"))

    form = get_form("innovation-centre")
    big = with_members(form.example(), 20)
    validate(form, big)
    samples = []
    for _ in range(200):
        start = time.perf_counter()
        validate(form, big)
        samples.append(time.perf_counter() - start)
    keystroke = statistics.median(samples)
    bare = []  # pydantic alone on the same data: what a validation without rules and messages costs
    for _ in range(200):
        start = time.perf_counter()
        form.model.model_validate(big)
        bare.append(time.perf_counter() - start)
    bare_keystroke = statistics.median(bare)

    print_table([
        *table,
        ("re-validation, 20 member units (in process) vs bare pydantic model_validate",
         f"{keystroke * 1000:.2f}ms", f"{bare_keystroke * 1000:.2f}ms", f"{keystroke / bare_keystroke:.2f}", "16 ms"),
    ], args.markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
