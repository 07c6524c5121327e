"""The wizard as a clerk meets it (pytest-qt, off screen): opening what they have, finding problems,
the keyboard, dates, small windows, and what discarding means."""

from __future__ import annotations

import json

from gui_helpers import find
from PySide6.QtWidgets import QLineEdit

from yn_forms.forms import get_form


def write_example(tmp_path, form_id: str, data=None):
    path = tmp_path / f"{form_id}.json"
    path.write_text(json.dumps(data if data is not None else get_form(form_id).example(), ensure_ascii=False),
                    encoding="utf-8")
    return path


# --- opening ----------------------------------------------------------------------------------------


def test_the_json_yn_forms_example_writes_opens_recognised_from_its_content(window, clerk, tmp_path):
    path = write_example(tmp_path, "digital-scenario")
    assert window.open_path(path)
    assert window.form.id == "digital-scenario" and clerk.questions() == []
    assert window.wizard.data == get_form("digital-scenario").example()
    assert window.isWindowModified()
    assert window.windowTitle().startswith("digital-scenario.json（尚未保存为草稿）")
    target = tmp_path / "digital-scenario.ynform"
    clerk.paths.append(target)
    assert window.save()
    asked = [text for kind, title, text in clerk.said if kind == "save_path"]
    assert asked == [str(target)]  # 保存 proposes a draft beside the JSON file
    assert target.is_file() and json.loads(target.read_text(encoding="utf-8"))["form"] == "digital-scenario"
    assert not window.isWindowModified()


def test_a_json_that_could_be_several_forms_is_asked_about_or_opened_with_form(window, clerk, tmp_path):
    cover_only = write_example(tmp_path, "cover", {"cover": {}})  # three forms have a 封面
    clerk.answers.append("云南省创新联合体组建申请")
    assert window.open_path(cover_only)
    assert clerk.questions() == ["选择申报表"] and window.form.id == "innovation-consortium"
    clerk.answers.append("不保存")
    assert window.open_path(cover_only, form_id="innovation-centre")  # yn-forms gui --open a.json --form ID
    assert window.form.id == "innovation-centre" and clerk.questions() == ["选择申报表", "未保存的修改"]
    clerk.answers.append("取消")
    assert not window.open_path(cover_only) and window.form.id == "innovation-centre"
    assert clerk.questions()[-1] == "选择申报表"  # cancelled before anything was discarded


def test_opening_with_form_reads_values_from_the_json(window, tmp_path):
    data = get_form("innovation-centre").example()
    path = write_example(tmp_path, "innovation-centre", data)
    assert window.open_path(path, form_id="innovation-centre")
    assert find(window.wizard, "创新中心名称", QLineEdit).text() == data["cover"]["centre_name"]
