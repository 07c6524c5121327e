"""The production path (``render.documents.produce``): its steps, its progress, and stopping it."""

from __future__ import annotations

from pathlib import Path

import pytest

from yn_forms.render.documents import Cancelled, PdfStep, produce
from yn_forms.render.steps import Rendered, Step, Written


class Seen(Step):
    """A later step (a bound pack, a desk reading the Word files) as the path shows it the documents."""

    def __init__(self) -> None:
        self.moments: list[tuple[str, str]] = []

    def rendered(self, document: Rendered) -> None:
        self.moments.append(("rendered", document.name))

    def finished(self, document: Rendered) -> None:
        self.moments.append(("finished", document.name))

    def written(self, files: Written) -> None:
        self.moments += [("written", path.name) for path in files.documents if path.is_file()]


def test_a_further_step_sees_each_document_rendered_typeset_and_written(centre, example, tmp_path):
    seen = Seen()
    produced = produce(centre, example, tmp_path, steps=[seen])
    names = [document.output for document in centre.documents]
    assert seen.moments == [("rendered", names[0]), ("finished", names[0]), ("rendered", names[1]),
                            ("finished", names[1]), ("written", names[0]), ("written", names[1])]
    assert produced.of(Seen) is seen and [p.name for p in produced.documents] == names
    assert produced.of(PdfStep) is None and produced.pdfs == [] and produced.fonts is None


def test_progress_counts_the_documents_then_the_steps_on_the_files(centre, example, tmp_path):
    told: list[tuple[int, int]] = []
    produce(centre, example, tmp_path, steps=[Seen()], report=lambda done, total: told.append((done, total)))
    assert told == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_a_stop_before_the_word_files_are_in_place_writes_none(centre, example, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / centre.documents[0].output).write_bytes(b"last week's")
    asked: list[int] = []

    def stop() -> bool:  # the clerk presses 取消 while the first document renders
        asked.append(1)
        return len(asked) > 1

    with pytest.raises(Cancelled, match="没有生成任何文件"):
        produce(centre, example, out, stop=stop)
    assert sorted(p.name for p in out.iterdir()) == [centre.documents[0].output]  # no temp file, nothing new
    assert (out / centre.documents[0].output).read_bytes() == b"last week's"


def test_a_stop_before_libreoffice_starts_keeps_the_word_files(centre, example, tmp_path, monkeypatch):
    import yn_forms.render.pdf as pdf

    monkeypatch.setattr(pdf, "require_soffice", lambda _configured=None: Path("/usr/bin/soffice"))
    converted: list[object] = []
    monkeypatch.setattr(pdf, "convert_to_pdf", lambda *args, **kwargs: converted.append(args) or [])
    rendered: list[str] = []

    class StopAfterRendering(Step):  # the clerk presses 取消 once the last document is rendered
        def finished(self, document: Rendered) -> None:
            rendered.append(document.name)

    produced = produce(centre, example, tmp_path, pdf=True, steps=[StopAfterRendering()],
                       stop=lambda: len(rendered) == len(centre.documents))
    assert [p.name for p in produced.documents] == [d.output for d in centre.documents]
    assert all(p.is_file() for p in produced.documents)
    assert converted == [] and produced.pdfs == [] and produced.pdf_note == "已取消。"
    assert produced.fonts is not None  # what LibreOffice would print with is known before it starts
