"""Benchmark `yn-forms fill` against its budget: the whole process in 1.5 s at most.

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
# the bare work: docxtpl renders the same templates with the same context (dumped by the
# benchmark, helpers written out here) -- no yn_forms, no validation, no checks
ctx = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
ctx["box"] = lambda sel, opt: "☑" if (opt in sel if isinstance(sel, list) else sel == opt) else "□"
ctx["blank"] = lambda v, w=3: str(v) if v is not None and str(v).strip() else "\u3000" * w
ctx["pad"] = lambda items, n: [i for i in items if str(i).strip()] + [""] * max(0, n - len(items))
ctx["paras"] = lambda text: [t for t in str(text or "").split("\n") if t.strip()]
for i, template in enumerate(sys.argv[3:]):
    t = DocxTemplate(template)
    t.render(ctx, autoescape=True)
    t.save(str(Path(sys.argv[2]) / f"{i}.docx"))
"""

# the floor any fill pays that validates with the libraries this one is built on (pydantic,
# phonenumbers, email-validator, python-stdnum): the bare render, plus importing them -- a lower
# bound: no model built, no value checked
LIBRARY_FLOOR = "import pydantic, phonenumbers, email_validator\nfrom stdnum.cn import uscc\n" + BASELINE


def main() -> int:
    parser = argparse.ArgumentParser()
    add_arguments(parser, runs=7)
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    from yn_forms.core.validation import judge, validate
    from yn_forms.forms import FORMS, get_form
    from yn_forms.render.context import build_context
    from yn_forms.render.templates import document_templates

    def context_file(form, data, folder: Path) -> Path:
        """The context ``fill`` renders, as JSON for the bare process (helpers left out)."""
        j = judge(form, data)
        ctx = build_context(form, j.model, j.resolution.data, j.errors)
        out = folder / "context.json"
        out.write_text(json.dumps({k: v for k, v in ctx.items() if not callable(v)}, ensure_ascii=False,
                                  default=str), encoding="utf-8")
        return out

    table = []
    cases = [(form, form.example(), "") for form in FORMS.values()]
    centre = get_form("innovation-centre")
    cases.append((centre, with_members(centre.example(), 100), ", 100 member units"))
    for form, example, size in cases:
        with tempfile.TemporaryDirectory() as tmp:
            tmp_path = Path(tmp)
            data = tmp_path / "a.json"
            data.write_text(json.dumps(example, ensure_ascii=False), encoding="utf-8")
            ours = median_wall([sys.executable, "-m", "yn_forms", "fill", form.id, str(data), "-o",
                                str(tmp_path / "o"), "--allow-incomplete"], args.runs, cwd=root)
            templates = [str(t.path) for t in document_templates(form)]
            base = median_wall([sys.executable, "-c", BASELINE, str(context_file(form, example, tmp_path)),
                                str(tmp_path), *templates], args.runs, cwd=root)
            floor = median_wall([sys.executable, "-c", LIBRARY_FLOOR, str(context_file(form, example, tmp_path)),
                                 str(tmp_path), *templates], args.runs, cwd=root)
        table.append((f"yn-forms fill {form.id}{size} (whole process, {len(form.documents)} docx) vs bare docxtpl "
                      "render of the same context", f"{ours:.3f}s", f"{base:.3f}s", f"{ours / base:.2f}",
                      "1.5×" if not size else "2×"))
        table.append((f"… the floor for the validation libraries: the same bare render after importing pydantic, "
                      f"phonenumbers, email-validator and python-stdnum{size}", f"{floor:.3f}s", f"{base:.3f}s",
                      f"{floor / base:.2f}", "—"))

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
