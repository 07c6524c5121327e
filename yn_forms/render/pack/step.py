"""The bound 申报材料 as a step of the production path: what ``yn-forms pack`` (and later 生成申报材料) hands
to ``render.documents.produce``.

Once the Word files are written, one LibreOffice call converts everything that needs it: each
document once — the pack binds its pages with their own page numbers taken off (``_Plan``,
``own_numbers``), and they are the clerk's PDFs of it too (``document_pdfs``) — the 目录
(``contents``) and the 证明材料 given as Word files (their page numbers taken out). One call, because
starting LibreOffice costs more than converting a document; the 目录's page numbers are set
after it, from the page counts it gives (``render.pack.contents``). Then the pages are bound
(``render.pack.binder``) and the PDF written beside its place and moved in whole
(``render.output.write_all``): a failure, a refusal or a kill leaves nothing half-written, and
an older pack of the same name as it was.

With ``max_mb`` (the copy that goes online) the pictures are stored coarser, step by step
(``LEVELS``, never under 150 dpi at the size they print), until the file fits; when even the
last step does not fit, nothing is written and the failure names the largest parts. With
``upload`` the pack is written as it is *and* a second time, within ``upload_mb``, beside it
(生成申报材料's copy for an online system): both from the one LibreOffice call; an upload copy that
cannot fit is said (``upload_note``), the full pack is written all the same.

What went wrong is kept as ``failure`` (its ``kind`` says whose it is: LibreOffice missing,
a refused ``--replace``, an output that cannot be written, a pack that cannot fit), as
``PdfStep`` keeps its note: the Word files are in place by then.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from yn_forms.core.enclosures import declared, paper_titles
from yn_forms.core.formdef import FormDefinition
from yn_forms.render.enclosures import DOCX
from yn_forms.render.fonts import FontReport, font_report
from yn_forms.render.output import OutputError, write_all
from yn_forms.render.pack import FIRST_NAME
from yn_forms.render.pack.binder import Bound, ReplacementOutside, Section, Source, Unbindable, bind, weigh
from yn_forms.render.pack.contents import Entry, bound_entries, number_places, write_contents
from yn_forms.render.pack.footers import foot_band, unnumbered_copy
from yn_forms.render.pack.own_numbers import without_foot_text
from yn_forms.render.pack.parts import BoundItem, Replacement
from yn_forms.render.pack.pictures import AS_GIVEN, Quality
from yn_forms.render.pdf import PdfError, convert_to_pdf, require_soffice
from yn_forms.render.steps import Step, Written

OFFICE, REFUSED, OUTPUT, TOO_LARGE, CANCELLED = "office", "refused", "output", "too_large", "cancelled"
LEVELS = (Quality(300, 85), Quality(200, 80), Quality(150, 70), Quality(150, 50))
MB = 1_000_000  # an upload limit in MB is met whichever megabyte the system counts in
SUMMARY_PARTS = 8  # parts the summary line names; the 目录 names them all
NOTHING_WRITTEN = "未生成装订版 PDF。"
MISSING_OFFICE = ("未找到 LibreOffice，无法生成装订版 PDF（目录和申报书由 LibreOffice 转换为 PDF）。请安装 LibreOffice"
                  "（免费软件）；如已安装在其他位置，请用环境变量 YN_FORMS_SOFFICE 指定 soffice 程序的位置。")
WORD_FILES_THERE = "Word 文件已经生成，可以用 Word 或 WPS 打开后打印。"  # render.pdf's words for fill


@dataclass(frozen=True)
class PackFailure:
    kind: str  # OFFICE, REFUSED, OUTPUT, TOO_LARGE or CANCELLED
    message: str


class _TooLarge(Exception):
    pass


class _Cancelled(Exception):
    pass


class PackStep(Step):
    """The bound PDF of the written documents and *items* (read by ``render.pack.parts.read_parts``) at *out*.

    *document_pdfs*: the documents' own PDFs too, beside them, converted in the same LibreOffice
    call (``pdfs``) — what 生成申报材料 writes with the pack, in place of ``PdfStep`` and its call.
    *first* hears, while the rest converts, of a PDF of the 目录 and the first document's pages as the
    pack will have them (``FIRST_NAME``, beside the pack: 预览 shows it at once).
    """

    def __init__(self, form: FormDefinition, out: Path, items: Sequence[BoundItem] = (), *,
                 replacements: Sequence[Replacement] = (), max_mb: float | None = None,
                 soffice: str | os.PathLike[str] | None = None, document_pdfs: bool = False,
                 upload: Path | None = None, upload_mb: float | None = None,
                 first: Callable[[Path], None] | None = None) -> None:
        self.form = form
        self.first = first
        self.document_pdfs = document_pdfs
        self.pdfs: list[Path] = []  # the documents' own PDFs, with document_pdfs
        self.out = Path(out)
        self.items = list(items)
        self.replacements = list(replacements)
        self.max_bytes = round(max_mb * MB) if max_mb else None
        self.soffice = soffice
        self.bound: Bound | None = None  # what the written pack holds
        self.size = 0
        self.upload = Path(upload) if upload is not None and upload_mb else None
        self.upload_bytes = round(upload_mb * MB) if upload_mb else None
        self.upload_bound: Bound | None = None  # what the upload copy holds, when it was written
        self.upload_size = 0
        self.upload_note = ""  # why the upload copy asked for was not written
        self.fonts: FontReport | None = None
        self.failure: PackFailure | None = None
        self.on_paper: list[str] = []  # the items handed in on paper, as the 目录 lists them after the bound ones

    def written(self, files: Written) -> None:
        bound = {item.title for item in self.items}
        self.on_paper = [title for title in paper_titles(self.form, files.data) if title not in bound]
        try:
            self._make(files)
        except PdfError as exc:
            if exc.missing_office:
                self.failure = PackFailure(OFFICE, MISSING_OFFICE)
            else:  # the documents of a pack are in a private folder: no Word file to turn to
                self.failure = PackFailure(OUTPUT, str(exc).replace(WORD_FILES_THERE, "") + NOTHING_WRITTEN)
        except (ReplacementOutside, Unbindable) as exc:
            self.failure = PackFailure(REFUSED, f"{exc}。{NOTHING_WRITTEN}")
        except OutputError as exc:
            self.failure = PackFailure(OUTPUT, f"{exc}。{NOTHING_WRITTEN}".replace("。。", "。"))
        except _TooLarge as exc:
            self.failure = PackFailure(TOO_LARGE, str(exc))
        except _Cancelled:
            self.failure = PackFailure(CANCELLED, f"已取消，{NOTHING_WRITTEN}")

    def _make(self, files: Written) -> None:
        soffice = require_soffice(self.soffice)
        # the fonts are read (and fontconfig asked) while LibreOffice converts: neither waits for the other
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="yn-fonts") as pool:
            fonts = pool.submit(font_report, files.documents)
            try:
                self._convert_and_bind(files, soffice)
            finally:
                self.fonts = fonts.result()

    def _convert_and_bind(self, files: Written, soffice: Path) -> None:
        if files.stopped():
            raise _Cancelled()
        with tempfile.TemporaryDirectory(prefix="yn-pack-") as folder:
            work = Path(folder)
            plan = _Plan(files.documents, work, self.document_pdfs)
            entries = self.entries()
            contents = write_contents(entries, work / "contents.docx")
            words = {}
            for n, enclosure in enumerate((f for item in self.items for f in item.files if f.type == DOCX), 1):
                given = work / f"given-{n}.docx"
                given.write_bytes(enclosure.data)
                words[id(enclosure)] = unnumbered_copy(given, work / f"enclosure-{n}.docx")
            # the first document, then the 目录: 预览 shows them while the rest converts (``first``)
            lead = plan.first_count
            jobs = [*plan.converted[:lead], contents, *plan.converted[lead:], *words.values()]
            ready: dict[int, Path] = {}

            def converted(index: int, pdf: Path) -> None:
                ready[index] = pdf
                if index == lead and self.first is not None and len(ready) == lead + 1:
                    self._show_first(plan, [ready[n] for n in range(lead)], pdf, entries)

            made = convert_to_pdf(jobs, work / "pdf", soffice=soffice,
                                  converted=converted if self.first is not None else None)
            count = len(plan.converted)
            plan.made([*made[:lead], *made[lead + 1:count + 1]])
            made = [made[lead], *made[count + 1:]]  # the 目录's, then the Word 证明材料's
            beside = [(files.folder / pdf.name, _copier(pdf)) for pdf in plan.own_pdfs()]
            try:
                sources = plan.sources(soffice)
                self._bind_all(work, sources, made, files, entries, words, beside)
            except (_Cancelled, OutputError):
                raise
            except Exception:
                # the documents' own PDFs are made: they are written all the same, only the pack is missing
                if beside:
                    with contextlib.suppress(OutputError):
                        write_all(beside)
                        self.pdfs = [path for path, _ in beside]
                raise

    def _show_first(self, plan: _Plan, lead: list[Path], contents: Path, entries: list[Entry]) -> None:
        """The 目录 and the first document's pages, bound as the pack will have them — the 目录's other numbers not
        known yet — written beside the pack (``FIRST_NAME``) and handed to ``first``. Whatever fails here only
        leaves 预览 to wait for the whole pack."""
        try:
            plan.made(lead)
            source = plan.source(0)
            reader = _read(contents)
            places = number_places(reader, len(bound_entries(entries)))[:1]
            writer, _ = bind(reader, places, [Section(entries[0].title, [source])],
                             title=f"{self.form.name}材料（装订版）")
            path = self.out.with_name(FIRST_NAME.format(stem=self.out.stem))
            with open(path, "wb") as handle:
                writer.write(handle)
        except Exception:  # a preview's early pages are a courtesy, never the pack's failure
            return
        with contextlib.suppress(RuntimeError):  # a window that was to show them closed meanwhile
            self.first(path)

    def _bind_all(self, work: Path, documents: list[Source], made: list[Path], files: Written, entries: list[Entry],
                  words: dict[int, Path], beside: list[tuple[Path, object]]) -> None:
        """The pack (and its upload copy) bound from the *documents*' pages and LibreOffice's PDFs *made* — the
        目录, the Word 证明材料 (*words*) — and written with *beside* (the documents' own PDFs), all or none."""
        readers = [_read(path) for path in made]
        count = len(files.documents)
        converted = {key: (reader, pdf.stat().st_size)
                     for key, reader, pdf in zip(words, readers[1:], made[1:], strict=True)}
        entries = bound_entries(entries)
        sections = [Section(entry.title, [source]) for entry, source in zip(entries[:count], documents, strict=True)]
        sections += [Section(entry.title, [Source.of(f, converted.get(id(f))) for f in item.files], item=True)
                     for entry, item in zip(entries[count:], self.items, strict=True)]
        contents_pdf = readers[0]
        try:
            places = number_places(contents_pdf, len(entries))
        except ValueError:  # a LibreOffice that lays out leaders otherwise: no 目录 with wrong numbers
            raise PdfError("LibreOffice 排出的目录与预期不同，无法标注页码。") from None
        if self.upload is not None:
            beside = [*beside, *self._upload_copy(work / "upload.pdf", contents_pdf, places, sections, files)]
        write_all([(self.out, lambda temp: self._write(temp, contents_pdf, places, sections, files)), *beside])
        self.pdfs = [path for path, _ in beside if path != self.upload]

    def entries(self) -> list[Entry]:
        """The 目录's lines: the documents in binding order, then each 证明材料 item, numbered — those handed in on
        paper among them where the notice lists them (the clerk's own after the bound ones), 纸质件另附 for a page."""
        documents = [Entry(_document_title(document.output, document.title)) for document in self.form.documents]
        items = [(item.title, False) for item in self.items] + [(title, True) for title in self.on_paper]
        order = {e.title: n for n, e in enumerate(declared(self.form))}
        items.sort(key=lambda item: order.get(item[0], len(order)))  # stable: the bound items keep their order
        return documents + [Entry(f"（{n}）{title}", item=True, paper=paper)
                            for n, (title, paper) in enumerate(items, 1)]

    def _write(self, temp: Path, contents: PdfReader, places, sections: list[Section], files: Written) -> None:
        """The pack into *temp*: as given, or with ``max_mb`` at the first level that fits."""
        self.bound, self.size = self._bind(temp, contents, places, sections, files, self.max_bytes)

    def _upload_copy(self, temp: Path, contents: PdfReader, places, sections: list[Section],
                     files: Written) -> list[tuple[Path, object]]:
        """The upload copy bound into *temp* (a private folder), to be moved in with the pack; none, and why
        (``upload_note``), when it cannot fit."""
        try:
            self.upload_bound, self.upload_size = self._bind(temp, contents, places, sections, files,
                                                             self.upload_bytes)
        except _TooLarge as exc:
            self.upload_note = str(exc).replace("未生成文件", "未生成网上提交版")
            return []
        return [(self.upload, _copier(temp))]

    def _bind(self, temp: Path, contents: PdfReader, places, sections: list[Section], files: Written,
              max_bytes: int | None) -> tuple[Bound, int]:
        """A pack into *temp* within *max_bytes* (None: as given), and what it holds and weighs.

        The level to try first is chosen from the files (``render.pack.binder.weigh``); a pack that
        still does not fit is built again at the next, coarser level. Each try's pack is let go
        before the next is built: two in memory at once would double what the pictures take."""
        title = f"{self.form.name}材料（装订版）"
        quality = self._first_level(sections, max_bytes) if max_bytes else AS_GIVEN
        while True:
            if files.stopped():
                raise _Cancelled()
            writer, bound = bind(contents, places, sections, self.replacements, quality=quality, title=title)
            with open(temp, "wb") as handle:
                writer.write(handle)
            del writer
            size = temp.stat().st_size
            if max_bytes is None or size <= max_bytes:
                return bound, size
            coarser = LEVELS[LEVELS.index(quality) + 1:] if quality in LEVELS else list(LEVELS)
            if not coarser:
                raise _TooLarge(self._too_large(bound.sizes, sections, size, max_bytes))
            quality = coarser[0]

    @staticmethod
    def _first_level(sections: list[Section], max_bytes: int) -> Quality:
        """As given if the files fit as they are; else the first level the pictures' estimate says fits, or the
        coarsest, so that a refusal states what the coarsest gives."""
        pictures, others = weigh(sections)
        if others + pictures.stored <= max_bytes:
            return AS_GIVEN
        return next((level for level in LEVELS if others + pictures.stored * pictures.ratio(level)
                     <= max_bytes * 0.95), LEVELS[-1])

    @staticmethod
    def _too_large(sizes: list[int], sections: list[Section], size: int, max_bytes: int) -> str:
        largest = sorted(zip(sizes, sections, strict=True), key=lambda pair: -pair[0])[:3]
        parts = "；".join(f"{section.title}（约 {part / MB:.1f} MB）" for part, section in largest)
        return (f"装订版 PDF 即使把图片压缩到{LEVELS[-1].describe()}（按打印尺寸计），仍有 {size / MB:.1f} MB，"
                f"超过限制的 {max_bytes / MB:g} MB，未生成文件。占用最多的是：{parts}。"
                "请删减或拆分这些材料（如只扫描需要的页、用黑白或灰度扫描），或放宽大小限制。")

    def summary(self) -> str:
        """What the written pack holds, in a line: its pages, where each part starts, its size (and the upload
        copy's)."""
        bound = self.bound
        named = [f"{_short(entry.title)}：第 {start} 页" for entry, start in zip(bound_entries(self.entries()),
                                                                               bound.starts, strict=True)]
        parts = "，".join(named) if len(named) <= SUMMARY_PARTS else \
            "，".join(named[:SUMMARY_PARTS - 1]) + "……（详见目录）"
        quality = "" if bound.quality.dpi is None else f"；图片已压缩为{bound.quality.describe()}"
        line = (f"装订版共 {bound.contents_pages + bound.pages} 页"
                f"（目录 {bound.contents_pages} 页，其后 {bound.pages} 页：{parts}），{self.size / MB:.1f} MB{quality}")
        if self.upload_bound is not None:
            shrunk = self.upload_bound.quality
            how = "图片原样" if shrunk.dpi is None else f"图片已压缩为{shrunk.describe()}"
            line += f"；网上提交版 {self.upload_size / MB:.1f} MB（{how}）"
        return line


class _Plan:
    """What LibreOffice converts for the documents, and the pages the pack binds of each.

    A document whose foot holds its page number alone (``render.pack.footers.foot_band``) is converted
    once, as the clerk's PDF, and bound from it with its foot's text taken off
    (``render.pack.own_numbers``); any other is converted as an unnumbered copy besides (and its own PDF
    only when the clerk's PDFs are asked for). A document whose PDF turns out not to be one the foot can
    be taken off with certainty has its unnumbered copy converted after all, in a second call.
    """

    def __init__(self, documents: Sequence[Path], work: Path, own_pdfs: bool) -> None:
        self.documents, self.work, self.wanted = list(documents), work, own_pdfs
        self.bands = [foot_band(path) for path in self.documents]
        self.originals: dict[int, Path] = {}  # document index → its own PDF, once made
        self.copies: dict[int, Path] = {}  # document index → its unnumbered copy's PDF, once made
        self.converted: list[Path] = []
        self._order: list[tuple[dict[int, Path], int]] = []
        self._sources: dict[int, Source | None] = {}
        for index, (path, band) in enumerate(zip(self.documents, self.bands, strict=True)):
            if band is not None or own_pdfs:
                self.converted.append(path)
                self._order.append((self.originals, index))
            if band is None:
                self.converted.append(self._copy(index))
                self._order.append((self.copies, index))

    def _copy(self, index: int) -> Path:
        return unnumbered_copy(self.documents[index], self.work / f"document-{index + 1}.docx")

    @property
    def first_count(self) -> int:
        """How many of ``converted`` are the first document's."""
        return sum(index == 0 for _, index in self._order)

    def made(self, pdfs: Sequence[Path]) -> None:
        """The PDFs of the first ``len(pdfs)`` of ``converted``, as LibreOffice made them."""
        for (kind, index), pdf in zip(self._order, pdfs, strict=False):
            kind[index] = pdf

    def own_pdfs(self) -> list[Path]:
        return [self.originals[index] for index in range(len(self.documents))] if self.wanted else []

    def source(self, index: int) -> Source | None:
        """The pages of document *index* as the pack binds them, once made: None when its PDF's foot cannot be
        taken off with certainty (``sources`` converts its unnumbered copy)."""
        if index not in self._sources:
            path = self.documents[index]
            pdf = self.copies[index] if index in self.copies else self.originals[index]
            reader = _read(pdf)
            contents = None if index in self.copies else without_foot_text(reader, self.bands[index])
            self._sources[index] = None if index not in self.copies and contents is None else \
                Source(path.name, reader=reader, own=True, size=pdf.stat().st_size, contents=contents)
        return self._sources[index]

    def sources(self, soffice: Path) -> list[Source]:
        """Each document's pages as the pack binds them."""
        sources = [self.source(index) for index in range(len(self.documents))]
        again = [index for index, source in enumerate(sources) if source is None]
        if again:
            made = convert_to_pdf([self._copy(index) for index in again], self.work / "pdf-again", soffice=soffice)
            for index, pdf in zip(again, made, strict=True):
                sources[index] = Source(self.documents[index].name, reader=_read(pdf), own=True,
                                        size=pdf.stat().st_size)
        return sources  # type: ignore[return-value]  # every None was filled


def _read(pdf: Path) -> PdfReader:
    try:
        return PdfReader(pdf)
    except PyPdfError:
        raise PdfError("LibreOffice 转换出的 PDF 无法读取，无法装订。") from None


def _short(title: str) -> str:
    """附件1 for a document, 证明材料（2） for an item: how the summary line names a part."""
    if title.startswith("（"):
        return "证明材料" + title[: title.index("）") + 1]
    return title.split("　")[0]


def _copier(pdf: Path):
    """A writer for ``write_all`` copying a PDF made in the private folder (maybe on another disk)."""
    return lambda temp: shutil.copyfile(pdf, temp)


def _document_title(output: str, title: str) -> str:
    """“附件1　云南省…申报书” from the document's file name, or its title where the name has no 附件 number."""
    stem = Path(output).stem
    label, _, rest = stem.partition("-")
    return f"{label}　{rest}" if rest and label.startswith("附件") else title
