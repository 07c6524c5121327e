"""Benchmark `yn-forms import` (reading filled Word attachments back) against the issue's budget:
a 20-unit 创新中心 application read within 1 s.

The documents are the ones ``fill`` writes for the example grown to 20 member units (附件1 with
20 表3, 附件2). Two figures, each beside a baseline measured in the same run that never imports
yn_forms: the whole ``yn-forms import`` process against a bare Python process that opens the
same files with python-docx and reads every paragraph and cell text (what any reader must do);
and the reading alone, in process, against the same python-docx reading in process.

    python bench/wordin.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import add_arguments, median_wall, print_table, with_members

BASELINE = r"""
import sys
from docx import Document
# the bare work: open each file with python-docx and read the text of every paragraph and cell
for name in sys.argv[1:]:
    doc = Document(name)
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            texts += [cell.text for cell in row.cells]
"""


def bare_read(paths: list[Path]) -> None:
    from docx import Document

    for path in paths:
        doc = Document(str(path))
        texts = [p.text for p in doc.paragraphs]
        for table in doc.tables:
            for row in table.rows:
                texts += [cell.text for cell in row.cells]


def median_in_process(work, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser()
    add_arguments(parser, runs=7)
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    from yn_forms.forms import FORMS, get_form
    from yn_forms.render.documents import fill_documents
    from yn_forms.render.wordin.importer import import_documents

    form = get_form("innovation-centre")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        docs = fill_documents(form, with_members(form.example(), 20), folder / "docs")
        out = folder / "d.ynform"

        def ours_cmd() -> list[str]:
            out.unlink(missing_ok=True)
            return [sys.executable, "-m", "yn_forms", "import", form.id, *map(str, docs), "-o", str(out)]

        wall = []
        for _ in range(args.runs):  # a fresh output each run: import never overwrites a file
            cmd = ours_cmd()
            start = time.perf_counter()
            import subprocess

            subprocess.run(cmd, cwd=root, capture_output=True, check=False)
            wall.append(time.perf_counter() - start)
        ours = statistics.median(wall)
        base = median_wall([sys.executable, "-c", BASELINE, *map(str, docs)], args.runs, cwd=root)
        import_documents(form, docs, FORMS)  # reading maps built once, as in any process that reads twice
        inside = median_in_process(lambda: import_documents(form, docs, FORMS), args.runs)
        bare_inside = median_in_process(lambda: bare_read(docs), args.runs)
    print_table([
        ("yn-forms import innovation-centre, 20 member units (whole process, 2 docx) vs bare python-docx "
         "open and read of the same files", f"{ours:.3f}s", f"{base:.3f}s", f"{ours / base:.2f}", "1 s"),
        ("reading the same 2 docx in process (import_documents) vs bare python-docx open and read",
         f"{inside * 1000:.0f}ms", f"{bare_inside * 1000:.0f}ms", f"{inside / bare_inside:.2f}", "—"),
    ], args.markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
