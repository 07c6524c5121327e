"""What a 州市 department receives, made for the tests of the desk: Word folders, zips, JSON files.

Word folders are written by ``fill`` (the app's own documents, as an enterprise using the app sends
them) or by ``tests/handfilled.py`` (attachments filled by hand in Word); a zip is written the way
Windows tools write one — Chinese names in GBK, without the zip's UTF-8 flag.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

from yn_forms.core.formdef import FormDefinition
from yn_forms.render.documents import fill_documents


class GbkName(zipfile.ZipInfo):
    """A member whose name is written in GBK with the UTF-8 flag left off, as the Explorer and old WinRAR do."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def word_folder(form: FormDefinition, data: dict[str, Any], folder: Path) -> list[Path]:
    """The application's Word attachments, as ``fill`` writes them, in *folder*."""
    return fill_documents(form, data, folder)


def gbk_zip(source: Path, out: Path, inside: str) -> Path:
    """A zip of the files of *source* under the folder *inside*, every name in GBK without the UTF-8 flag."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(source.iterdir()):
            info = GbkName(f"{inside}/{path.name}")
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return out


def write_json(data: dict[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def saved_again_by_office(folder: Path, profile: Path) -> None:
    """Every .docx of *folder* saved again by LibreOffice, through its own format and back (an enterprise
    that opened the attachments in an office suite and saved them): ``soffice --convert-to odt`` and back."""
    from yn_forms.render.pdf import find_soffice

    soffice = find_soffice()
    assert soffice is not None
    work = folder.parent / f"{folder.name}-odt"
    work.mkdir()
    env = [f"-env:UserInstallation={profile.as_uri()}"]
    docs = sorted(folder.glob("*.docx"))
    subprocess.run([str(soffice), *env, "--headless", "--norestore", "--convert-to", "odt", "--outdir", str(work),
                    *map(str, docs)], check=True, capture_output=True, timeout=120)
    for doc in docs:
        doc.unlink()
    subprocess.run([str(soffice), *env, "--headless", "--norestore", "--convert-to", "docx:MS Word 2007 XML",
                    "--outdir", str(folder), *map(str, sorted(work.glob("*.odt")))], check=True, capture_output=True,
                   timeout=120)
    shutil.rmtree(work)
    assert sorted(p.name for p in folder.glob("*.docx")) == sorted(p.name for p in docs)


def centre_inbox(root: Path) -> Path:
    """A 州市 department's folder of 创新中心 applications the week before the deadline: Word folders, a hand-filled
    one, a zip, a JSON breaking a condition (组建资金 500万元), the first centre sent again, an old .doc."""
    import handfilled
    from batch_helpers import CENTRE_NAMES, centre_application

    from yn_forms.forms import get_form

    form = get_form("innovation-centre")
    word_folder(form, form.example(), root / "01-云南锦川稀贵金属集团")
    word_folder(form, centre_application(form, CENTRE_NAMES[2]), root / "02-绿色铝产业集团")
    (root / "03-滇味食品（手填）").mkdir()
    handfilled.innovation_centre(root / "03-滇味食品（手填）")
    word_folder(form, centre_application(form, CENTRE_NAMES[8]), root.parent / "光电子")
    gbk_zip(root.parent / "光电子", root / "04-光电子信息申报材料.zip", "光电子信息创新中心申报材料")
    short = centre_application(form, CENTRE_NAMES[5])
    short["basic"]["investment"] = "500"
    write_json(short, root / "05-生物医药.json")
    write_json(form.example(), root / "06-锦川稀贵金属（补报）.json")
    (root / "07-旧版").mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "wordin" / "旧版附件1.doc", root / "07-旧版" / "附件1.doc")
    return root
