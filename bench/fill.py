"""Benchmark `yn-forms fill` against its goals, in CPU time of the whole process (wall time beside it).

Prints the median of several runs, interleaved with two baselines measured in the same run: a
bare Python process that imports docxtpl and renders the same templates with the
same context, and the fair floor — the same render plus the form's pydantic models built and
validated, which any fill validating with them pays. Goals: each example within 0.15× of its
floor (创新中心 at most 1.75×), 100 member units at most 2×. Also the
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

from common import FloorRow, add_arguments, compile_sources, interleaved, print_table, project_on_path, with_members

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

# the fair floor: what any fill pays that validates with pydantic models, as this one must -- the bare
# render, plus loading the form's own models (model.py alone, not the app around it: its field types
# bring pydantic, phonenumbers, email-validator, python-stdnum) and building them from the application
# with model_validate. The form's rules, messages, the fit and layout checks are what ours adds on top.
FLOOR = r"""
import importlib.util, json, sys
from pathlib import Path
model_file, model_class, data_file = sys.argv[1:4]
del sys.argv[1:4]
spec = importlib.util.spec_from_file_location("form_model", model_file)
module = importlib.util.module_from_spec(spec)
sys.modules["form_model"] = module
spec.loader.exec_module(module)
getattr(module, model_class).model_validate(json.loads(Path(data_file).read_text(encoding="utf-8")))
""" + BASELINE


def main() -> int:
    parser = argparse.ArgumentParser()
    add_arguments(parser, runs=7)
    args = parser.parse_args()
    root = project_on_path()
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

    compile_sources(root)
    table: list[FloorRow] = []
    cases = [(form, form.example(), "") for form in FORMS.values()]
    centre = get_form("innovation-centre")
    cases.append((centre, with_members(centre.example(), 100), ", 100 member units"))
    for form, example, size in cases:
        with tempfile.TemporaryDirectory() as tmp:
            tmp_path = Path(tmp)
            data = tmp_path / "a.json"
            data.write_text(json.dumps(example, ensure_ascii=False), encoding="utf-8")
            templates = [str(t.path) for t in document_templates(form)]
            context = str(context_file(form, example, tmp_path))
            model = form.model
            got = interleaved({
                "ours": [sys.executable, "-m", "yn_forms", "fill", form.id, str(data), "-o", str(tmp_path / "o"),
                         "--allow-incomplete"],
                "bare": [sys.executable, "-c", BASELINE, context, str(tmp_path), *templates],
                "floor": [sys.executable, "-c", FLOOR, sys.modules[model.__module__].__file__, model.__name__,
                          str(data), context, str(tmp_path), *templates],
            }, args.runs, cwd=root)
        ours, bare, floor = got["ours"], got["bare"], got["floor"]
        goal = "≤ 2×" if size else ("≤ 1.75×" if form.id == "innovation-centre" else "floor + 0.15")
        table.append((f"yn-forms fill {form.id}{size} (whole process, {len(form.documents)} docx) vs bare docxtpl "
                      "render; floor: + model_validate", f"{ours.cpu:.2f} s CPU ({ours.wall:.2f} s wall)",
                      f"{bare.cpu:.2f} s CPU ({bare.wall:.2f} s wall)", f"{ours.cpu / bare.cpu:.2f}",
                      f"{floor.cpu / bare.cpu:.2f}", goal))

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
