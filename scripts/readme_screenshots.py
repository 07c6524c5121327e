"""Redraw the README's pictures of the app (docs/images) at the size a small office screen gives it.

Run from the repository root: ``python scripts/readme_screenshots.py [folder]``. It works off screen, in a
throw-away user data folder (the clerk's own unit library and drafts are never touched), on the forms'
examples. The preview pictures need LibreOffice and are skipped without it. The packet pictures come from
``YN_SCREENSHOTS=docs/images pytest tests/test_gui_packets.py -k screenshots``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

WINDOW = (1024, 700)


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images").resolve()
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="yn-shots-"))
    os.environ["XDG_DATA_HOME"] = str(home)
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    os.environ["LOCALAPPDATA"] = str(home)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication, QWidget

    from yn_forms.core.draft import save_draft
    from yn_forms.core.units import UnitLibrary, extract_unit
    from yn_forms.forms import FORMS
    from yn_forms.gui.app import make_app
    from yn_forms.gui.clerk import ScriptedClerk, use_clerk
    from yn_forms.gui.start import judged, read_recent
    from yn_forms.gui.units_page import UnitLibraryDialog
    from yn_forms.gui.window import MainWindow
    from yn_forms.gui.window_context import shown_dialog

    app = make_app()
    use_clerk(ScriptedClerk())

    def settle() -> None:
        for _ in range(8):
            app.processEvents()

    def shot(widget: QWidget, name: str) -> None:
        settle()
        if not widget.grab().save(str(out / f"{name}.png")):
            raise SystemExit(f"无法写入 {out / name}.png")
        print(out / f"{name}.png")

    centre, brand, scenario = FORMS["innovation-centre"], FORMS["consumer-brand"], FORMS["digital-scenario"]
    with UnitLibrary() as library:  # the units the examples name, as a clerk's library would hold them
        lead = extract_unit(centre, centre.example(), "/lead")
        library.upsert({**lead, "credit_code": "91530000MA6K3T8R18", "legal_rep": "张明远"})
        library.upsert(extract_unit(centre, centre.example(), "/members/0"))
        library.upsert(extract_unit(brand, brand.example(), "/enterprise"))
        library.upsert(extract_unit(scenario, scenario.example(), "/applicant"))
    drafts = home / "草稿"  # two recent drafts, so the units page can show where a unit is used
    drafts.mkdir()
    save_draft(drafts / "锦川贵金属创新中心.ynform", centre, centre.example())
    save_draft(drafts / "滇七三七消费名品.ynform", brand, brand.example())

    window = MainWindow()
    recent = [str(p) for p in sorted(drafts.iterdir())]
    window.settings.setValue("recent", recent)
    window.start.show_recent(judged(read_recent(recent)))  # the 完成 % at once, not when the pool has it
    window.resize(*WINDOW)
    window.show()
    shot(window, "start")

    def page(form_id: str, name: str, picture: str, data: dict | None = None) -> None:
        window.new_draft(form_id, FORMS[form_id].example() if data is None else data)
        wizard = window.wizard
        wizard.go_to([p.name for p in wizard.pages].index(name))
        shot(window, picture)
        wizard.document.mark_clean()

    page("innovation-centre", "lead", "wizard-lead-unit")
    page("innovation-centre", "members", "wizard-members")
    broken = centre.example()
    broken["lead"]["contact_phone"] = ""  # what a clerk's half-done draft looks like on 审核
    broken["members"][0]["contact_mobile"] = "1390871234"
    broken["members"][1]["fixed_assets"] = str(float(broken["members"][1]["total_assets"]) + 100)
    window.new_draft("innovation-centre", broken)
    window.wizard.go_to(window.wizard.stack.count() - 1)
    shot(window, "wizard-review")
    window.wizard.document.mark_clean()
    once = centre.example()  # what a clerk types on 表1 when the cover and 表3 are filled: not the names again
    for key in ("lead_unit_name", "participants"):
        once["basic"].pop(key)
    for key in ("name", "mobile"):
        once["basic"]["lead_head"].pop(key)
    page("innovation-centre", "basic", "wizard-facts-once", once)
    page("innovation-consortium", "team", "consortium-team")
    page("innovation-consortium", "units", "consortium-units")
    from yn_forms.forms.consumer_brand.example import region_example

    page("consumer-brand", "basics", "consumer-brand-region", region_example())

    from yn_forms.gui.unit_bar import UnitBar

    def bar_on(form_id: str, section: str, data: dict | None = None) -> UnitBar:
        window.new_draft(form_id, data)
        window.wizard.go_to([p.name for p in window.wizard.pages].index(section))
        return next(b for b in window.wizard.findChildren(UnitBar) if b.pointer == f"/{section}")

    window.open_units()  # 工具 › 单位信息库…, a unit selected: the drafts that use it listed below
    units = shown_dialog(window, UnitLibraryDialog)
    units.select("云南锦川稀贵金属集团有限公司")
    shot(units, "units-page")
    units.close()
    bar = bar_on("consumer-brand", "enterprise")  # 从单位库填入… on the 消费名品 申报企业 page
    bar.fill()
    shot(bar.dialog, "units-fill-chooser")
    bar.dialog.reject()
    window.wizard.document.mark_clean()
    changed = centre.example()  # 保存到单位库 over a unit the library has: the differences, field by field
    changed["lead"].update(contact_name="周敏", contact_post="科技发展部副部长", email="zhoumin@example.cn")
    changed["lead"]["sales"][2]["value"] = "541200.00"
    bar = bar_on("innovation-centre", "lead", changed)
    bar.save()
    shot(bar.dialog, "units-save-changes")
    bar.dialog.reject()
    window.wizard.document.mark_clean()

    import copy

    from yn_forms.gui.pages import GroupEditor
    from yn_forms.gui.wordin import import_members
    from yn_forms.render.documents import fill_documents as fill_word

    returned = centre.example()  # the members' 表3 sent back in Word: a phone and a head count changed, a unit more
    returned["members"][1]["phone"] = "0877-2099999"
    returned["members"][0]["staff_total"] = 435
    returned["members"].append({**copy.deepcopy(returned["members"][0]), "name": "云南新材测试有限公司"})
    sent_back = fill_word(centre, returned, home / "word")[0]
    window.new_draft("innovation-centre", centre.example())
    members = [p.name for p in window.wizard.pages].index("members")
    window.wizard.go_to(members)
    group = window.wizard.pages[members].findChildren(GroupEditor)[0]

    def picture(dialog: QWidget) -> bool:
        dialog.show()
        shot(dialog, "word-import-members")
        return False  # cancelled: the draft stays as it was

    import_members(group, [sent_back], decide=picture)
    window.wizard.document.mark_clean()

    from yn_forms.core.operations import attach_enclosures
    from yn_forms.render.enclosures import inspect

    # the 证明材料 page: a phone photo of the 法人证书 and a scanned agreement attached, as a clerk attaches them
    photo, scan = sample_files(home / "手机和扫描仪")
    window.new_draft("innovation-centre", {**centre.example(), "enclosures": []})
    store = window.files.store()
    attach_enclosures(window.wizard.document, centre, [
        store.add(photo, item="legal_person_certificate", title=centre.submission.enclosures[0].title,
                  inspected=inspect(photo)),
        store.add(scan, item="legal_person_certificate", title=centre.submission.enclosures[0].title,
                  inspected=inspect(scan)),
        store.add(scan, item="cooperation_documents", title=centre.submission.enclosures[1].title,
                  inspected=inspect(scan))])
    window.wizard.go_to([p.name for p in window.wizard.pages].index("enclosures"))
    deadline = time.monotonic() + 5  # the files' pictures are drawn off the GUI thread
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.05)
    shot(window, "wizard-enclosures")

    from yn_forms.render.pdf import find_soffice

    if find_soffice() is None:
        print("没有 LibreOffice：预览图未更新", file=sys.stderr)
    else:
        from yn_forms.gui import submission
        from yn_forms.gui.preview import PreviewDialog
        from yn_forms.render.documents import produce

        def preview_of(form, data, store, name: str):
            folder = home / name
            items, unbound = submission.bound_items(form, data, store)
            produced = produce(form, data, folder, steps=[submission.pack_step(form, folder, items,
                                                                               soffice=find_soffice())])
            bound = submission.bound_pdf(produced)
            if unbound or bound is None:
                print(f"预览图未更新：{unbound or submission.pdf_note(produced)}", file=sys.stderr)
                return None
            dialog = PreviewDialog(form, produced.documents, submission.own_pdfs(produced), f"print_pack/{name}",
                                   window, bound=bound, order=submission.binding_order(produced, data),
                                   stamp=lambda: None)
            dialog.show()
            drawn()
            return dialog

        def drawn() -> None:
            deadline = time.monotonic() + 3  # the pages are drawn a moment after they show
            while time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.05)

        preview = preview_of(centre, window.wizard.data, store, "centre")
        if preview is not None:  # the bound 申报材料: its 目录, its bookmarks
            shot(preview, "preview-bound")
            preview.close()
        window.wizard.document.mark_clean()
        consortium = FORMS["innovation-consortium"]  # it has places to stamp
        preview = preview_of(consortium, consortium.example(), None, "consortium")
        if preview is not None:
            preview.tabs.setCurrentIndex(1)  # 附件1's own tab: the 组建申请表's cover
            drawn()
            shot(preview, "preview")
            preview.tabs.setCurrentWidget(preview.pack)
            shot(preview, "print-pack")
            preview.close()
    QApplication.closeAllWindows()
    return 0


def sample_files(folder: Path) -> tuple[Path, Path]:
    """What a clerk attaches: a phone photo of a certificate (stored sideways, its EXIF saying so) and a
    two-page scanned agreement (a PDF of pictures)."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    folder.mkdir(parents=True, exist_ok=True)

    def font(size: int, bold: bool = False):
        for name in (f"NotoSansCJK-{'Bold' if bold else 'Regular'}.ttc", "NotoSansCJK-Regular.ttc", "msyh.ttc"):
            for base in ("/usr/share/fonts/opentype/noto", "C:/Windows/Fonts", "/System/Library/Fonts"):
                try:
                    return ImageFont.truetype(f"{base}/{name}", size)
                except OSError:
                    continue
        return ImageFont.load_default()

    width, height = 1800, 2400
    card = Image.new("RGB", (width, height), (246, 238, 222))
    draw = ImageDraw.Draw(card)
    draw.rectangle([60, 60, width - 60, height - 60], outline=(170, 40, 40), width=18)
    draw.text((width // 2, 330), "事业单位法人证书", font=font(150, True), fill=(150, 30, 30), anchor="mm")
    for row, line in enumerate(("统一社会信用代码：12530000MB0P12345X", "名　　称：云南省稀贵金属新材料制造业创新中心",
                                "住　　所：昆明市高新区科技路 88 号", "法定代表人：张明远", "开办资金：壹亿元整",
                                "举办单位：云南锦川稀贵金属集团有限公司")):
        draw.text((200, 620 + row * 150), line, font=font(64), fill=(40, 40, 40))
    draw.ellipse([width - 620, height - 760, width - 200, height - 340], outline=(200, 30, 30), width=14)
    exif = Image.Exif()
    exif[0x0112] = 6  # the phone held sideways: shown turned a quarter clockwise
    photo = folder / "IMG_20261205_093112.jpg"
    card.rotate(90, expand=True).filter(ImageFilter.GaussianBlur(0.6)).save(photo, "JPEG", quality=88,
                                                                         exif=exif.tobytes())
    pages = []
    text = (("甲方：云南锦川稀贵金属集团有限公司", "乙方：昆明理工大学", "丙方：云南大学", "", "第一条　合作内容",
             "第二条　资金组建"),
            ("第三条　知识产权", "第四条　规章制度", "", "甲方（盖章）　乙方（盖章）　丙方（盖章）"))
    for number, lines in enumerate(text, 1):
        page = Image.new("L", (1240, 1754), 250)
        draw = ImageDraw.Draw(page)
        draw.text((620, 160), "合作协议", font=font(56, True), fill=20, anchor="mm")
        for row, line in enumerate(lines):
            draw.text((140, 280 + row * 58), line, font=font(30), fill=35)
        draw.text((620, 1650), f"— {number} —", font=font(26), fill=60, anchor="mm")
        pages.append(page)
    scan = folder / "合作协议（扫描件）.pdf"
    pages[0].save(scan, save_all=True, append_images=pages[1:], resolution=150)
    return photo, scan


if __name__ == "__main__":
    sys.exit(main())
