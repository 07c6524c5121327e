"""Benchmark `yn-forms import` (reading filled Word attachments back) against the issue's budget:
a 20-unit 创新中心 application read within 1 s; and a 附件1 with 200,000 short paragraphs appended, and
a document of only those (refused: no form's attachment), each well within 20 s.

The documents are the ones ``fill`` writes for the example grown to 20 member units (附件1 with
20 表3, 附件2). Two figures, each beside a baseline measured in the same run that never imports
yn_forms: the whole ``yn-forms import`` process against a bare Python process that opens the
same files with python-docx and reads every paragraph and cell text (what any reader must do);
and the reading alone, in process, against the same python-docx reading in process.

The large files are made as the tests make them (``tests/large_docx.py``), and timed over at most
3 runs: each takes seconds, and python-docx's reading of them far longer.

    python bench/wordin.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import add_arguments, median_wall, print_table, project_on_path, with_members

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from large_docx import appended, only, short_paragraphs  # the tests' makers of large files

PARAGRAPHS = 200_000

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


def median_import(form_id: str, paths: list[Path], out: Path, runs: int, cwd: Path) -> float:
    """Median wall time of ``yn-forms import`` of *paths* (a fresh output each run: import never overwrites;
    a file refused, exit 2, is timed as well)."""
    wall = []
    for _ in range(runs):
        out.unlink(missing_ok=True)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "yn_forms", "import", form_id, *map(str, paths), "-o", str(out)],
                       cwd=cwd, capture_output=True, check=False)
        wall.append(time.perf_counter() - start)
    return statistics.median(wall)


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
    root = project_on_path()
    from yn_forms.forms import FORMS, get_form
    from yn_forms.render.documents import fill_documents
    from yn_forms.render.wordin.importer import import_documents

    form = get_form("innovation-centre")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        docs = fill_documents(form, with_members(form.example(), 20), folder / "docs")
        out = folder / "d.ynform"

        ours = median_import(form.id, docs, out, args.runs, root)
        base = median_wall([sys.executable, "-c", BASELINE, *map(str, docs)], args.runs, cwd=root)
        import_documents(form, docs, FORMS)  # reading maps built once, as in any process that reads twice
        inside = median_in_process(lambda: import_documents(form, docs, FORMS), args.runs)
        bare_inside = median_in_process(lambda: bare_read(docs), args.runs)
        large = min(args.runs, 3)
        after = appended(docs[0], folder / "long.docx", short_paragraphs(PARAGRAPHS))
        alone = only(folder / "alone.docx", short_paragraphs(PARAGRAPHS))
        long_ours = median_import(form.id, [after], out, large, root)
        long_base = median_wall([sys.executable, "-c", BASELINE, str(after)], large, cwd=root)
        alone_ours = median_import(form.id, [alone], out, large, root)
        alone_base = median_wall([sys.executable, "-c", BASELINE, str(alone)], large, cwd=root)
    print_table([
        ("yn-forms import innovation-centre, 20 member units (whole process, 2 docx) vs bare python-docx "
         "open and read of the same files", f"{ours:.3f}s", f"{base:.3f}s", f"{ours / base:.2f}", "1 s"),
        ("reading the same 2 docx in process (import_documents) vs bare python-docx open and read",
         f"{inside * 1000:.0f}ms", f"{bare_inside * 1000:.0f}ms", f"{inside / bare_inside:.2f}", "—"),
        ("yn-forms import innovation-centre of a 附件1 with 200,000 short paragraphs appended (whole process) "
         "vs bare python-docx open and read", f"{long_ours:.3f}s", f"{long_base:.3f}s",
         f"{long_ours / long_base:.2f}", "20 s"),
        ("… a document of those 200,000 paragraphs alone, refused as no form's attachment",
         f"{alone_ours:.3f}s", f"{alone_base:.3f}s", f"{alone_ours / alone_base:.2f}", "20 s"),
    ], args.markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
