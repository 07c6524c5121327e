"""Small pictures of 证明材料 files, so the clerk sees at a glance which scan is which.

A PDF shows its first page (QtPdf), a photo or scan shows itself upright — as the phone showed
it: ``QImageReader.setAutoTransform`` honours the EXIF orientation, as the bound PDF does — and
a Word file an icon (it has no pages until LibreOffice converts it). Reading a 10 MB photo or a
PDF of 200 pages takes a moment, so the pictures are made off the GUI thread
(``gui.tasks.run_task``, no busy dialog: the rows are there already, the pictures follow) and
kept by the file's SHA-256, which names its content: a file attached twice, or the page built
again after an undo, is not read again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QImageIOHandler, QImageReader, QPainter, QPen
from PySide6.QtWidgets import QWidget

from yn_forms.gui.tasks import Report, run_task

SIZE = QSize(48, 64)  # an A4 page's shape, small
KEEP = 256  # pictures kept in memory (each about 12 KB)
_MADE: OrderedDict[str, QImage] = OrderedDict()
_TURNED = (QImageIOHandler.Transformation.TransformationRotate90,
           QImageIOHandler.Transformation.TransformationMirrorAndRotate90,
           QImageIOHandler.Transformation.TransformationFlipAndRotate90,
           QImageIOHandler.Transformation.TransformationRotate270)


def known(key: str) -> QImage | None:
    """The picture made already for the file of SHA-256 *key*, if any."""
    found = _MADE.get(key)
    if found is not None:
        _MADE.move_to_end(key)
    return found


def _keep(key: str, image: QImage) -> None:
    _MADE[key] = image
    while len(_MADE) > KEEP:
        _MADE.popitem(last=False)


def _fit(width: float, height: float, box: QSize) -> QSize:
    scale = min(box.width() / max(width, 1), box.height() / max(height, 1))
    return QSize(max(1, round(width * scale)), max(1, round(height * scale)))


def picture(path: Path, kind: str, box: QSize = SIZE) -> QImage | None:
    """The picture of *path* (of type *kind*, as its record says) on a page of *box*'s size, framed (a white
    page shows as one); None when it cannot be read. Safe off the GUI thread."""
    inside = QSize(box.width() - 2, box.height() - 2)
    image = _drawn(path, kind, inside)
    if image is None:
        return None
    framed = QImage(box, QImage.Format.Format_ARGB32_Premultiplied)
    framed.fill(Qt.GlobalColor.transparent)
    painter = QPainter(framed)
    left, top = (box.width() - image.width()) // 2, (box.height() - image.height()) // 2
    painter.fillRect(QRect(left, top, image.width(), image.height()), QColor("white"))
    painter.drawImage(left, top, image)
    painter.setPen(QPen(QColor("#9e9e9e"), 1))
    painter.drawRect(QRect(left - 1, top - 1, image.width() + 1, image.height() + 1))
    painter.end()
    return framed


def _drawn(path: Path, kind: str, box: QSize) -> QImage | None:
    if kind == "pdf":
        from PySide6.QtPdf import QPdfDocument

        document = QPdfDocument()
        document.load(str(path))
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
            return None
        page = document.pagePointSize(0)
        image = document.render(0, _fit(page.width(), page.height(), box))
        document.close()
        return None if image.isNull() else image
    if kind in ("jpeg", "png", "tiff"):
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)  # upright, as the phone showed it
        stored = reader.size()
        if not stored.isValid():
            return None
        turned = reader.transformation() in _TURNED
        shown = stored.transposed() if turned else stored
        fitted = _fit(shown.width(), shown.height(), box)
        reader.setScaledSize(fitted.transposed() if turned else fitted)  # decoded small: a JPEG at 1/8 of its size
        image = reader.read()
        return None if image.isNull() else image
    return None


def _icon(box: QSize, border: QPen, fill: QColor | None, draw: Callable[[QPainter, QRectF], None]) -> QImage:
    """A page drawn as an icon: its outline in *border*, *fill* inside, then *draw*'s marks on it."""
    image = QImage(box, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    page = QRectF(4, 2, box.width() - 8, box.height() - 4)
    painter.setPen(border)
    if fill is not None:
        painter.setBrush(fill)
    painter.drawRect(page)
    draw(painter, page)
    painter.end()
    return image


def blank(box: QSize = SIZE) -> QImage:
    """An empty page: where a file's picture will be once it is made."""
    return _icon(box, QPen(QColor("#bdbdbd"), 1), QColor("#fafafa"), lambda _painter, _page: None)


def word_icon(box: QSize = SIZE) -> QImage:
    """A page with a blue W: a Word file, whose pages LibreOffice makes only when the pack is bound."""
    def mark(painter: QPainter, _page: QRectF) -> None:
        band = QRect(0, box.height() // 2 - 10, box.width() - 10, 20)
        painter.fillRect(band, QColor("#1565c0"))
        painter.setPen(QColor("white"))
        font = QFont()
        font.setBold(True)
        font.setPixelSize(15)
        painter.setFont(font)
        painter.drawText(band, Qt.AlignmentFlag.AlignCenter, "W")

    return _icon(box, QPen(QColor("#9e9e9e"), 1), QColor("white"), mark)


def missing_icon(box: QSize = SIZE) -> QImage:
    """A page crossed out: the file is not where the draft keeps it, or not as it was attached."""
    def cross(painter: QPainter, page: QRectF) -> None:
        painter.setPen(QPen(QColor("#c62828"), 3))
        painter.drawLine(page.topLeft(), page.bottomRight())
        painter.drawLine(page.topRight(), page.bottomLeft())

    return _icon(box, QPen(QColor("#9e9e9e"), 1, Qt.PenStyle.DashLine), None, cross)


def request(parent: QWidget, jobs: Sequence[tuple[str, Callable[[], Path | None], str]],
            done: Callable[[str, QImage], None]) -> None:
    """The pictures of *jobs* (SHA-256, where the file is, type) made off the GUI thread — where the file is
    is asked there too (a large file's digest is checked) — and *done* hears of each made, on the GUI thread
    (not after *parent* is gone)."""
    wanted = [(key, where, kind) for key, where, kind in jobs if known(key) is None]
    if not wanted:
        return
    ratio = parent.devicePixelRatioF()  # sharp on a scaled screen (QT_SCALE_FACTOR, 125 % in Windows)
    box = QSize(round(SIZE.width() * ratio), round(SIZE.height() * ratio))

    def work(_report: Report) -> list[tuple[str, QImage]]:
        made = []
        for key, where, kind in wanted:
            try:
                path = where()
                image = picture(path, kind, box) if path is not None else None
                if image is not None:
                    image.setDevicePixelRatio(ratio)
            except Exception:  # a picture is a courtesy: a file that cannot be drawn keeps its row as it is
                image = None
            if image is not None:
                made.append((key, image))
        return made

    def arrived(made: list[tuple[str, QImage]]) -> None:
        for key, image in made:
            _keep(key, image)
            done(key, image)

    run_task(parent, work, on_done=arrived, on_failed=lambda _message: None)
