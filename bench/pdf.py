"""Benchmark PDF of a whole application against its budget: 5 s at most, one LibreOffice call.

Two applications: the consortium (3 .docx) and an innovation centre grown to 20
member units (the largest realistic one). Each is converted by
``convert_to_pdf`` in one LibreOffice call, beside a baseline measured in the
same run: the same files converted one LibreOffice call per file, which is what
one call saves. The whole ``yn-forms fill --pdf`` process of the largest case is
measured too, beside a bare ``soffice --convert-to pdf`` of its files (what our
checks, font report and safe output add). LibreOffice's CPU with the profile kept in the user
cache is measured beside a fresh profile per conversion. 打印到文件 of that application is measured
beside a bare pypdf merge of its PDFs. Prints the median of several runs.

    python bench/pdf.py [--runs 5]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import add_arguments, median_wall, print_table, project_on_path, with_members

BUDGET = "5 s"


def median_of(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser()
    add_arguments(parser, runs=5)
    args = parser.parse_args()
    root = project_on_path()
    from pypdf import PdfReader, PdfWriter

    from yn_forms.forms import get_form
    from yn_forms.render.documents import fill_documents
    from yn_forms.render.pdf import convert_to_pdf, require_soffice
    from yn_forms.render.printing import write_pages

    soffice = require_soffice()
    consortium = get_form("innovation-consortium")
    centre = get_form("innovation-centre")
    cases = [("consortium", consortium, consortium.example()),
             ("innovation-centre, 20 member units", centre, with_members(centre.example(), 20))]
    table = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        for label, form, data in cases:
            docs = fill_documents(form, data, tmp_path / form.id / "docx")
            one_out, each_out = tmp_path / form.id / "one", tmp_path / form.id / "each"
            convert_to_pdf(docs, one_out, soffice=soffice)  # warm the disk cache, as a clerk's second try
            one = median_of(lambda d=docs, o=one_out: convert_to_pdf(d, o, soffice=soffice), args.runs)
            each = median_of(lambda d=docs, o=each_out: [convert_to_pdf([f], o, soffice=soffice) for f in d],
                             args.runs)
            pages = sum(len(PdfReader(p).pages) for p in one_out.glob("*.pdf"))
            table.append((f"PDF {label} ({len(docs)} docx, {pages} pages), one call vs one per file",
                          f"{one:.2f}s", f"{each:.2f}s", f"{one / each:.2f}", BUDGET))

        # the profile kept in the user cache against a fresh one for every conversion: CPU of LibreOffice
        import resource

        from yn_forms.render import profiles

        docs = fill_documents(consortium, consortium.example(), tmp_path / "profile" / "docx")

        def lo_cpu(fresh: bool) -> float:
            kept = profiles._hold_one
            if fresh:
                profiles._hold_one = lambda: None
            try:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                convert_to_pdf(docs, tmp_path / "profile" / "pdf", soffice=soffice)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
            finally:
                profiles._hold_one = kept
            return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)

        lo_cpu(False)  # the kept profile exists from here on
        kept_cpu = statistics.median(lo_cpu(False) for _ in range(args.runs))
        fresh_cpu = statistics.median(lo_cpu(True) for _ in range(args.runs))
        table.append(("PDF consortium, LibreOffice CPU: profile kept in the cache vs a fresh profile each time",
                      f"{kept_cpu:.2f}s", f"{fresh_cpu:.2f}s", f"{kept_cpu / fresh_cpu:.2f}", "—"))

        # 打印 → 打印到文件 (the 45 s and 49 MB of page images): the generated pages copied with their
        # text, beside a bare pypdf merge of the same PDFs
        pdfs = sorted((tmp_path / centre.id / "one").glob("*.pdf"))
        printed = tmp_path / "printed.pdf"
        ours = median_of(lambda: write_pages(pdfs, printed), args.runs)

        def bare_merge() -> None:
            writer = PdfWriter()
            for pdf in pdfs:
                writer.append(str(pdf))
            writer.write(str(tmp_path / "merged.pdf"))

        bare_copy = median_of(bare_merge, args.runs)
        size = printed.stat().st_size / 1e6
        table.append((f"打印到文件, 20 member units ({len(PdfReader(printed).pages)} pages, {size:.1f} MB, text kept) "
                      "vs bare pypdf merge", f"{ours:.2f}s", f"{bare_copy:.2f}s", f"{ours / bare_copy:.2f}", "—"))

        form, data = cases[1][1], cases[1][2]
        data_file = tmp_path / "big.json"
        data_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        out = tmp_path / "fill"
        # with_members leaves 表1's member counts behind (a validation error, same documents)
        fill = median_wall([sys.executable, "-m", "yn_forms", "fill", form.id, str(data_file), "-o", str(out),
                            "--pdf", "--allow-incomplete"], args.runs, cwd=root)
        docs = sorted(out.glob("*.docx"))
        profile = (tmp_path / "profile").as_uri()
        bare = median_wall([str(soffice), f"-env:UserInstallation={profile}", "--headless", "--norestore",
                            "--convert-to", "pdf", "--outdir", str(tmp_path / "bare"), *map(str, docs)], args.runs)
        table.append(("yn-forms fill --pdf, 20 member units (whole process) vs bare soffice",
                      f"{fill:.2f}s", f"{bare:.2f}s", f"{fill / bare:.2f}", BUDGET))
    version = subprocess.run([str(soffice), "--version"], capture_output=True, text=True).stdout.strip()
    if not args.markdown:
        print(f"{version} at {soffice}, median of {args.runs} runs")
    print_table(table, args.markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
