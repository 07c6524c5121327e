"""Screenshots of the 单位信息库 for the README: ``python -m tools.units_screenshots [OUT_DIR]``.

Rendered off screen from the real dialogs, driven as a clerk would, against a
library and settings in a temporary folder — never the user's own 单位信息库.
Writes units-page.png (工具 › 单位信息库…), units-fill-chooser.png (从单位库填入…)
and units-save-changes.png (保存到单位库 over a unit the library already has).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def _isolate(home: Path) -> None:
    """Point every user folder the app uses at *home* before Qt or platformdirs read them."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    import platformdirs

    platformdirs.user_data_dir = lambda appname=None, *a, **k: str(home / "data" / str(appname))  # type: ignore[assignment]


def _settle(app: object, rounds: int = 8) -> None:
    for _ in range(rounds):
        app.processEvents()  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else DEFAULT_OUT
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="yn-units-shots-"))
    _isolate(home)

    from PySide6.QtWidgets import QLineEdit

    from yn_forms.core.draft import save_draft
    from yn_forms.core.units import UnitLibrary, extract_unit
    from yn_forms.forms import get_form
    from yn_forms.gui.app import make_app
    from yn_forms.gui.units import UnitBar
    from yn_forms.gui.window import MainWindow

    app = make_app()
    centre, brand, scenario = get_form("innovation-centre"), get_form("consumer-brand"), get_form("digital-scenario")
    with UnitLibrary() as lib:
        lead = extract_unit(centre, centre.example(), "/lead")
        lib.upsert({**lead, "credit_code": "91530000MA6K3T8R18", "legal_rep": "张明远"})
        lib.upsert(extract_unit(centre, centre.example(), "/members/0"))
        lib.upsert(extract_unit(brand, brand.example(), "/enterprise"))
        lib.upsert(extract_unit(scenario, scenario.example(), "/applicant"))
    drafts = home / "草稿"
    drafts.mkdir()
    save_draft(drafts / "锦川贵金属创新中心.ynform", centre, centre.example())
    save_draft(drafts / "滇七三七消费名品.ynform", brand, brand.example())

    window = MainWindow()
    window.setProperty("headless", True)
    window.settings.setValue("recent", [str(p) for p in sorted(drafts.iterdir())])
    window.resize(1200, 800)
    window.show()

    # (1) the units page, a unit selected: its drafts listed below
    window.open_units()
    page = window.units_dialog
    page.resize(1000, 620)
    page.select("云南锦川稀贵金属集团有限公司")
    _settle(app)
    page.grab().save(str(out / "units-page.png"))
    page.close()

    # (2) 从单位库填入… on the 消费名品 申报企业 page
    window.new_draft("consumer-brand")
    wizard = window.wizard
    wizard.data["basics"]["brand_type"] = "企业品牌"
    wizard.go_to([p.name for p in wizard.pages].index("enterprise"))
    bar = next(b for b in wizard.findChildren(UnitBar) if b.pointer == "/enterprise")
    bar.fill()
    chooser = bar.dialog
    _settle(app)
    chooser.grab().save(str(out / "units-fill-chooser.png"))
    chooser.reject()

    # (3) 保存到单位库 over a unit the library has: the differences, field by field
    data = json.loads(json.dumps(centre.example()))
    data["lead"].update(contact_name="周敏", contact_post="科技发展部副部长", email="zhoumin@example.cn")
    data["lead"]["sales"][2]["value"] = "541200.00"
    window.new_draft("innovation-centre", data)
    wizard = window.wizard
    wizard.go_to([p.name for p in wizard.pages].index("lead"))
    bar = next(b for b in wizard.findChildren(UnitBar) if b.pointer == "/lead")
    assert wizard.findChildren(QLineEdit)
    bar.save()
    changes = bar.dialog
    _settle(app)
    changes.grab().save(str(out / "units-save-changes.png"))
    changes.reject()
    window.close()
    shutil.rmtree(home, ignore_errors=True)
    for name in ("units-page.png", "units-fill-chooser.png", "units-save-changes.png"):
        print(out / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
