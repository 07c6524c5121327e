"""What the print tests read from a PDF: its lines as ``pdftotext -bbox-layout`` places them.

A typesetter's faults are seen on the page, not in the Word file: a value whose last line in its
cell holds one character (“…有限公” / “司”), a paragraph ending in a line of one character (孤字),
a page holding only a table's repeated headers. These helpers find them from the PDF's text and
positions alone, so that what is asserted is what a reader of the printed page would see.
"""

from __future__ import annotations

import copy
import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: a closing mark that may follow the last character on its line (禁则: it never starts a line)
CLOSING = frozenset("，。、；：？！）》」』”’】〕…—,.;:?!)]}%")

_LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.S)
_BLOCK = re.compile(r"<block [^>]*>(.*?)</block>", re.S)


@dataclass(frozen=True)
class Line:
    """One printed line: where it stands on its page and what it says."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def pdf_pages(pdf: Path) -> list[list[list[Line]]]:
    """Every page of *pdf*: its blocks (pdftotext's, about a paragraph or a cell each), each its lines."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for number, page in enumerate(_PAGE.findall(xml), 1):
        blocks = []
        for block in _BLOCK.findall(page):
            lines = []
            for x0, y0, x1, y1, inner in _LINE.findall(block):
                text = "".join(html.unescape(w[4]) for w in _WORD.findall(inner))
                lines.append(Line(number, float(x0), float(y0), float(x1), float(y1), text))
            blocks.append(lines)
        pages.append(blocks)
    return pages


def _printed(text: str) -> str:
    return re.sub(r"\s", "", text)


def lone_lines(pdf: Path) -> list[str]:
    """Lines that hold one character (or one and closing punctuation) under a longer line of the same
    cell or paragraph: the line just above it on the page (one line's pitch above, as tall), starting
    where it starts or centred on the same middle, and wider — read from positions alone, since
    pdftotext puts the lines of one paragraph in blocks of their own when the spacing is wide."""
    found = []
    for page in pdf_pages(pdf):
        lines = [line for block in page for line in block]
        for line in lines:
            text = _printed(line.text)
            if not text or len(text) > 3 or len(text.rstrip("".join(CLOSING))) != 1:
                continue
            if text[0] in CLOSING or text[0].isdigit() or text[0] in "□☑":
                continue
            middle = (line.x0 + line.x1) / 2
            for above in lines:
                pitch = line.y0 - above.y0
                if not (0 < pitch < 1.6 * max(line.height, 1.0)) or abs(above.height - line.height) > 1.0:
                    continue
                aligned = abs(above.x0 - line.x0) < 1.5 or abs((above.x0 + above.x1) / 2 - middle) < 1.5
                if aligned and above.x1 > line.x1 + 1 and len(_printed(above.text)) > len(text):
                    found.append(f"{pdf.name} p.{line.page}: “{_printed(above.text)[-8:]}” / “{text}”")
                    break
    return found


def page_texts(pdf: Path) -> list[str]:
    """The text of each page of *pdf*, whitespace aside."""
    return ["".join(_printed(line.text) for block in page for line in block) for page in pdf_pages(pdf)]


def smallest_sizes(pdf: Path) -> list[float]:
    """The size every piece of text of *pdf* prints at, in points (the font size times the text matrix)."""
    from pypdf import PdfReader

    sizes: list[float] = []
    for page in PdfReader(pdf).pages:
        def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
            if text.strip():
                sizes.append(round(size * abs(tm[3] or 1) * abs(cm[3] or 1), 2))

        page.extract_text(visitor_text=visit)
    return sizes


# --- a stressed 创新中心 application -------------------------------------------------------------

#: unit names of 30 to 40 characters, as real ones run (a branch of a joint-stock company, an institute's full title)
_UNITS = [
    "云南锦川稀贵金属新材料集团股份有限公司昆明高新技术产业开发区分公司",
    "昆明铂瑞精密合金材料科技股份有限公司安宁工业园区分公司",
    "云南滇峰电子材料股份有限公司玉溪高新技术产业开发区研发中心",
    "云南澜沧理工学院材料科学与工程学院贵金属新材料研究所",
    "云南省有色金属新材料研究院（云南省稀贵金属检验检测中心）",
    "曲靖绿能再生贵金属资源综合利用科技有限责任公司",
    "红河哈尼族彝族自治州个旧市锡业新材料科技开发有限公司",
    "西双版纳傣族自治州景洪市生物医药与新材料产业发展有限公司",
    "楚雄彝族自治州禄丰市钛及钛合金精深加工产业园区管理有限公司",
    "中国科学院昆明贵金属研究所云南分所新材料中试验证基地",
    "文山壮族苗族自治州砚山县铝基新材料循环经济产业有限公司",
    "大理白族自治州祥云县精密铸造及有色金属压延加工有限公司",
    "德宏傣族景颇族自治州瑞丽市沿边进出口贵金属贸易有限公司",
    "云南保山永昌硅基新材料及光伏组件制造股份有限公司",
    "昭通市昭阳区水富港工业园区新能源电池材料股份有限公司",
    "怒江傈僳族自治州兰坪县铅锌资源综合回收利用科技有限公司",
    "迪庆藏族自治州香格里拉市高原特色新材料检验检测有限公司",
    "普洱市思茅区绿色硅材料与贵金属催化剂联合研发有限公司",
    "临沧市临翔区边境经济合作区稀有金属精深加工有限公司",
]
_PEOPLE = ["欧阳晓丽", "司马文华", "诸葛明远", "上官云峰", "端木思远", "皇甫建国", "慕容卫东"]
_POSTS = ["技术中心副主任", "科技发展部部长", "研发中心负责人", "董事会秘书处长", "质量管理部经理"]


def stressed_centre(example: dict[str, Any]) -> dict[str, Any]:
    """The 创新中心 example with long values: a 31-character 创新中心名称, a 24-character 所属领域, a
    33-character 牵头单位, a long e-mail, unit names of 30–40 characters, four-character personal names,
    7-character 职务 and 19 member units (the lead and 18 participants, each with its 表3)."""
    data = copy.deepcopy(example)
    lead = "云南锦川稀贵金属新材料集团股份有限公司昆明高新技术产业开发区分公司"  # 33 characters
    cover = data["cover"]
    cover["centre_name"] = "云南省稀贵金属及先进有色金属新材料绿色低碳智能化制造业创新中心"  # 31
    cover["industry"] = "有色及稀贵金属新材料、先进制造与资源循环综合利用"  # 24
    cover["lead_unit"] = lead
    cover["leader"] = _PEOPLE[0]
    cover["email"] = "ouyang.xiaoli.techcentre@jinchuan-metals.example.cn"
    basic = data["basic"]
    basic["lead_unit_name"] = lead
    participants = _UNITS[1:19]
    basic["participants"] = list(participants)
    basic["member_counts"] = {"enterprises": 14, "universities": 1, "institutes": 3}
    for n, key in enumerate(("lead_head", "rd_head", "daily_contact")):
        basic[key]["name"] = _PEOPLE[n]
        basic[key]["unit_and_post"] = f"{lead} {_POSTS[n]}"
    lead_unit = data["lead"]
    lead_unit.update(name=lead, head_name=_PEOPLE[0], head_post=_POSTS[1], contact_name=_PEOPLE[2],
                     contact_post=_POSTS[0])
    template = data["members"][0]
    members = []
    for n, name in enumerate(participants):
        member = copy.deepcopy(data["members"][n % len(data["members"])] if n < len(data["members"]) else template)
        member.update(name=name, legal_rep=_PEOPLE[(n + 3) % len(_PEOPLE)], contact_name=_PEOPLE[n % len(_PEOPLE)],
                      contact_post=_POSTS[n % len(_POSTS)])
        members.append(member)
    data["members"] = members
    return data
