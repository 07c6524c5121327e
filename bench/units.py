"""Benchmark the 单位信息库 page (工具 › 单位信息库…) with a library of 10,000 units.

A keystroke in the page's search box must filter the list within one frame (16 ms) at
10,000 units; the list it replaced re-filled a table widget and measured every cell
on each keystroke (5 s at 250 units, 98 s at 1,000 on the issue's machine).

Figures, each beside a baseline measured in the same process and run:
- the page opened (library read, list built, window shown and painted) vs a bare
  ``QTableView`` over a ``QStandardItemModel`` of the same rows read with plain sqlite3
  and json — the floor for “show 10,000 rows in a table”;
- a keystroke in the search box (the list filtered, the count updated, the window
  painted), over a name typed a character at a time and erased again, vs Qt's own
  ``QSortFilterProxyModel`` filtering the same bare model in C++;
- the list as it was before, at a few hundred units (more would take minutes): a
  ``QTableWidget`` re-filled with columns resized to contents, its slowest keystroke
  (云 → 云南, which re-fills the rows already there, each cell re-measuring the
  columns: n² — 6 s at 250 units) beside our slowest at 10,000.

The library is filled through its own batch API (``UnitLibrary.upsert_many``, one
transaction), which is also timed.

    python bench/units.py [--runs 5] [--units 10000] [--before 250]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import add_arguments, print_table

SURNAMES = "张王李赵刘陈杨黄周吴孙马朱胡郭何高林罗郑"
PLACES = ("云南", "昆明", "曲靖", "玉溪", "保山", "昭通", "丽江", "普洱", "临沧", "楚雄", "红河", "文山", "大理")
TRADES = ("稀贵金属", "精密合金", "普洱茶业", "生物科技", "数字科技", "新材料", "绿色能源", "花卉", "咖啡", "中药材")
FORMS = ("有限公司", "股份有限公司", "集团有限公司")
TYPED = "云南数字"  # what the clerk types, a character at a time, then erases


def realistic_units(count: int, seed: int = 17) -> list[dict]:
    """*count* distinct units with the facts the list shows: a name, a code for most, people and phones."""
    from stdnum.cn import uscc

    rng = random.Random(seed)
    units = []
    for i in range(count):
        place = "云南" if i % 2 else rng.choice(PLACES)  # most units of a Yunnan library are 云南…
        name = f"{place}{rng.choice(TRADES)}{i:05d}{rng.choice(FORMS)}"
        record = {"name": name, "legal_rep": rng.choice(SURNAMES) + "明远", "contact": rng.choice(SURNAMES) + "丽华",
                  "contact_mobile": f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"}
        if i % 4:
            body = f"915301{i:09d}"[:8] + f"MA{i:07d}"
            record["credit_code"] = body + uscc.calc_check_digit(body)
        units.append(record)
    return units


def _median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.2f}ms"


def keystrokes(text: str) -> list[str]:
    """The search box's text after each key: typed a character at a time, then erased with Backspace."""
    typed = [text[:i] for i in range(1, len(text) + 1)]
    return typed + typed[-2::-1] + [""]


def main() -> int:
    parser = argparse.ArgumentParser()
    add_arguments(parser, runs=5)
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--before", type=int, default=250, help="units for the old list (it grows as n²)")
    args = parser.parse_args()
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_DATA_HOME"] = os.environ["XDG_CONFIG_HOME"] = tmp
        return run(args, Path(tmp))


def run(args: argparse.Namespace, tmp: Path) -> int:
    import json
    import sqlite3

    from PySide6.QtCore import QCoreApplication, QEvent, QSortFilterProxyModel, Qt
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QHeaderView, QTableView, QTableWidget, QTableWidgetItem

    from yn_forms.core.units import UnitLibrary
    from yn_forms.gui.app import make_app
    from yn_forms.gui.clerk import ScriptedClerk, use_clerk
    from yn_forms.gui.unit_list import COLUMNS, HEADERS
    from yn_forms.gui.units_page import UnitLibraryDialog

    app = make_app()
    use_clerk(ScriptedClerk())
    records = realistic_units(args.units)
    path = tmp / "units.sqlite3"
    start = time.perf_counter()
    with UnitLibrary(path) as lib:
        lib.upsert_many(records)
    filled = time.perf_counter() - start

    def settle() -> None:
        app.processEvents()

    def dispose(widget) -> None:
        widget.close()
        widget.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def bare_model() -> QStandardItemModel:
        conn = sqlite3.connect(path)
        rows = conn.execute("SELECT data, updated_at FROM units ORDER BY name_key").fetchall()
        conn.close()
        model = QStandardItemModel(len(rows), len(HEADERS))
        model.setHorizontalHeaderLabels(list(HEADERS))
        for r, (data, updated) in enumerate(rows):
            record = json.loads(data)
            cells = [next((str(record[k]) for k in keys if record.get(k)), "") for keys, _ in COLUMNS]
            for c, text in enumerate([*cells, updated.replace("T", " ")]):
                model.setItem(r, c, QStandardItem(text))
        return model

    opened, bare_opened = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        page = UnitLibraryDialog(None, UnitLibrary(path))
        page.show()
        settle()
        opened.append(time.perf_counter() - start)
        dispose(page)
        start = time.perf_counter()
        view = QTableView()
        view.setModel(bare_model())
        view.resize(980, 640)
        view.show()
        settle()
        bare_opened.append(time.perf_counter() - start)
        dispose(view)

    page = UnitLibraryDialog(None, UnitLibrary(path))
    page.show()
    settle()
    ours, ours_unpainted, found = [], [], set()
    for _ in range(args.runs):
        for text in keystrokes(TYPED):
            start = time.perf_counter()
            page.search.setText(text)
            filtered = time.perf_counter()
            settle()
            ours.append(time.perf_counter() - start)
            ours_unpainted.append(filtered - start)
            found.add(len(page.model.shown))
    dispose(page)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(bare_model())
    view = QTableView()
    view.setModel(proxy)
    view.resize(980, 640)
    view.show()
    settle()
    bare, bare_unpainted = [], []
    for _ in range(args.runs):
        for text in keystrokes(TYPED):
            start = time.perf_counter()
            proxy.setFilterFixedString(text)
            filtered = time.perf_counter()
            settle()
            bare.append(time.perf_counter() - start)
            bare_unpainted.append(filtered - start)
    dispose(view)

    # the list as it was: every keystroke re-filled a table widget whose columns fit their contents
    small = tmp / "before.sqlite3"
    with UnitLibrary(small) as lib:
        lib.upsert_many(records[:args.before])
    old_lib = UnitLibrary(small)
    table = QTableWidget(0, len(HEADERS))
    table.setHorizontalHeaderLabels(list(HEADERS))
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(HEADERS)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    table.resize(980, 640)
    table.show()
    settle()
    before = []
    for text in keystrokes(TYPED)[:4]:  # as the old page's refresh() did it, line for line
        start = time.perf_counter()
        units = old_lib.search(text, limit=100_000)
        table.setCurrentCell(-1, -1)
        table.clearSelection()
        table.setRowCount(len(units))
        for r, unit in enumerate(units):
            cells = [next((str(unit.record[k]) for k in keys if unit.record.get(k)), "") for keys, _ in COLUMNS]
            for c, value in enumerate([*cells, unit.updated_at.replace("T", " ")]):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, unit.id)
                table.setItem(r, c, item)
        settle()
        before.append(time.perf_counter() - start)
    old_lib.close()
    dispose(table)
    del proxy

    n, k = f"{args.units:,}", f"{args.before:,}"
    print_table([
        (f"单位信息库 page opened, {n} units, painted vs a bare QTableView of the same rows",
         f"{statistics.median(opened):.3f}s", f"{statistics.median(bare_opened):.3f}s",
         f"{statistics.median(opened) / statistics.median(bare_opened):.2f}", "—"),
        (f"单位信息库 filter keystroke, {n} units, painted vs bare QSortFilterProxyModel",
         _median_ms(ours), _median_ms(bare), f"{statistics.median(ours) / statistics.median(bare):.2f}", "16 ms"),
        (f"单位信息库 filter keystroke, {n} units, the filtering alone (before painting) vs the bare proxy's",
         _median_ms(ours_unpainted), _median_ms(bare_unpainted),
         f"{statistics.median(ours_unpainted) / statistics.median(bare_unpainted):.2f}", "—"),
        (f"单位信息库 filter keystroke, slowest of {len(ours)}, {n} units", f"{max(ours) * 1000:.2f}ms",
         f"{max(bare) * 1000:.2f}ms", f"{max(ours) / max(bare):.2f}", "16 ms"),
        (f"单位信息库 filter keystroke 云→云南, {k} units, the old re-filled QTableWidget vs ours at {n} (slowest)",
         f"{max(before):.2f}s", f"{max(ours) * 1000:.2f}ms", f"{max(before) / max(ours):.0f}", "—"),
        (f"单位信息库 {n} units saved in one batch (UnitLibrary.upsert_many)", f"{filled:.2f}s", "—", "—", "—"),
    ], args.markdown)
    if len(found) < 3:
        print("the keystrokes did not change what was shown: the benchmark typed nothing useful", file=sys.stderr)
        return 1
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
