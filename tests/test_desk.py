"""The 州市 desk: what enterprises send — Word folders, zips, drafts, JSON — read, judged (初审) and summarised.

Each form's test hands ``yn-forms summary`` one folder as a department keeps it the week before the
deadline: Word folders written by ``fill``, the hand-filled attachments of the Word reader's tests, a
zip with GBK names, a JSON file breaking a condition of the notice, a second copy of one application,
and files that cannot be read. The 汇总表 lists every application, the 初审 sheet says 不符合 with
the clause for the one that breaks a condition and not for the others, duplicates are named on both,
bad files are named with why.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import handfilled
import pytest
from batch_helpers import CENTRE_NAMES, centre_application
from desk_helpers import centre_inbox as received_centres
from desk_helpers import gbk_zip, saved_again_by_office, word_folder, write_json
from openpyxl import load_workbook

import yn_forms.render.desk as desk
from yn_forms.cli import main
from yn_forms.forms import FORMS, get_form
from yn_forms.render.desk import read_received

FIXTURES = Path(__file__).parent / "fixtures" / "wordin"
FAILS, INCOMPLETE, MEETS = "不符合", "待补充", "符合"
# the 初审 sheet's columns (证明材料: the drafts and JSON files received carry their enclosures)
NUMBER, NAME, APPLICANT, VERDICT, UNMET, TO_FILL, ADVICE, ENCLOSURES, DUPLICATES, SOURCE = range(1, 11)


@pytest.fixture(autouse=True)
def _no_pool(monkeypatch):
    """These folders are read in the test's own process (the pool has a test of its own, below)."""
    monkeypatch.setattr(desk, "POOL_FROM", 10_000)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def screening_rows(path: Path) -> dict[str, list[str]]:
    """The 初审 sheet's rows by their 来源, each as its cells' texts."""
    ws = load_workbook(path)["初审"]
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "序号")
    assert [ws.cell(header, c).value for c in range(1, SOURCE + 1)] == [
        "序号", "名称", "申报单位", "结论", "不符合的条件（条款）", "待补充或需更正", "请核对", "证明材料", "重复申报",
        "来源"]
    rows = {}
    for r in range(header + 1, ws.max_row + 1):
        cells = [str(ws.cell(r, c).value or "") for c in range(1, SOURCE + 1)]
        if cells[0].isdigit():
            rows[cells[SOURCE - 1]] = cells
    return rows


def skipped_lines(path: Path) -> str:
    """The text under 未能读取、未列入的文件 on the 初审 sheet."""
    ws = load_workbook(path)["初审"]
    start = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value or "").startswith("未能读取"))
    return "\n".join(f"{ws.cell(r, 2).value}：{ws.cell(r, 3).value}" for r in range(start + 1, ws.max_row + 1))


# --- 创新中心: 汇总表 (附件3) and 初审 ----------------------------------------------------------------

@pytest.fixture(scope="module")
def centre_inbox(tmp_path_factory) -> Path:
    """The department's folder (``desk_helpers.centre_inbox``: 01–06 and an old .doc in 07), and more that
    cannot be read: a password, two 附件1 in one folder, another form's attachment, a zip cut short."""
    root = received_centres(tmp_path_factory.mktemp("centre") / "收件")
    form = get_form("innovation-centre")
    (root / "08-设有密码").mkdir()
    shutil.copy(FIXTURES / "设有密码的附件1.docx", root / "08-设有密码" / "附件1.docx")
    twice = word_folder(form, centre_application(form, CENTRE_NAMES[10]), root / "09-两份附件1")
    shutil.copy(twice[0], twice[0].with_name("附件1（修改稿）.docx"))
    brand = get_form("consumer-brand")
    word_folder(brand, brand.example(), root / "10-消费名品")
    (root / "11-传输中断.zip").write_bytes(b"PK\x03\x04 not a whole zip")
    return root


@pytest.mark.slow
def test_a_centre_inbox_gives_the_summary_and_the_screening(capsys, centre_inbox, tmp_path):
    out = tmp_path / "汇总.xlsx"
    code, stdout, err = run(capsys, "summary", "innovation-centre", str(centre_inbox), "-o", str(out),
                            "--department", "昆明市工业和信息化局", "--date", "2026-12-01")
    assert code == 2 and stdout.strip() == str(out)  # files were skipped: named, the rest written
    ws = load_workbook(out)["汇总表"]
    listed = [ws.cell(r, 2).value for r in range(5, 11)]
    assert listed == [FORMS["innovation-centre"].example()["cover"]["centre_name"], CENTRE_NAMES[2],
                      "云南省高原特色食品制造业创新中心", CENTRE_NAMES[8], CENTRE_NAMES[5],
                      FORMS["innovation-centre"].example()["cover"]["centre_name"]]
    sources = [ws.cell(r, 9).value for r in range(5, 11)]
    assert sources == ["01-云南锦川稀贵金属集团/", "02-绿色铝产业集团/", "03-滇味食品（手填）/",
                       "04-光电子信息申报材料.zip › 光电子信息创新中心申报材料/", "05-生物医药.json",
                       "06-锦川稀贵金属（补报）.json"]
    assert ws.cell(4, 9).value == "来源（不打印）" and ws.print_area == "'汇总表'!$A$1:$H$11"
    assert ws.cell(11, 1).value.startswith("填表人及联系电话")

    rows = screening_rows(out)
    assert [rows[s][VERDICT - 1] for s in sources] == [INCOMPLETE, INCOMPLETE, INCOMPLETE, INCOMPLETE, FAILS, MEETS]
    assert [rows[s][NUMBER - 1] for s in sources] == ["1", "2", "3", "4", "5", "6"]  # the 汇总表's 序号
    broken = rows["05-生物医药.json"]
    assert broken[UNMET - 1] == ("全部组建资金（含研发设备）不少于1000万元（《工作方案》三(二)3）："
                                 "全部组建资金（含研发设备）不少于1000万元，现为500万元")
    for source in sources[:4]:  # read from Word: what no attachment prints is asked for, it breaks nothing
        assert rows[source][UNMET - 1] == ""
    first, again = rows["01-云南锦川稀贵金属集团/"], rows["06-锦川稀贵金属（补报）.json"]
    assert "研发方向（Word 文件中未读到）" in first[TO_FILL - 1]
    assert first[APPLICANT - 1] == "云南锦川稀贵金属集团有限公司"
    # the same centre received twice: named on both, both listed
    assert "与第6份（06-锦川稀贵金属（补报）.json）的申报单位、名称相同" in first[DUPLICATES - 1]
    assert "与第1份（01-云南锦川稀贵金属集团/）的申报单位、名称相同" in again[DUPLICATES - 1]
    assert rows["02-绿色铝产业集团/"][DUPLICATES - 1] == ""
    assert "可能重复申报：第1份（01-云南锦川稀贵金属集团/）、第6份（06-锦川稀贵金属（补报）.json）的名称相同" in err

    skipped = skipped_lines(out)
    for source, why in (("07-旧版/", "旧版 Word 文件（.doc）"), ("08-设有密码/", "设有打开密码"),
                        ("09-两份附件1/", "同一文件夹中有 2 份“云南省制造业创新中心创建申报书”"),
                        ("10-消费名品/", "是“云南消费名品申报”的附件"), ("11-传输中断.zip", "已损坏或不是有效的 .zip")):
        assert f"{source}：" in skipped and why in skipped, source
        assert why in err, source
    assert "初审：符合 1 份，待补充 4 份，不符合 1 份" in err


@pytest.mark.office
@pytest.mark.slow
def test_an_application_saved_again_by_an_office_suite_reads_as_it_was(tmp_path):
    """An enterprise opened the generated attachments in an office suite and saved them (LibreOffice's own
    format and back): the desk reads the same application from them, 汇总表 row and 初审 alike."""
    form = get_form("innovation-centre")
    word_folder(form, form.example(), tmp_path / "收件" / "原样")
    word_folder(form, form.example(), tmp_path / "收件" / "另存过")
    saved_again_by_office(tmp_path / "收件" / "另存过", tmp_path / "profile")
    first, again = read_received(form, [tmp_path / "收件"], forms=FORMS).items
    assert again.shown == "另存过/" and first.shown == "原样/"
    assert again.data == first.data and again.cells == first.cells
    assert again.screening.lines == first.screening.lines and again.screening.verdict == INCOMPLETE


# --- 消费名品方阵: brands and 数字三品 cases, one 汇总表 ----------------------------------------------------

@pytest.fixture(scope="module")
def fangzhen_inbox(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fangzhen") / "收件"
    brand, case = get_form("consumer-brand"), get_form("digital-scenario")
    word_folder(brand, brand.example(), root / "01-滇七")
    word_folder(case, case.example(), root / "02-普洱茶追溯")
    (root / "03-手填品牌").mkdir()
    handfilled.consumer_brand(root / "03-手填品牌")
    (root / "04-手填案例").mkdir()
    handfilled.digital_scenario(root / "04-手填案例")
    other = copy.deepcopy(brand.example())
    other["brand"]["name"] = "七彩云花"
    other["enterprise"]["name"] = "云南七彩云花生物科技有限公司"
    other["enterprise"]["credit_code"] = "91530100MA6L0X1U2U"
    word_folder(brand, other, root.parent / "七彩云花")
    gbk_zip(root.parent / "七彩云花", root / "05-七彩云花.zip", "七彩云花申报材料")
    expired = copy.deepcopy(brand.example())
    expired["brand"]["name"] = "老字号"
    expired["enterprise"]["name"] = "云南老字号食品有限公司"
    expired["enterprise"]["credit_code"] = "91530100MA6L0X1U3Y"
    expired["brand"]["trademark_valid_until"] = "2020-03-27"  # 三(一)1: 商标在有效期内
    write_json(expired, root / "06-商标过期.json")
    write_json(brand.example(), root / "07-滇七（数据）.json")
    return root


@pytest.mark.slow
def test_the_fangzhen_inbox_lists_brands_and_cases_on_their_sheets_and_screens_both(capsys, fangzhen_inbox,
                                                                                      tmp_path):
    out = tmp_path / "方阵.xlsx"
    code, _, err = run(capsys, "summary", "consumer-brand", str(fangzhen_inbox), "-o", str(out))
    assert code == 0, err
    wb = load_workbook(out)
    brands, cases = wb["云南消费名品"], wb["数字三品典型案例"]
    assert [brands.cell(r, 4).value for r in range(5, 10)] == ["滇七", "滇红印象", "七彩云花", "老字号", "滇七"]
    brand_sources = [brands.cell(r, 12).value for r in range(5, 10)]  # after the 11 columns, 推荐排序 last
    assert brand_sources == ["01-滇七/", "03-手填品牌/", "05-七彩云花.zip › 七彩云花申报材料/", "06-商标过期.json",
                             "07-滇七（数据）.json"]
    assert [cases.cell(r, 13).value for r in range(5, 7)] == ["02-普洱茶追溯/", "04-手填案例/"]
    assert [cases.cell(r, 2).value for r in range(5, 7)] == ["普洱市", "普洱市"]  # 所在州（市）, read from Word too
    rows = screening_rows(out)
    verdicts = {source: row[VERDICT - 1] for source, row in rows.items()}
    assert verdicts["06-商标过期.json"] == FAILS
    assert rows["06-商标过期.json"][UNMET - 1].startswith(
        "企业品牌：商标在有效期内（《通知》三(一)1）：商标有效期至2020-03-27")
    assert FAILS not in {v for s, v in verdicts.items() if s != "06-商标过期.json"}
    assert verdicts["01-滇七/"] == verdicts["07-滇七（数据）.json"] == MEETS
    # the same enterprise declared twice for 消费名品: its code, its name and the brand's
    assert "与第5份（07-滇七（数据）.json）的统一社会信用代码、申报单位、名称相同" in rows["01-滇七/"][DUPLICATES - 1]
    assert rows["02-普洱茶追溯/"][NUMBER - 1] == "1"  # the cases counted on their own sheet, and in the 初审
    ws = wb["初审"]
    sections = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)
                if str(ws.cell(r, 1).value or "").endswith("份）") and "申报" in str(ws.cell(r, 1).value)]
    assert sections == ["云南消费名品申报（5 份）", "云南“数字三品”应用场景典型案例申报（2 份）"]


# --- 创新联合体: no 汇总表 in 004, the 初审 alone ----------------------------------------------------------

def test_the_consortium_inbox_gets_its_screening_alone(capsys, tmp_path):
    form = get_form("innovation-consortium")
    root = tmp_path / "收件"
    word_folder(form, form.example(), root / "01-绿色铝")
    (root / "02-手填").mkdir()
    handfilled.innovation_consortium(root / "02-手填")
    outside = copy.deepcopy(form.example())
    outside["cover"]["name"] = "京滇先进铝材创新联合体"
    outside["cover"]["lead_unit"] = outside["units"][0]["name"] = "北京京铝科技有限公司"
    outside["units"][0]["credit_code"] = "91110108MA01C2XK3R"  # 四(一)1: 牵头单位为云南省内注册的单位
    write_json(outside, root / "03-省外牵头.json")
    write_json(form.example(), root / "04-绿色铝（数据）.json")
    code, stdout, err = run(capsys, "summary", "innovation-consortium", str(root), "-o", str(tmp_path) + "/")
    out = tmp_path / "云南省创新联合体组建申请初审表.xlsx"
    assert code == 0 and stdout.strip() == str(out)
    assert load_workbook(out).sheetnames == ["初审"]
    rows = screening_rows(out)
    assert list(rows) == ["01-绿色铝/", "02-手填/", "03-省外牵头.json", "04-绿色铝（数据）.json"]
    word = rows["01-绿色铝/"]
    assert word[VERDICT - 1] == INCOMPLETE and word[UNMET - 1] == ""
    # the 经费 and 存续期 are asked by the wizard alone: to be asked for, never a 不符合
    assert word[TO_FILL - 1].startswith(
        "1. 待补充6项：“低碳铝电解关键技术研究与示范”的财政支持（万元）（Word 文件中未读到）")
    assert "拟申请财政经费（Word 文件中未读到）" in word[TO_FILL - 1]
    outside_row = rows["03-省外牵头.json"]
    assert outside_row[VERDICT - 1] == FAILS
    assert outside_row[UNMET - 1].startswith("牵头单位为云南省内注册的单位（统一社会信用代码的行政区划码为53开头）"
                                             "（《工作方案》四(一)1）：牵头单位应为云南省内注册的单位")
    # the hand-filled 申请表 counts 5 members and 2 national platforms, its 六 lists 2 units and it has no 四:
    # as received, it breaks the 申请表's own rules, each named with its clause
    hand = rows["02-手填/"]
    assert hand[VERDICT - 1] == FAILS and "（附件1 填表说明三）" in hand[UNMET - 1]
    # 004 四(一)3: a 牵头单位 leads one 创新联合体 — the same lead in two applications is named on both
    assert "与第4份（04-绿色铝（数据）.json）的统一社会信用代码、申报单位、名称相同" in word[DUPLICATES - 1]
    assert rows["04-绿色铝（数据）.json"][VERDICT - 1] == MEETS
    assert "初审：符合 1 份，待补充 1 份，不符合 2 份" in err


# --- reading what arrives -------------------------------------------------------------------------------------

def test_word_files_given_one_by_one_are_one_application_per_folder(tmp_path):
    form = get_form("innovation-centre")
    docs = word_folder(form, form.example(), tmp_path / "企业A")
    items = read_received(form, docs, forms=FORMS).items
    assert len(items) == 1 and items[0].word and len(items[0].problems) >= 1
    single = read_received(form, docs[:1], forms=FORMS).items
    assert single[0].shown == docs[0].name and not single[0].skipped


def test_the_same_folder_added_again_is_read_once(tmp_path):
    form = get_form("innovation-centre")
    word_folder(form, form.example(), tmp_path / "收件" / "企业A")
    known: set[str] = set()
    assert len(read_received(form, [tmp_path / "收件"], forms=FORMS, known=known).items) == 1
    assert read_received(form, [tmp_path / "收件", tmp_path / "收件" / "企业A"], forms=FORMS, known=known).items == []


def test_a_stop_keeps_what_was_read_and_leaves_the_rest_to_read_later(tmp_path):
    form = get_form("innovation-centre")
    for i in range(4):
        write_json(centre_application(form, f"创新中心{i}"), tmp_path / "收件" / f"申报{i}.json")
    told: list[tuple[int, int]] = []
    known: set[str] = set()
    received = read_received(form, [tmp_path / "收件"], forms=FORMS, known=known,
                             progress=lambda d, t: told.append((d, t)), stopped=lambda: len(told) >= 2)
    assert received.stopped and [i.shown for i in received.items] == ["申报0.json", "申报1.json"]
    assert told == [(1, 4), (2, 4)]
    rest = read_received(form, [tmp_path / "收件"], forms=FORMS, known=known)
    assert [i.shown for i in rest.items] == ["申报2.json", "申报3.json"] and not rest.stopped


@pytest.mark.slow
@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_the_pool_reads_what_this_process_reads(monkeypatch, tmp_path, method):
    """Shared with a worker process — forked (the command line on Linux) or spawned (the desktop app, Windows) —
    the reading gives the same items in the same order; drafts and JSON files are handed over a few at a time."""
    if method == "fork" and not hasattr(__import__("os"), "fork"):
        pytest.skip("no fork here")
    monkeypatch.setattr(desk, "_start_method", lambda: method)
    monkeypatch.setattr(desk, "FILES_PER_BATCH", 2)
    form = get_form("innovation-centre")
    for i, name in enumerate(list(CENTRE_NAMES.values())[:4]):
        word_folder(form, centre_application(form, name), tmp_path / "收件" / f"企业{i}")
    for i in range(3):
        write_json(centre_application(form, f"创新中心{i}"), tmp_path / "收件" / f"申报{i}.json")
    asked: list[int] = []  # the caller's own next work (the command line's 汇总表 imports), done once either way
    alone = read_received(form, [tmp_path / "收件"], forms=FORMS, workers=0, meanwhile=lambda: asked.append(0))
    shared = read_received(form, [tmp_path / "收件"], forms=FORMS, workers=1, meanwhile=lambda: asked.append(1))
    assert [(i.shown, i.data, i.cells, i.screening.lines, i.duplicates) for i in shared.items] == \
        [(i.shown, i.data, i.cells, i.screening.lines, i.duplicates) for i in alone.items]
    assert asked == [0, 1]


def test_the_command_line_counts_what_it_has_read_on_stderr(capsys, tmp_path):
    form = get_form("innovation-centre")
    for i in range(60):
        write_json(centre_application(form, f"创新中心{i:02d}"), tmp_path / "收件" / f"申报{i:02d}.json")
    code, _, err = run(capsys, "summary", "innovation-centre", str(tmp_path / "收件"), "-o", str(tmp_path / "s.xlsx"))
    assert code == 0
    assert [line for line in err.splitlines() if line.startswith("已读取")] == ["已读取 50/60 份", "已读取 60/60 份"]
