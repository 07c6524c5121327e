"""Benchmark `yn-forms pack` against its budgets: 1.5× the time of `fill --pdf`, 500 MB for 200 scanned pages.

1. The 创新中心 example bound with a 4 MB phone photo (4,000 × 3,000, turned by its EXIF
   orientation as a phone stores a portrait) and a 2-page PDF: the whole `yn-forms pack`
   process, beside the whole `yn-forms fill --pdf` of the same data measured in the same run —
   what the 目录, the numbering, the bookmarks and the pictures add to making the PDFs.
2. The same application with a 200-page scanned PDF (greyscale A4 pages at 300 dpi, each
   different): the peak resident memory of the `yn-forms pack` process itself (LibreOffice,
   its child, not counted), against 500 MB; and its time.
3. 生成申报材料 as the wizard makes it (``gui.submission``: the production path with the pack's
   step, the documents' own PDFs from the same LibreOffice call, each document converted once)
   beside 生成申报材料 with PDFs and no pack, as it was before the pack — and with an upload copy
   asked within 2 MB besides — and a bare ``soffice --convert-to pdf`` of the same .docx (the goal:
   1.3× its CPU). Timed in a process of its own, the production alone (not the imports: the app is
   running when the clerk clicks), its CPU time with LibreOffice's (``os.times`` of the process and
   the children it waited for), interleaved with the bare LibreOffice. The floor column: the same bare call
   with a profile that skips LibreOffice's graphics self-tests as the app's profiles do (``render.profiles``;
   a headless LibreOffice otherwise runs them at every start, half its CPU on these documents).

Prints the median of several runs.

    python bench/pack.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import Timing, add_arguments, machine_note, median_wall, print_table, project_on_path, run_once

MEASURE = r"""
import resource, sys
from yn_forms.cli import main
code = main(sys.argv[1:])
try:  # the peak of this process's own memory: ru_maxrss on Linux keeps the parent's size at fork across exec
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(peak, file=sys.stderr)
sys.exit(code)
"""


def phone_photo(path: Path) -> Path:
    """A 4,000 × 3,000 photo of some 4 MB, stored landscape with orientation 6 (a portrait taken upright)."""
    from PIL import Image

    size = (4000, 3000)
    image = Image.merge("RGB", [Image.effect_noise(size, 30).convert("L"), Image.linear_gradient("L").resize(size),
                                Image.effect_noise(size, 20).convert("L")])
    exif = Image.Exif()
    exif[0x0112] = 6
    for quality in (92, 90, 88, 86, 84, 80, 75):
        image.save(path, "JPEG", quality=quality, exif=exif.tobytes())
        if path.stat().st_size <= 4_400_000:
            break
    return path


def two_page_pdf(path: Path) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path))
    for number in (1, 2):
        canvas.drawString(72, 720, f"合作协议 第 {number} 页")
        canvas.showPage()
    canvas.save()
    return path


def scanned_pdf(path: Path, pages: int) -> Path:
    """*pages* A4 greyscale scans at 300 dpi, each a different picture (a scanner's PDF: one JPEG a page, some
    half a megabyte: 200 of them come to about 100 MB, near the 128 MB the 证明材料 may have together)."""
    from PIL import Image, ImageDraw
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    rl_config.useA85 = 0  # a scanner stores its JPEGs as they are
    size = (2480, 3508)
    base = Image.effect_noise(size, 20).point(lambda v: 230 + v // 10).convert("L")
    canvas = Canvas(str(path), pagesize=(595.28, 841.89))
    with tempfile.TemporaryDirectory() as folder:
        for number in range(pages):
            page = base.copy()
            draw = ImageDraw.Draw(page)
            for line in range(40):
                y = 220 + line * 78
                draw.rectangle([220, y, 220 + (number * 55 + line * 137) % 1950, y + 27], fill=40)
            scan = Path(folder) / f"{number}.jpg"
            page.save(scan, "JPEG", quality=85)
            canvas.drawImage(str(scan), 0, 0, 595.28, 841.89)
            canvas.showPage()
        canvas.save()
    return path


GENERATE = r"""
import os, sys, tempfile, time
from pathlib import Path
from yn_forms.forms import get_form
from yn_forms.render.documents import produce
from yn_forms.render.pack.parts import EnclosureGroup, read_parts
from yn_forms.render.pack.step import PackStep
form = get_form("innovation-centre")
data = form.example()
photo, agreement, mode = sys.argv[1:4]
with tempfile.TemporaryDirectory() as folder:
    out = Path(folder)
    start, before = time.perf_counter(), os.times()
    first = []
    if mode == "pdf":
        assert produce(form, data, out, pdf=True).pdfs
    else:
        titles = [e.title for e in form.submission.enclosures]
        items = read_parts([EnclosureGroup(titles[0], (Path(photo),)), EnclosureGroup(titles[1], (Path(agreement),))])
        step = PackStep(form, out / "pack.pdf", items, document_pdfs=True, upload=out / "upload.pdf",
                        upload_mb=2.0 if mode == "upload" else None,
                        first=(lambda _pdf: first.append(time.perf_counter() - start)) if mode == "preview" else None)
        produce(form, data, out, steps=[step])
        assert step.failure is None and step.pdfs and (mode != "upload" or step.upload_bound is not None)
    after = os.times()
    # wall; CPU with LibreOffice's; when 预览 could show its first pages
    print(time.perf_counter() - start, sum(after[:4]) - sum(before[:4]), first[0] if first else 0.0)
    if mode == "pdf":  # the same .docx, for the bare LibreOffice beside it
        keep = Path(sys.argv[4])
        for docx in out.glob("*.docx"):
            (keep / docx.name).write_bytes(docx.read_bytes())
"""


def generate_times(root: Path, photo: Path, agreement: Path, runs: int) -> dict[str, Timing]:
    """生成申报材料's production (pdf, pack, upload) and 预览's, each in a process of its own, and a bare soffice
    converting the same .docx, interleaved: the median wall time and CPU time (the process's production alone
    — the app is running when the clerk clicks — and LibreOffice's, its child); ``first``: when 预览 had the
    目录 and the first document to show."""
    from yn_forms.render.offline import write_settings
    from yn_forms.render.pdf import require_soffice
    from yn_forms.render.profiles import START_SETTINGS

    soffice = require_soffice()
    modes = ("pdf", "pack", "upload", "preview")
    samples: dict[str, list[Timing]] = {mode: [] for mode in ("bare", "floor", "first", *modes)}
    with tempfile.TemporaryDirectory() as folder:
        docx = Path(folder)
        profile = (docx / "profile").as_uri()
        quiet = docx / "quiet-profile"
        write_settings(quiet, START_SETTINGS)
        for round_ in range(runs + 1):  # a warm-up round first, not counted
            for mode in modes:
                done = subprocess.run([sys.executable, "-c", GENERATE, str(photo), str(agreement), mode, str(docx)],
                                      capture_output=True, text=True, cwd=root, check=True)
                wall, cpu, first = map(float, done.stdout.strip().splitlines()[-1].split())
                if round_:
                    samples[mode].append(Timing(cpu, wall))
                    if mode == "preview":
                        samples["first"].append(Timing(0.0, first))
            bare = run_once([str(soffice), f"-env:UserInstallation={profile}", "--headless", "--norestore",
                             "--convert-to", "pdf", "--outdir", str(docx / "bare"),
                             *map(str, sorted(docx.glob("*.docx")))])
            floor = run_once([str(soffice), f"-env:UserInstallation={quiet.as_uri()}", "--headless", "--norestore",
                              "--convert-to", "pdf", "--outdir", str(docx / "floor"),
                              *map(str, sorted(docx.glob("*.docx")))])
            if round_:
                samples["bare"].append(bare)
                samples["floor"].append(floor)
    return {mode: Timing(statistics.median(t.cpu for t in got), statistics.median(t.wall for t in got))
            for mode, got in samples.items()}


def peak_memory(argv: list[str], root: Path) -> tuple[float, float]:
    """Wall time, and the peak resident MB of the yn-forms process itself (LibreOffice, its child, apart)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURE, *argv], capture_output=True, text=True, cwd=root)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return wall, int(done.stderr.strip().splitlines()[-1]) / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    add_arguments(parser, runs=5)
    args = parser.parse_args()
    root = project_on_path()
    from yn_forms.forms import get_form

    form = get_form("innovation-centre")
    table = []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        data = tmp / "centre.json"
        data.write_text(json.dumps(form.example(), ensure_ascii=False), encoding="utf-8")
        photo, agreement = phone_photo(tmp / "营业执照.jpg"), two_page_pdf(tmp / "合作协议.pdf")
        pack = [sys.executable, "-m", "yn_forms", "pack", form.id, str(data), "-o", str(tmp / "pack.pdf"),
                "--enclosure", f"创新中心独立法人资格证书复印件={photo}",
                "--enclosure", f"成员单位之间相关合作协议、资金组建方案、各项规章制度等={agreement}"]
        fill = [sys.executable, "-m", "yn_forms", "fill", form.id, str(data), "-o", str(tmp / "fill"), "--pdf"]
        subprocess.run(fill, check=True, capture_output=True, cwd=root)  # the LibreOffice profile made once
        packed = median_wall(pack, args.runs, cwd=root)
        filled = median_wall(fill, args.runs, cwd=root)
        table.append((f"yn-forms pack innovation-centre + a {photo.stat().st_size / 1e6:.1f} MB photo + a 2-page PDF "
                      "(whole process) vs fill --pdf", f"{packed:.2f}s", f"{filled:.2f}s", f"{packed / filled:.2f}",
                      "1.5×"))
        times = generate_times(root, photo, agreement, args.runs)
        bare, floor = times["bare"], times["floor"]
        floor_ratio = f"{floor.cpu / bare.cpu:.2f}"  # bare soffice with its self-tests skipped
        for mode, what in (("pdf", "生成申报材料 with the documents' PDFs alone"),
                           ("pack", "生成申报材料 with the bound PDF (each document converted once: the pack "
                                    "binds its own PDF), the same photo and PDF"),
                           ("upload", "… and an upload copy within 2 MB besides (its pictures stored again)")):
            ours = times[mode]
            table.append((f"{what}, CPU with LibreOffice's vs bare soffice on the same .docx", f"{ours.cpu:.2f}s",
                          f"{bare.cpu:.2f}s", f"{ours.cpu / bare.cpu:.2f}", floor_ratio,
                          "1.3×" if mode == "pack" else "—"))
            table.append((f"… wall time (machine shared: {machine_note()})", f"{ours.wall:.2f}s", f"{bare.wall:.2f}s",
                          f"{ours.wall / bare.wall:.2f}", "—"))
        preview, first = times["preview"], times["first"]
        table.append(("预览: the 目录 and 附件1 shown (wall, from the click's production) vs bare soffice on the same "
                      ".docx", f"{first.wall:.2f}s", f"{bare.wall:.2f}s", f"{first.wall / bare.wall:.2f}", "—"))
        table.append(("预览: the whole pack there, CPU with LibreOffice's vs bare soffice", f"{preview.cpu:.2f}s",
                      f"{bare.cpu:.2f}s", f"{preview.cpu / bare.cpu:.2f}", floor_ratio, "1.3×"))

        scans = scanned_pdf(tmp / "扫描件.pdf", 200)
        argv = ["pack", form.id, str(data), "-o", str(tmp / "scans.pdf"),
                "--enclosure", f"成员单位之间相关合作协议、资金组建方案、各项规章制度等={scans}"]
        runs = [peak_memory(argv, root) for _ in range(max(1, min(args.runs, 3)))]
        wall = statistics.median(r[0] for r in runs)
        own = max(r[1] for r in runs)
        fill_runs = [peak_memory(["fill", form.id, str(data), "-o", str(tmp / "fill2"), "--pdf"], root)
                     for _ in range(max(1, min(args.runs, 3)))]
        fill_own = max(r[1] for r in fill_runs)
        size = scans.stat().st_size / 1e6
        table.append((f"yn-forms pack with a 200-page scanned PDF ({size:.0f} MB): peak resident memory of the process "
                      "vs fill --pdf's", f"{own:.0f} MB", f"{fill_own:.0f} MB", f"{own / fill_own:.2f}", "500 MB"))
        table.append(("yn-forms pack with a 200-page scanned PDF (whole process) vs fill --pdf",
                      f"{wall:.2f}s", f"{filled:.2f}s", f"{wall / filled:.2f}", "—"))
    print_table(table, args.markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
