"""Which fonts the documents ask for, and what LibreOffice will print them with.

The templates name Windows fonts (宋体, 仿宋, 黑体, 楷体, Times New Roman). Where
they are missing — on Linux always, on a bare Windows or a Mac often — LibreOffice
silently prints another face, and where no font can draw Chinese at all it prints
empty boxes. A clerk who hands in a PDF should hear that before, in plain words:
“仿宋 将以 Noto Serif CJK SC 代替” is a note; “the Chinese text would be empty boxes”
is a warning.

The names are read from the documents themselves (styles in use, document
defaults, the theme's fonts, and every run), not from a fixed list, because a user
may replace a template with a new year's official file in other fonts.

The system is asked through fontconfig on Linux (``fc-match``/``fc-list``, the same
lookup LibreOffice makes there; its answers remembered while its fonts and configuration
stay as they are: ``render.fonts_cache``) and by looking for the font files in the system
font folders on Windows and macOS. Both lookups are injectable, so the report is
tested for every system on any system.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from yn_forms.render.fonts_cache import Answers
from yn_forms.render.typesetting import BOX_FONT

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

PRESENT, SUBSTITUTE, MISSING = "present", "substitute", "missing"
#: The check box glyphs of the templates (context.TICKED / UNTICKED): a font must draw them.
SYMBOLS = ("☑", "□")
#: fontconfig's language tag for simplified Chinese: a face that covers it can print the forms.
CHINESE_LANG = "zh-cn"

_CONTENT_PART = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


# --------------------------------------------------------------------------- the documents

def document_fonts(files: Iterable[Path]) -> dict[str, bool]:
    """The font names *files* (.docx) print with → whether each is asked for as an East Asian font.

    Styles count only when something uses them (a paragraph, a run, a table, a
    default style, or a style based on one of those), so the unused built-in
    styles of Word's blank document (Courier for 宏文本, theme headings) do not
    raise notes about fonts that never print. Files that are not .docx are skipped.
    """
    found: dict[str, bool] = {}
    for path in files:
        path = Path(path)
        if path.suffix.lower() != ".docx":
            continue
        try:
            with zipfile.ZipFile(path) as archive:
                _fonts_of_package(archive, found)
        except (OSError, zipfile.BadZipFile, etree.XMLSyntaxError):
            continue  # LibreOffice will report an unreadable file itself
    return found


def _parse(xml: bytes) -> etree._Element:
    """A part of the package as a tree: lxml, a third of the time of ElementTree on the 360 KB of a template's
    styles (nothing fetched, no entity expanded)."""
    return etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))  # one a thread


def _fonts_of_package(archive: zipfile.ZipFile, found: dict[str, bool]) -> None:
    names = set(archive.namelist())
    theme = _theme_fonts(archive.read("word/theme/theme1.xml")) if "word/theme/theme1.xml" in names else {}
    content = [_parse(archive.read(n)) for n in sorted(names) if _CONTENT_PART.fullmatch(n)]
    fonts_elements = [f for root in content for f in root.iter(W + "rFonts")]
    if "word/styles.xml" in names:
        styles = _parse(archive.read("word/styles.xml"))
        fonts_elements += _used_style_fonts(styles, content)
    for element in fonts_elements:
        for name, east_asian in _names_of(element, theme):
            if name == BOX_FONT:
                continue  # the check boxes' font: judged by the glyphs it must draw (SYMBOLS), not by name
            found[name] = found.get(name, False) or east_asian or bool(_CJK.search(name))


def _used_style_fonts(styles: etree._Element, content: list[etree._Element]) -> list[etree._Element]:
    by_id = {s.get(W + "styleId"): s for s in styles.iter(W + "style")}
    used = {s_id for s_id, s in by_id.items() if s.get(W + "default") in ("1", "true", "on")}
    for root in content:
        for tag in ("pStyle", "rStyle", "tblStyle"):
            used.update(e.get(W + "val") for e in root.iter(W + tag))
    pending = list(used)
    while pending:  # a used style's basedOn chain is used too
        style = by_id.get(pending.pop())
        based = style.find(W + "basedOn") if style is not None else None
        if based is not None and based.get(W + "val") not in used:
            used.add(based.get(W + "val"))
            pending.append(based.get(W + "val"))
    elements = [f for d in styles.iter(W + "docDefaults") for f in d.iter(W + "rFonts")]
    for s_id in used:
        if s_id in by_id:
            elements += by_id[s_id].iter(W + "rFonts")
    return elements


def _names_of(element: etree._Element, theme: Mapping[str, str]) -> list[tuple[str, bool]]:
    """(name, east_asian) of one ``w:rFonts``; a theme reference wins over the name, as in Word."""
    out = []
    for attr, east_asian in (("eastAsia", True), ("ascii", False), ("hAnsi", False)):
        name = theme.get(element.get(W + attr + "Theme", "")) or element.get(W + attr, "")
        if name.strip():
            out.append((name.strip(), east_asian))
    return out


def _theme_fonts(xml: bytes) -> dict[str, str]:
    """``minorEastAsia`` → 等线 and so on, from the theme: Word's own documents name their fonts this way."""
    root = _parse(xml)
    out: dict[str, str] = {}
    for kind in ("major", "minor"):
        scheme = root.find(f".//{A}{kind}Font")
        if scheme is None:
            continue
        latin = scheme.find(A + "latin")
        if latin is not None and latin.get("typeface"):
            out[kind + "HAnsi"] = out[kind + "Ascii"] = latin.get("typeface", "")
        ea = scheme.find(A + "ea")
        hans = next((f.get("typeface") for f in scheme.findall(A + "font") if f.get("script") == "Hans"), None)
        east = (ea.get("typeface") if ea is not None else "") or hans or ""
        if east:
            out[kind + "EastAsia"] = east
    return out


# --------------------------------------------------------------------------- the report

@dataclass(frozen=True)
class FontCheck:
    """One font a document asks for: ``present``, printed with a ``substitute``, or ``missing``.

    *used* is the face that prints instead (a substitute, or for a missing CJK font
    the non-Chinese face that would be tried); None when the font itself is there.
    """

    name: str
    east_asian: bool
    status: str
    used: str | None = None


@dataclass
class FontReport:
    """The fonts of a set of documents on this system, and what to tell the clerk about them."""

    fonts: list[FontCheck] = field(default_factory=list)
    #: check box glyphs (☑, □) that no installed font can draw
    symbols_missing: list[str] = field(default_factory=list)
    #: False when the system could not be asked (no fontconfig): then nothing is claimed
    checked: bool = True

    @property
    def substitutions(self) -> list[FontCheck]:
        return [f for f in self.fonts if f.status == SUBSTITUTE]

    @property
    def missing(self) -> list[FontCheck]:
        return [f for f in self.fonts if f.status == MISSING]

    def summary(self) -> str:
        """One Chinese line of what is substituted, e.g. “仿宋、宋体 将以 Noto Serif CJK SC 代替”; "" if nothing."""
        groups: dict[str, list[str]] = {}
        for f in self.substitutions:
            groups.setdefault(f.used or "其他字体", []).append(f.name)
        return "；".join(f"{'、'.join(names)} 将以 {used} 代替" for used, names in groups.items())

    def warnings(self) -> list[str]:
        """Problems that would show in the PDF as empty boxes (tofu), in Chinese."""
        out = []
        if self.missing:
            names = "、".join(f.name for f in self.missing)
            out.append(f"系统中没有能显示中文的字体（文件使用 {names}），PDF 中的中文会显示为空白方框。"
                       "请安装中文字体后再生成 PDF（Debian/Ubuntu：fonts-noto-cjk；"
                       "Windows：在“设置 › 字体”中安装宋体/仿宋/黑体/楷体）。")
        if self.symbols_missing:
            out.append(f"系统字体中没有 {' '.join(self.symbols_missing)} 的字形，PDF 中的勾选框会显示为空白方框。"
                       "请安装 DejaVu 字体（Debian/Ubuntu：fonts-dejavu-core）或 OpenSymbol（fonts-opensymbol）。")
        return out

    def notes(self) -> list[str]:
        """What ``fill --pdf`` prints on stderr: the substitutions as 提示, the problems as 警告."""
        out = [f"提示：PDF 中 {self.summary()}。"] if self.summary() else []
        return out + [f"警告：{w}" for w in self.warnings()]


def font_report(files: Iterable[Path], *, platform: str | None = None,
                fontconfig: Fontconfig | None = None, font_dirs: list[Path] | None = None) -> FontReport:
    """Check the fonts of *files* (.docx) on this system (or the one *platform* names).

    Never raises: a font check that cannot be made must not stop a PDF the
    clerk needs; the report then says ``checked=False`` and claims nothing.
    """
    return check_fonts(document_fonts(files), platform=platform, fontconfig=fontconfig, font_dirs=font_dirs)


def check_fonts(requested: Mapping[str, bool], *, platform: str | None = None,
                fontconfig: Fontconfig | None = None, font_dirs: list[Path] | None = None) -> FontReport:
    """Report on *requested* (font name → East Asian?) with fontconfig on Linux, font folders elsewhere."""
    platform = platform or sys.platform
    if platform in ("win32", "darwin"):
        folders = FontFolders(font_dirs if font_dirs is not None else system_font_dirs(platform), platform)
        return folders.report(requested)
    return (fontconfig or Fontconfig()).report(requested)


# --------------------------------------------------------------------------- Linux: fontconfig

Runner = Callable[[list[str]], str]


def _run(args: list[str]) -> str:
    return subprocess.run(args, capture_output=True, check=True, timeout=20).stdout.decode("utf-8", "replace")


@dataclass
class Fontconfig:
    """fontconfig as LibreOffice uses it on Linux; *run* executes ``fc-match``/``fc-list`` (injectable)."""

    run: Runner | None = None
    #: the system's answers remembered between runs (``render.fonts_cache``), read at the first question
    answers: Answers | None = field(default=None, repr=False)

    def _call(self, args: list[str]) -> str:
        if self.run is not None:
            return self.run(args)
        if self.answers is None:
            self.answers = Answers()
        known = self.answers.get(args)
        if known is not None:
            return known
        if shutil.which(args[0]) is None:
            raise FileNotFoundError(args[0])
        answer = _run(args)
        self.answers.put(args, answer)
        return answer

    def match(self, pattern: str) -> tuple[list[str], set[str]]:
        """The best face for *pattern*: its family names and the languages it covers."""
        out = self._call(["fc-match", "-f", "%{family}\t%{lang}\n", pattern]).strip()
        families, _, langs = out.partition("\t")
        return [f.strip() for f in families.split(",") if f.strip()], set(langs.split("|"))

    def covers(self, char: str) -> bool:
        return bool(self._call(["fc-list", f":charset={ord(char):x}", "family"]).strip())

    def report(self, requested: Mapping[str, bool]) -> FontReport:
        try:
            report = FontReport()
            chinese_fallback: tuple[list[str], set[str]] | None = None
            for name, east_asian in requested.items():
                families, langs = self.match(_escape(name))
                if name.casefold() in (f.casefold() for f in families):
                    report.fonts.append(FontCheck(name, east_asian, PRESENT))
                elif not east_asian or CHINESE_LANG in langs:
                    report.fonts.append(FontCheck(name, east_asian, SUBSTITUTE, families[0] if families else None))
                else:
                    # LibreOffice falls back glyph by glyph to any face that can draw Chinese
                    chinese_fallback = chinese_fallback or self.match(f":lang={CHINESE_LANG}")
                    fallback, fallback_langs = chinese_fallback
                    if CHINESE_LANG in fallback_langs and fallback:
                        report.fonts.append(FontCheck(name, east_asian, SUBSTITUTE, fallback[0]))
                    else:
                        report.fonts.append(FontCheck(name, east_asian, MISSING, families[0] if families else None))
            report.symbols_missing = [c for c in SYMBOLS if not self.covers(c)]
        except (OSError, subprocess.SubprocessError):
            return FontReport(checked=False)
        finally:
            if self.answers is not None:
                self.answers.save()
        return report


def _escape(name: str) -> str:
    """A family name as a fontconfig pattern: ``-``, ``:``, ``,`` and ``\\`` are pattern syntax."""
    return re.sub(r"([\\\-:,])", r"\\\1", name)


# --------------------------------------------------------------------------- Windows and macOS: font files

#: font name → its files, as installed by Windows / macOS / Microsoft Office (lower case)
FONT_FILES: dict[str, tuple[str, ...]] = {
    "宋体": ("simsun.ttc", "songti.ttc", "stsong.ttf"),
    "simsun": ("simsun.ttc",),
    "新宋体": ("simsun.ttc",),
    "仿宋": ("simfang.ttf", "stfangso.ttf", "fangsong.ttf"),
    "fangsong": ("simfang.ttf",),
    "仿宋_gb2312": ("fangsong_gb2312.ttf", "simfang.ttf"),
    "黑体": ("simhei.ttf", "stheiti light.ttc", "stheiti medium.ttc", "stheiti.ttf"),
    "simhei": ("simhei.ttf",),
    "楷体": ("simkai.ttf", "stkaiti.ttf", "kaiti.ttc", "stkaiti.ttc"),
    "kaiti": ("simkai.ttf",),
    "楷体_gb2312": ("kaiti_gb2312.ttf", "simkai.ttf"),
    "微软雅黑": ("msyh.ttc", "msyh.ttf"),
    "等线": ("deng.ttf",),
    "方正小标宋简体": ("fzxbsjw.ttf", "方正小标宋简体.ttf"),
    "times new roman": ("times.ttf", "times new roman.ttf"),
    "arial": ("arial.ttf",),
    "calibri": ("calibri.ttf",),
}

#: faces that print Chinese, best first: what LibreOffice falls back to for a missing CJK font
CHINESE_FACES: dict[str, tuple[tuple[str, str], ...]] = {
    "win32": (("simsun.ttc", "宋体"), ("msyh.ttc", "微软雅黑"), ("simhei.ttf", "黑体"), ("deng.ttf", "等线"),
              ("simfang.ttf", "仿宋"), ("simkai.ttf", "楷体")),
    "darwin": (("songti.ttc", "宋体-简 (Songti SC)"), ("pingfang.ttc", "苹方 (PingFang SC)"),
               ("hiragino sans gb.ttc", "冬青黑体 (Hiragino Sans GB)"), ("stheiti light.ttc", "华文黑体 (STHeiti)"),
               ("stheiti medium.ttc", "华文黑体 (STHeiti)")),
}
#: parts of the file names of other Chinese faces (Noto/Source Han, 思源, 华文…)
CJK_FILE_HINTS = ("cjk", "sourcehan", "song", "hei", "kai", "fang", "yahei", "pingfang")
#: LibreOffice ships these metric-compatible faces and uses them for a missing Latin font
LATIN_SUBSTITUTES = {"times new roman": "Liberation Serif", "arial": "Liberation Sans", "calibri": "Carlito"}


def system_font_dirs(platform: str, environ: Mapping[str, str] | None = None) -> list[Path]:
    """The folders Windows or macOS keep fonts in, the user's own included."""
    environ = os.environ if environ is None else environ
    if platform == "win32":
        windir = environ.get("WINDIR") or environ.get("SystemRoot") or r"C:\Windows"
        dirs = [Path(windir) / "Fonts"]
        if environ.get("LOCALAPPDATA"):
            dirs.append(Path(environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
        return dirs
    return [Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"), Path("/Library/Fonts"),
            Path.home() / "Library" / "Fonts"]


@dataclass
class FontFolders:
    """Fonts known by their files in *dirs*: how Windows and macOS have them (no fontconfig there)."""

    dirs: list[Path]
    platform: str

    def files(self) -> set[str]:
        names: set[str] = set()
        for folder in self.dirs:
            try:
                names.update(p.name.casefold() for p in folder.iterdir())
            except OSError:
                continue
        return names

    def report(self, requested: Mapping[str, bool]) -> FontReport:
        files = self.files()
        chinese = next((label for file, label in CHINESE_FACES.get(self.platform, ()) if file in files), None)
        if chinese is None:  # any other installed CJK face still prints Chinese
            chinese = next((f for f in sorted(files) if any(k in f for k in CJK_FILE_HINTS)),
                           None)
        report = FontReport()
        for name, east_asian in requested.items():
            key = name.casefold()
            if any(f.casefold() in files for f in FONT_FILES.get(key, (key + ".ttf", key + ".ttc", key + ".otf"))):
                report.fonts.append(FontCheck(name, east_asian, PRESENT))
            elif not east_asian:
                report.fonts.append(FontCheck(name, east_asian, SUBSTITUTE, LATIN_SUBSTITUTES.get(key, "其他西文字体")))
            elif chinese is not None:
                report.fonts.append(FontCheck(name, east_asian, SUBSTITUTE, chinese))
            else:
                report.fonts.append(FontCheck(name, east_asian, MISSING))
        # ☑ and □: LibreOffice installs OpenSymbol, which draws both, on Windows and macOS
        return report
