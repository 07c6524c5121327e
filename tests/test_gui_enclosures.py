"""The wizard's 证明材料 page and the whole submission (pytest-qt, the scripted clerk).

Files are attached as a clerk attaches them — 添加文件… with a file dialog, or dropped from the
file manager — and what the page shows, what the draft keeps, where the files live and what
生成申报材料, 预览 and 盖章扫描件… make of them is asserted.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pack_helpers import encrypted_pdf, page_texts, pdf, photo
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from yn_forms.core.draft import read_input
from yn_forms.core.enclosure_store import staging_root, store_folder
from yn_forms.gui.enclosures_page import EnclosuresEditor, ItemBox
from yn_forms.gui.window_context import shown_dialog

LICENCE = "legal_person_certificate"  # 创新中心独立法人资格证书复印件 (required, 《工作方案》四(一)1)
AGREEMENTS = "cooperation_documents"


def enclosures_page(window) -> EnclosuresEditor:
    wizard = window.wizard
    index = list(window.form.model.model_fields).index("enclosures")
    wizard.go_to(index)
    return wizard.page(index).findChildren(EnclosuresEditor)[0]


def rows(box: ItemBox) -> list[str]:
    return [box.list.item(i).text() for i in range(box.list.count()) if box.list.item(i).flags()]


def attach(window, qtbot, clerk, key: str, *paths: Path) -> ItemBox:
    """添加文件… on the item's box, the files chosen in the dialog; back once the draft has them."""
    box = enclosures_page(window).boxes[key]
    before = len(window.wizard.data.get("enclosures") or [])
    clerk.paths.append(list(paths))
    box.buttons["添加文件…"].click()
    qtbot.waitUntil(lambda: len(window.wizard.data.get("enclosures") or []) > before, timeout=10_000)
    return enclosures_page(window).boxes[key]


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    folder = tmp_path / "手机照片"
    folder.mkdir()
    return {"photo": photo(folder / "IMG_0001.JPG", (800, 600), orientation=6),
            "pdf": pdf(folder / "法人证书.pdf", 2, marker="CERTIFICATE"),
            "agreement": pdf(folder / "合作协议.pdf", 3, marker="AGREEMENT")}


@pytest.fixture
def centre_window(window, example):
    """A new 创新中心 draft of the example, without the example's 纸质件另附 notes: every item to attach."""
    example["enclosures"] = []
    window.new_draft("innovation-centre", example)
    return window


def test_a_photo_and_a_pdf_attached_show_with_their_pages_and_pictures(centre_window, qtbot, clerk, files):
    window = centre_window
    box = attach(window, qtbot, clerk, LICENCE, files["photo"], files["pdf"])
    records = window.wizard.data["enclosures"]
    assert [(r["item"], r["name"], r["type"], r["pages"]) for r in records] == [
        (LICENCE, "IMG_0001.JPG", "jpeg", 1), (LICENCE, "法人证书.pdf", "pdf", 2)]
    assert rows(box)[0].startswith("1. IMG_0001.JPG\nJPEG 图片 · 1 页 · ")
    assert rows(box)[1].startswith("2. 法人证书.pdf\nPDF · 2 页 · ")
    assert box.state.text() == "2 个文件，共 3 页"
    # the files are in the draft's store: staging, named after its autosave, while it is in no file
    folder = staging_root() / window.autosaver.token
    assert sorted(p.name.split("-", 1)[1] for p in folder.iterdir()) == ["IMG_0001.jpg", "法人证书.pdf"]
    assert window.wizard.document.undo_label == "添加证明材料“IMG_0001.JPG”等 2 个文件"
    # the pictures arrive off the GUI thread: the photo upright (EXIF 6: turned a quarter), a PDF's first page
    qtbot.waitUntil(lambda: all(not box.list.item(i).icon().isNull() for i in range(2)), timeout=10_000)
    from yn_forms.gui import thumbnails

    qtbot.waitUntil(lambda: thumbnails.known(records[0]["sha256"]) is not None, timeout=10_000)
    upright = thumbnails.known(records[0]["sha256"])
    middle = upright.pixelColor(upright.width() // 2, upright.height() // 4)
    assert middle.red() > 200 and middle.blue() < 80  # the photo's red left half stands at the top


def test_files_dropped_from_the_file_manager_are_attached(centre_window, qtbot, files):
    box = enclosures_page(centre_window).boxes[AGREEMENTS]
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(files["agreement"]))])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, data, buttons, keys)
    QApplication.sendEvent(box, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(box, QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, data, buttons, keys))
    qtbot.waitUntil(lambda: bool(centre_window.wizard.data.get("enclosures")), timeout=10_000)
    assert [(r["item"], r["name"], r["pages"]) for r in centre_window.wizard.data["enclosures"]] == [
        (AGREEMENTS, "合作协议.pdf", 3)]


def test_files_are_reordered_deleted_and_brought_back_by_undo(centre_window, qtbot, clerk, files):
    window = centre_window
    box = attach(window, qtbot, clerk, LICENCE, files["photo"], files["pdf"])
    names = lambda: [r["name"] for r in window.wizard.data["enclosures"]]  # noqa: E731
    box.list.setCurrentRow(1)
    assert not box.buttons["下移"].isEnabled() and box.buttons["上移"].isEnabled()
    box.buttons["上移"].click()
    assert names() == ["法人证书.pdf", "IMG_0001.JPG"]
    assert box.selected()[1]["name"] == "法人证书.pdf"  # the file moved stays selected
    window.undo()
    assert names() == ["IMG_0001.JPG", "法人证书.pdf"]
    assert window.statusBar().currentMessage() == "已撤销：上移证明材料“法人证书.pdf”"
    box = enclosures_page(window).boxes[LICENCE]
    assert box.selected()[1]["name"] == "法人证书.pdf"  # the cursor stays on the file moved back

    box = enclosures_page(window).boxes[LICENCE]
    box.list.setCurrentRow(0)
    QTest.keyClick(box.list, Qt.Key.Key_Delete)  # Delete in the list, as 删除
    assert names() == ["法人证书.pdf"]
    assert window.statusBar().currentMessage() == "已删除证明材料“IMG_0001.JPG”。按 Ctrl+Z 可撤销。"
    QTest.keyClick(box.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Z brings it back
    assert names() == ["IMG_0001.JPG", "法人证书.pdf"]
    box = enclosures_page(window).boxes[LICENCE]
    assert box.selected()[1]["name"] == "IMG_0001.JPG"  # the clerk is taken to the file brought back
    path, issue = window.files.store().locate(0, window.wizard.data["enclosures"][0])
    assert issue is None and path.read_bytes() == files["photo"].read_bytes()  # with its file


def test_a_bad_file_is_refused_with_the_reason_and_the_draft_untouched(centre_window, qtbot, clerk, files, tmp_path):
    window = centre_window
    revision = window.wizard.document.revision
    locked = encrypted_pdf(tmp_path / "加密的证书.pdf")
    note = tmp_path / "说明.txt"
    note.write_text("不是证明材料", encoding="utf-8")
    box = enclosures_page(window).boxes[LICENCE]
    clerk.paths.append([locked, note])
    box.buttons["添加文件…"].click()
    qtbot.waitUntil(lambda: clerk.last_warning != "", timeout=10_000)
    warning = clerk.last_warning
    assert "证明材料“加密的证书.pdf”无法使用：" in warning and "密码" in warning
    assert "证明材料“说明.txt”无法使用：" in warning and warning.endswith("草稿没有改动。")
    assert window.wizard.document.revision == revision and not window.wizard.document.can_undo
    assert window.wizard.data.get("enclosures") == []
    # one good file among bad ones is attached, the others named
    clerk.paths.append([locked, files["pdf"]])
    box.buttons["添加文件…"].click()
    qtbot.waitUntil(lambda: bool(window.wizard.data["enclosures"]), timeout=10_000)
    assert [r["name"] for r in window.wizard.data["enclosures"]] == ["法人证书.pdf"]
    assert clerk.last_warning.endswith("其余 1 个文件已添加。")


def test_a_required_item_left_empty_is_to_fill_in_with_its_clause_and_paper_counts(centre_window, qtbot, clerk,
                                                                                 files):
    window = centre_window
    wizard = window.wizard
    index = list(window.form.model.model_fields).index("enclosures")
    wizard.revalidate()
    assert wizard.sections.item(index).text().endswith("未开始（2项待填）")
    attach(window, qtbot, clerk, LICENCE, files["pdf"])
    qtbot.waitUntil(lambda: wizard.sections.item(index).text().endswith("待填写（1）"))  # judged as typing is
    wizard.go_to(wizard.stack.count() - 1)  # 审核 lists it, with its clause
    messages = [p.message for p in wizard.problems if p.path == "/enclosures"]
    assert messages == ["须随申报材料提交“成员单位之间相关合作协议、资金组建方案、各项规章制度等”：请添加文件，"
                        "或注明纸质件另附（《工作方案》四(一)1）"]
    box = enclosures_page(window).boxes[AGREEMENTS]
    assert box.state.text() == "○ 还没有文件：请添加文件，或勾选“纸质件另附”"  # on its box, once 审核 shows all
    box.paper.click()  # 纸质件另附
    assert wizard.data["enclosures"][-1]["type"] == "paper" and wizard.data["enclosures"][-1]["item"] == AGREEMENTS
    qtbot.waitUntil(lambda: wizard.sections.item(index).text().endswith("已完成"))
    assert enclosures_page(window).boxes[AGREEMENTS].state.text().startswith("纸质件另附")
    window.undo()
    assert enclosures_page(window).boxes[AGREEMENTS].paper.isChecked() is False


def test_an_item_of_the_clerks_own(centre_window, qtbot, clerk, files):
    window = centre_window
    page = enclosures_page(window)
    clerk.texts.append("高新技术企业证书")
    clerk.paths.append([files["pdf"]])
    page.add_own.click()
    qtbot.waitUntil(lambda: bool(window.wizard.data["enclosures"]), timeout=10_000)
    record = window.wizard.data["enclosures"][0]
    assert (record["item"], record["title"], record["name"]) == ("", "高新技术企业证书", "法人证书.pdf")
    titles = [box.title() for box in enclosures_page(window).boxes.values()]
    assert titles[-1] == "高新技术企业证书"


def test_saved_drafts_keep_their_files_beside_them_and_travel_with_them(centre_window, qtbot, clerk, files, tmp_path):
    window = centre_window
    attach(window, qtbot, clerk, LICENCE, files["photo"], files["pdf"])
    staged = staging_root() / window.autosaver.token
    assert staged.is_dir()
    draft = tmp_path / "申报" / "创新中心.ynform"
    draft.parent.mkdir()
    clerk.paths.append(draft)
    assert window.save()
    folder = store_folder(draft)
    assert folder.name == "创新中心.证明材料" and len(list(folder.iterdir())) == 2
    window.autosave()
    assert staged.is_dir()  # an autosave keeps what is staged
    window.close_draft()
    assert not staged.exists()  # the draft closed: its staging folder goes, the files are beside the draft

    moved = tmp_path / "另一台电脑"  # the draft and its folder copied elsewhere
    moved.mkdir()
    shutil.copy(draft, moved / draft.name)
    shutil.copytree(folder, moved / folder.name)
    assert window.open_path(moved / draft.name)
    assert clerk.last_warning == ""
    box = enclosures_page(window).boxes[LICENCE]
    assert rows(box)[0].startswith("1. IMG_0001.JPG") and "找不到" not in "".join(rows(box))
    assert not [p for p in window.wizard.problems if p.path.startswith("/enclosures/")]

    alone = tmp_path / "只有草稿"  # the draft sent alone: it opens, every file it lacks named
    alone.mkdir()
    shutil.copy(draft, alone / draft.name)
    assert window.open_path(alone / draft.name)
    assert window.wizard is not None and window.path == alone / draft.name
    warning = clerk.last_warning
    assert "有 2 个证明材料文件找不到或已改动" in warning
    assert "· IMG_0001.JPG（创新中心独立法人资格证书复印件）：找不到" in warning and "· 法人证书.pdf（" in warning
    assert "草稿应与文件夹“创新中心.证明材料”（在草稿旁边）一起复制或移动" in warning
    box = enclosures_page(window).boxes[LICENCE]
    assert rows(box)[0].endswith("· 找不到")
    errors = [p.message for p in window.wizard.problems if p.path.startswith("/enclosures/")]
    assert len(errors) == 2 and all("找不到" in e for e in errors)


def test_a_file_changed_since_it_was_attached_is_named(window, qtbot, clerk, files, tmp_path, centre, example):
    example["enclosures"] = []
    window.new_draft("innovation-centre", example)
    attach(window, qtbot, clerk, LICENCE, files["pdf"])
    draft = tmp_path / "d.ynform"
    assert window._save_to(draft)
    stored = next(store_folder(draft).iterdir())
    stored.write_bytes(pdf(tmp_path / "别的.pdf", 1).read_bytes())  # replaced behind the app's back
    window.close_draft()
    assert window.open_path(draft)
    assert "· 法人证书.pdf（创新中心独立法人资格证书复印件）：在添加后被改动过" in clerk.last_warning
    page = enclosures_page(window)
    assert rows(page.boxes[LICENCE])[0].endswith("· 已改动")


def test_save_as_takes_the_files_along_and_an_unsaved_draft_recovered_finds_its_files(window, qtbot, clerk, files,
                                                                                     tmp_path, example):
    example["enclosures"] = []
    window.new_draft("innovation-centre", example)
    attach(window, qtbot, clerk, LICENCE, files["pdf"])
    window.autosave()
    window.autosaver.lock.unlock()  # as when the app is killed: the autosave and its staged files stay
    from yn_forms.gui.autosave import find_recoveries
    from yn_forms.gui.recovery import restore
    from yn_forms.gui.window import MainWindow

    fresh = MainWindow()
    qtbot.addWidget(fresh)
    (recovery,) = find_recoveries()
    restore(fresh, recovery)
    assert fresh.wizard.data["enclosures"][0]["name"] == "法人证书.pdf"
    assert not [p for p in fresh.wizard.problems if p.path.startswith("/enclosures/")]  # found in staging
    first = tmp_path / "第一稿.ynform"
    assert fresh._save_to(first)
    second = tmp_path / "第二稿.ynform"
    clerk.paths.append(second)
    assert fresh.save_as()
    assert [p.name for p in store_folder(second).iterdir()] == [p.name for p in store_folder(first).iterdir()]
    assert read_input(second).data["enclosures"] == read_input(first).data["enclosures"]


# --- the whole submission -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("shared_pdfs")  # the documents converted once in the run
@pytest.mark.office
@pytest.mark.slow
def test_generating_binds_the_attached_files_and_preview_shows_the_bound_pdf(centre_window, qtbot, clerk, files,
                                                                             tmp_path):
    from pypdf import PdfReader

    from yn_forms.gui.preview import PreviewDialog

    window = centre_window
    attach(window, qtbot, clerk, LICENCE, files["photo"], files["pdf"])
    attach(window, qtbot, clerk, AGREEMENTS, files["agreement"])
    window.pdf_action.setChecked(True)
    out = tmp_path / "申报材料"
    clerk.paths.append(out)
    with qtbot.waitSignal(window.generated, timeout=120_000) as signal:
        window.generate()
    written = [Path(p) for p in signal.args[0]]
    bound = out / f"{window.form.name}-申报材料（装订版）.pdf"
    assert bound in written and all(p.is_file() for p in written)
    contents = page_texts(bound)[0]
    assert "目录" in contents and "创新中心独立法人资格证书复印件" in contents
    assert "成员单位之间相关合作协议" in contents
    reader = PdfReader(bound)
    marks = [item.title for item in reader.outline if not isinstance(item, list)]
    assert marks[0] == "目录" and "（1）创新中心独立法人资格证书复印件" in marks
    files = reader.outline[marks.index("（1）创新中心独立法人资格证书复印件") + 1]  # its files, by the clerk's names
    assert [item.title for item in files] == ["IMG_0001.JPG", "法人证书.pdf"]
    assert "装订版共" in clerk.last_info

    with qtbot.waitSignal(window.previewed, timeout=120_000) as previewed:
        window.preview()
    dialog = shown_dialog(window, PreviewDialog)
    assert dialog.tabs.tabText(0).startswith("装订版（") and previewed.args[0][0].name == bound.name
    model = dialog.bookmarks.model()
    titles = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert titles[0] == "目录" and "（2）成员单位之间相关合作协议、资金组建方案、各项规章制度等" in titles
    last = model.index(len(titles) - 1, 0)
    dialog.bookmarks.clicked.emit(last)  # a bookmark clicked: the view goes to its page
    assert dialog.views[0].pageNavigator().currentPage() == len(reader.pages) - 3  # the 3-page agreement
    order = dialog.pack.pack.order
    assert order[0].startswith("目录") and order[-1].startswith("（2）成员单位之间")


@pytest.mark.usefixtures("shared_pdfs")  # the documents converted once in the run
@pytest.mark.office
@pytest.mark.slow
def test_stamped_scans_replace_pages_of_the_bound_pdf_and_a_wrong_count_is_explained(window, qtbot, clerk,
                                                                                   tmp_path, centre, example):
    from yn_forms.gui.stamped import StampedDialog

    window.new_draft("innovation-centre", example)
    clerk.paths.append(tmp_path / "out")
    window.choices.settings.setValue("generate/pdf", True)
    window.pdf_action.setChecked(True)
    with qtbot.waitSignal(window.generated, timeout=120_000):
        window.generate()
    bound = tmp_path / "out" / f"{centre.name}-申报材料（装订版）.pdf"
    pages_before = len(page_texts(bound))
    window.stamped_scans()
    dialog = shown_dialog(window, StampedDialog)
    assert dialog.place.text().endswith(str(bound))  # where it was generated
    dialog.pages.setText("2-3")
    clerk.paths.append(pdf(tmp_path / "盖章页.pdf", 1, marker="STAMPED"))
    dialog.add_button.click()
    dialog.write_button.click()
    qtbot.waitUntil(lambda: clerk.last_warning != "", timeout=120_000)
    assert "扫描件有 1 页，替换第 2–3 页需要 2 页（少 1 页）" in clerk.last_warning
    assert len(page_texts(bound)) == pages_before  # nothing written
    dialog.list.setCurrentRow(0)
    dialog.remove()
    dialog.pages.setText("2")
    clerk.paths.append(tmp_path / "盖章页.pdf")
    dialog.add_button.click()
    dialog.write_button.click()
    qtbot.waitUntil(lambda: any(title == "已替换盖章页" for _kind, title, _text in clerk.said), timeout=120_000)
    texts = page_texts(bound)
    assert len(texts) == pages_before and "STAMPED page 1" in texts[2]  # the 目录, page 1, then the scan
    assert "已用盖章扫描件替换装订版的第 2 页（盖章页.pdf）" in clerk.last_info
    remembered = window.settings.value("stamped/unsaved", [], list)
    assert remembered == [f"2-2\t{tmp_path / '盖章页.pdf'}"]  # for the next scans (a signature page arriving later)


@pytest.mark.usefixtures("shared_pdfs")  # the documents converted once in the run
@pytest.mark.office
@pytest.mark.slow
def test_an_upload_copy_within_the_size_asked_for(window, qtbot, clerk, tmp_path, example):
    example["enclosures"] = []
    window.new_draft("innovation-centre", example)
    big = photo(tmp_path / "营业执照.jpg", (3000, 2200), noise=True, quality=95)
    attach(window, qtbot, clerk, LICENCE, big)
    window.pdf_action.setChecked(True)
    clerk.texts.append("1.5")
    action = window.choices.upload_action
    action.trigger()  # ticked: the limit is asked
    assert action.text() == "同时生成网上提交版（不超过 1.5 MB）(&U)…" and action.isChecked()
    clerk.paths.append(tmp_path / "out")
    with qtbot.waitSignal(window.generated, timeout=120_000) as signal:
        window.generate()
    names = [Path(p).name for p in signal.args[0]]
    upload = tmp_path / "out" / f"{window.form.name}-申报材料（网上提交版）.pdf"
    bound = tmp_path / "out" / f"{window.form.name}-申报材料（装订版）.pdf"
    assert upload.name in names and upload.stat().st_size <= 1_500_000 < bound.stat().st_size
    assert "网上提交版" in clerk.last_info
    subprocess.run(["pdfinfo", str(upload)], check=True, capture_output=True)
    action.trigger()  # unticked again: Qt finds the settings' folder once a process, the next test would find it on
    assert not action.isChecked()


def test_a_saved_drafts_files_are_found_after_two_crashes(window, qtbot, clerk, files, tmp_path, example):
    """Files attached to a saved draft go beside it; its autosave, recovered as the draft it belongs to and
    autosaved in turn, still says where they are."""
    from yn_forms.gui.autosave import find_recoveries
    from yn_forms.gui.recovery import restore
    from yn_forms.gui.window import MainWindow

    example["enclosures"] = []
    draft = tmp_path / "d.ynform"
    window.new_draft("innovation-centre", example)
    assert window._save_to(draft)
    attach(window, qtbot, clerk, LICENCE, files["pdf"])
    assert len(list(store_folder(draft).iterdir())) == 1  # beside the saved draft
    window.autosave()
    window.autosaver.lock.unlock()  # killed: its locks are left as they were
    window.guard.lock.release()
    window.guard.lock = None
    for _crash in range(2):
        fresh = MainWindow()
        qtbot.addWidget(fresh)
        (recovery,) = find_recoveries()
        restore(fresh, recovery)
        assert fresh.path == draft and fresh.wizard.data["enclosures"][0]["name"] == "法人证书.pdf"
        assert not [p for p in fresh.wizard.problems if p.path.startswith("/enclosures/")]
        fresh.autosave()
        fresh.autosaver.lock.unlock()  # killed again
        fresh.guard.lock.release()
        fresh.guard.lock = None


@pytest.mark.usefixtures("shared_pdfs")  # the documents converted once in the run
@pytest.mark.office
@pytest.mark.slow
def test_a_missing_file_leaves_the_pack_out_and_the_documents_and_their_pdfs_are_written(window, qtbot, clerk,
                                                                                         files, tmp_path, example):
    example["enclosures"] = []
    window.new_draft("innovation-centre", example)
    attach(window, qtbot, clerk, LICENCE, files["photo"])
    draft = tmp_path / "d.ynform"
    assert window._save_to(draft)
    window.close_draft()
    shutil.rmtree(store_folder(draft))  # the folder not copied with the draft
    assert window.open_path(draft)
    window.pdf_action.setChecked(True)
    clerk.paths.append(tmp_path / "out")
    with qtbot.waitSignal(window.generated, timeout=120_000) as signal:
        window.generate()
    assert sorted(Path(p).suffix for p in signal.args[0]) == [".docx", ".docx", ".pdf", ".pdf"]
    assert "未生成装订版：证明材料“IMG_0001.JPG”找不到或已改动，请在“证明材料”页处理后再生成" in clerk.last_info


def test_items_for_one_kind_of_application_come_and_go_with_it(window, qtbot, clerk, files):
    """The 消费名品's 营业执照 and 商标注册证 are an 企业品牌's: chosen 区域品牌, their boxes go — unless a file is in
    one, which then says it is not bound."""
    from yn_forms.core.operations import edit_field
    from yn_forms.forms import get_form

    brand = get_form("consumer-brand")
    data = brand.example()
    data["enclosures"] = []
    window.new_draft("consumer-brand", data)
    ((pointer, enterprise),) = brand.submission.enclosures[0].shown_when
    assert enterprise == "企业品牌"
    page = enclosures_page(window)
    assert list(page.boxes) == ["business_licence", "trademark_certificate"]
    info = page.boxes["business_licence"].info.text()
    assert info.startswith("建议提供 · 用于证明：企业品牌应为依法注册登记的企业单位")
    other = "区域品牌"
    edit_field(window.wizard.document, brand, pointer, other, typing=False)
    assert list(page.boxes) == ["regional_mark_certificate"]  # a 区域品牌's own: 地域标识明显
    regional = page.boxes["regional_mark_certificate"].info.text()
    assert regional.startswith("建议提供 · 用于证明：产业特色鲜明、地域标识明显")
    window.undo()
    attach(window, qtbot, clerk, "trademark_certificate", files["pdf"])
    edit_field(window.wizard.document, brand, pointer, other, typing=False)
    page = enclosures_page(window)
    assert list(page.boxes) == ["trademark_certificate", "regional_mark_certificate"]
    assert page.boxes["trademark_certificate"].info.text().endswith("本类申报不需要此项，不会装订，可删除其中的文件")
