"""The 单位信息库 file: one SQLite file in the user data folder, one row a unit.

SQLite rather than a JSON file: two windows of the app (or the app and a colleague's
copy on a shared drive) may read while one writes, and a crash in the middle of a
save never leaves half a record (WAL journal). The file is private (0600 on POSIX:
it holds names and phone numbers of people) and carries a ``schema_version`` with
migrations, like the drafts. A file this program cannot use — written by a newer
release, damaged, or another program's database — is reported and left exactly as
it is: nothing is written to it before it has been checked.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from yn_forms.core.oserrors import os_reason
from yn_forms.core.units.facts import (
    Change,
    Record,
    UnitConflict,
    UnitLibraryError,
    changes_between,
    clean_record,
    code_key,
    merge,
    name_key,
    record_problem,
    search_keys,
)
from yn_forms.core.units.sheet import ImportReport, read_xlsx, write_xlsx

LIBRARY_FILE = "units.sqlite3"
SCHEMA_VERSION = 1

T = TypeVar("T")


def default_path() -> Path:
    """``<user data dir>/units.sqlite3``: beside the user's templates, found by the same rule on every system."""
    from yn_forms.paths import user_data_dir

    return user_data_dir() / LIBRARY_FILE


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _create_v1(conn: sqlite3.Connection) -> None:
    # an integer row id rather than the code as primary key: a unit met first in a table without
    # codes (创新中心) gets its code later, and keeps its identity (and its row) when it does
    conn.execute("""CREATE TABLE units (
        id INTEGER PRIMARY KEY,
        credit_code TEXT UNIQUE,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL)""")


#: schema version N -> what turns a file of version N into version N+1
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {0: _create_v1}


@dataclass(frozen=True)
class StoredUnit:
    """A unit as the library holds it: its row id (stable across renames), its record, when it last changed.

    *problem* is set on a row whose data could not be read (changed by another program,
    damaged on disk): its record is then only what the row's own name and code columns
    say, which is enough to report it and to match it when the unit is saved again —
    saving it anew repairs it. Lists and searches never return such a unit.
    """

    id: int
    record: Record
    updated_at: str
    problem: str = ""

    @property
    def name(self) -> str:
        return self.record.get("name", "")

    @property
    def credit_code(self) -> str:
        return self.record.get("credit_code", "")

    def damage_line(self) -> str:
        """A damaged row in a list of them: which unit (by what its row still says) and what is wrong."""
        return f"“{self.name or '（无名称）'}”（第{self.id}条记录）：{self.problem}"

    def damage_text(self) -> str:
        """The clerk's message about one damaged row: which unit, what is wrong, how to mend it."""
        return (f"单位库中“{self.name or '（无名称）'}”（第{self.id}条记录）的数据已损坏（{self.problem}），未列出；"
                "从申报表或 Excel 再保存一次这家单位即可修复。")

    def describe(self) -> str:
        """“name · code”, as search results and messages show a unit."""
        return f"{self.name}  ·  {self.credit_code}" if self.credit_code else f"{self.name}  ·  （无统一社会信用代码）"


@dataclass(frozen=True)
class Plan:
    """What saving a record would do, worked out before anything is written."""

    existing: StoredUnit | None
    record: Record  # the record as it would be stored
    changes: list[Change]

    @property
    def is_new(self) -> bool:
        return self.existing is None


def _sqlite_message(path: Path, exc: sqlite3.Error, opening: bool) -> str:
    """A SQLite error as the clerk is told it: busy, not writable, or damaged."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"单位库文件正被另一个程序使用，请稍后再试：{path}"
    if "readonly" in text or "unable to open" in text or "disk I/O" in text:
        return f"无法读写单位库文件（请检查文件和文件夹的权限）：{path}（{text}）"
    if opening:
        return f"单位库文件已损坏或不是单位库，无法打开（文件未被改动）：{path}（{text}）"
    return f"单位库文件已损坏，无法读写：{path}（{text}）。可用导出的 Excel 表格在新的单位库中恢复。"


def _guarded(method: Callable[..., T]) -> Callable[..., T]:
    """Run a library operation so that a SQLite failure reaches the caller as a ``UnitLibraryError``."""

    @functools.wraps(method)
    def run(self: UnitLibrary, *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise UnitLibraryError(_sqlite_message(self.path, exc, opening=False)) from None

    return run


class UnitLibrary:
    """The 单位信息库 file: ``with UnitLibrary() as lib: lib.search("锦川")``."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.conn: sqlite3.Connection | None = None
        #: the rows met so far whose data could not be read, by row id: reported once, never listed
        self.damaged: dict[int, StoredUnit] = {}
        if self.path.is_dir():
            raise UnitLibraryError(f"单位库的位置是一个文件夹，不是文件：{self.path}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not self.path.exists():  # created private, before SQLite would create it with the umask's mode
                os.close(os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except OSError as exc:
            raise UnitLibraryError(f"无法创建单位库文件 {self.path}：{os_reason(exc)}") from None
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=5)
            self.conn.row_factory = sqlite3.Row
            version = self._check()  # only reads: a file that fails here is not written to at all
            mode = self.conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            self.journal_mode = str(mode).lower()
            self._migrate(version)
        except sqlite3.Error as exc:
            self.close()
            raise UnitLibraryError(_sqlite_message(self.path, exc, opening=True)) from None
        except UnitLibraryError:
            self.close()
            raise
        self._tighten()

    # --- opening ------------------------------------------------------------------------
    def _check(self) -> int:
        """The file's schema version, after making sure it is an undamaged library this program can use."""
        result = [str(row[0]) for row in self._db.execute("PRAGMA quick_check").fetchall()]
        if result != ["ok"]:
            raise sqlite3.DatabaseError("；".join(result[:3]))
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise UnitLibraryError(
                f"单位库文件由较新版本的填报助手创建（版本 {version}），本程序不会改动它；请升级后再使用：{self.path}")
        if version == 0 and self._db.execute(
                "SELECT 1 FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").fetchone():
            raise UnitLibraryError(f"该文件是其他程序的数据库，不是单位库，本程序不会改动它：{self.path}")
        return version

    def _tighten(self) -> None:
        """Make a library file readable by its owner only (one copied in, or made by an older release)."""
        if sys.platform == "win32":  # pragma: no cover  (the user profile folder is private already)
            return
        for path in (self.path, *(self.path.with_name(self.path.name + end) for end in ("-wal", "-shm"))):
            try:
                if path.exists() and path.stat().st_mode & 0o077:
                    path.chmod(0o600)  # SQLite gives its -wal and -shm files the database's mode
            except OSError:
                pass  # another user's file on a shared drive: used as it is

    @property
    def _db(self) -> sqlite3.Connection:
        if self.conn is None:
            raise UnitLibraryError("单位库已关闭")
        return self.conn

    def schema_version(self) -> int:
        exists = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_version'").fetchone()
        if not exists:
            return 0
        row = self._db.execute("SELECT version FROM schema_version").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self, version: int) -> None:
        while version < SCHEMA_VERSION:
            with self._transaction():
                if self.schema_version() != version:  # another window migrated it meanwhile
                    version = self.schema_version()
                    continue
                MIGRATIONS[version](self._db)
                version += 1
                self._db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
                self._db.execute("DELETE FROM schema_version")
                self._db.execute("INSERT INTO schema_version VALUES (?)", (version,))

    class _Tx:
        """``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` when the body raises: all of a save or none."""

        def __init__(self, conn: sqlite3.Connection) -> None:
            self.conn = conn

        def __enter__(self) -> sqlite3.Connection:
            self.conn.execute("BEGIN IMMEDIATE")
            return self.conn

        def __exit__(self, kind: Any, *_: Any) -> None:
            self.conn.execute("COMMIT" if kind is None else "ROLLBACK")

    def _transaction(self) -> UnitLibrary._Tx:
        return UnitLibrary._Tx(self._db)

    def close(self) -> None:
        conn = getattr(self, "conn", None)
        if conn is not None:
            conn.close()
            self.conn = None

    def __enter__(self) -> UnitLibrary:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()

    # --- reading ------------------------------------------------------------------------
    def _unit(self, row: sqlite3.Row | None) -> StoredUnit | None:
        """The row as a unit; a row whose data is not a record comes back with its ``problem`` and is noted
        in ``damaged``, so one bad row costs the clerk that unit, not the whole library."""
        if row is None:
            return None
        try:
            record = json.loads(row["data"])
            problem = record_problem(record)
        except (ValueError, TypeError, RecursionError):
            problem = "内容无法读取"
        if problem is None:
            self.damaged.pop(row["id"], None)
            return StoredUnit(row["id"], record, str(row["updated_at"]))
        identity = {"name": str(row["name"] or "")}
        if row["credit_code"]:
            identity["credit_code"] = str(row["credit_code"])
        unit = StoredUnit(row["id"], identity, str(row["updated_at"]), problem)
        self.damaged[unit.id] = unit
        return unit

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[StoredUnit]:
        """The units the query finds that can be read; the others are noted in ``damaged`` and passed over."""
        units = [self._unit(row) for row in self._db.execute(sql, params).fetchall()]
        return [u for u in units if u is not None and not u.problem]

    def _one(self, sql: str, params: tuple[Any, ...]) -> StoredUnit | None:
        return self._unit(self._db.execute(sql, params).fetchone())

    @_guarded
    def units(self) -> list[StoredUnit]:
        """Every unit, by name."""
        return self._rows("SELECT * FROM units ORDER BY name_key")

    @_guarded
    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM units").fetchone()[0])

    @_guarded
    def get(self, unit_id: int) -> StoredUnit | None:
        return self._one("SELECT * FROM units WHERE id=?", (unit_id,))

    @_guarded
    def by_code(self, code: str) -> StoredUnit | None:
        return self._one("SELECT * FROM units WHERE credit_code=?", (code_key(code),))

    @_guarded
    def by_name(self, name: str) -> StoredUnit | None:
        return self._one("SELECT * FROM units WHERE name_key=?", (name_key(name),))

    @_guarded
    def search(self, text: str, limit: int = 100) -> list[StoredUnit]:
        """Units whose name contains *text* or whose 统一社会信用代码 starts with it; all when empty."""
        if not text.strip():
            return self._rows("SELECT * FROM units ORDER BY name_key LIMIT ?", (limit,))

        def like(s: str) -> str:
            return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

        part, start = search_keys(text)
        return self._rows(
            "SELECT * FROM units WHERE name_key LIKE ? ESCAPE '\\' OR credit_code LIKE ? ESCAPE '\\' "
            "ORDER BY name_key LIMIT ?",
            (f"%{like(part)}%", f"{like(start)}%", limit))

    def match(self, record: Record) -> StoredUnit | None:
        """The unit *record* describes: by its code, else by its exact name (see the package's note)."""
        code = record.get("credit_code")
        if code:
            found = self.by_code(code)
            if found is not None:
                return found
            named = self.by_name(record.get("name", ""))
            if named is not None and not named.credit_code:
                return named  # met before without its code: this is it, now with the code
            return None
        return self.by_name(record.get("name", ""))

    # --- writing ------------------------------------------------------------------------
    def plan(self, record: Record, *, unit_id: int | None = None, replace: bool = False) -> Plan:
        """What saving *record* would store and change; raises ``UnitLibraryError`` if it cannot be saved.

        Without *replace* the record is laid over the stored one (``merge``): a form that
        does not ask for a fact never erases it. The units page edits a whole record and
        passes *replace* with the *unit_id* it edits.
        """
        record, problems = clean_record(record)
        if problems:
            raise UnitLibraryError("；".join(problems))
        existing = self.get(unit_id) if unit_id is not None else self.match(record)
        if unit_id is not None and existing is None:
            raise UnitLibraryError("单位库中已没有这家单位（可能已被删除）")
        damaged = existing is not None and bool(existing.problem)  # saved anew: the record replaces what was lost
        stored = record if replace or existing is None or damaged else merge(existing.record, record)
        own = existing.id if existing is not None else None
        other = self.by_name(stored["name"])
        if other is not None and other.id != own:
            raise UnitConflict(f"单位库中已有名为“{other.name}”的另一家单位"
                               + (f"（统一社会信用代码 {other.credit_code}）" if other.credit_code else "")
                               + "，请核对单位名称和统一社会信用代码")
        if stored.get("credit_code"):
            other = self.by_code(stored["credit_code"])
            if other is not None and other.id != own:
                raise UnitConflict(f"统一社会信用代码 {stored['credit_code']} 在单位库中属于“{other.name}”，"
                                   "请核对单位名称和统一社会信用代码")
        changes = changes_between(existing.record if existing and not damaged else {}, stored)
        return Plan(existing, stored, changes)

    @_guarded
    def upsert(self, record: Record, *, unit_id: int | None = None, replace: bool = False) -> tuple[StoredUnit, Plan]:
        """Store *record* (adding or updating its unit); returns the stored unit and the plan it followed.

        The plan is worked out again inside the write transaction, so what is written is
        what the differences computed just before it say.
        """
        with self._transaction():
            plan = self.plan(record, unit_id=unit_id, replace=replace)
            unit = self._write(plan)
        return self.get(unit.id) or unit, plan  # read back: the unit exactly as the file now holds it

    @_guarded
    def upsert_many(self, records: list[Record]) -> list[tuple[StoredUnit, Plan] | UnitLibraryError]:
        """``upsert`` each record in turn, all in one transaction; a record that cannot be saved gives its error.

        One transaction rather than one a record: an Excel sheet of thousands of units is
        written in a moment instead of one disk sync a row, and a failure of the file
        itself leaves the library as it was. Each record sees the ones before it, as if
        they had been saved one by one.
        """
        results: list[tuple[StoredUnit, Plan] | UnitLibraryError] = []
        with self._transaction():
            for record in records:
                try:
                    plan = self.plan(record)
                except UnitLibraryError as exc:
                    results.append(exc)
                    continue
                results.append((self._write(plan), plan))
        return results

    def _write(self, plan: Plan) -> StoredUnit:
        """Store what *plan* says, inside the caller's transaction; the unit as it now stands."""
        stored = plan.record
        if plan.existing is not None and not plan.changes and not plan.existing.problem:
            return plan.existing
        now = _now()
        values = (stored.get("credit_code") or None, stored["name"], name_key(stored["name"]),
                  json.dumps(stored, ensure_ascii=False, sort_keys=True), now)
        if plan.existing is None:
            cursor = self._db.execute("INSERT INTO units (credit_code, name, name_key, data, updated_at, created_at) "
                                      "VALUES (?, ?, ?, ?, ?, ?)", (*values, now))
            unit_id = int(cursor.lastrowid or 0)
        else:
            unit_id = plan.existing.id
            self._db.execute("UPDATE units SET credit_code=?, name=?, name_key=?, data=?, updated_at=? WHERE id=?",
                             (*values, unit_id))
            self.damaged.pop(unit_id, None)
        return StoredUnit(unit_id, stored, now)

    @_guarded
    def delete(self, unit_id: int) -> bool:
        with self._transaction() as conn:
            deleted = conn.execute("DELETE FROM units WHERE id=?", (unit_id,)).rowcount > 0
        self.damaged.pop(unit_id, None)
        return deleted

    # --- Excel --------------------------------------------------------------------------
    def export_xlsx(self, path: Path, units: list[StoredUnit] | None = None) -> int:
        """Every readable unit (or *units*) as one row of a sheet whose header row is the facts' labels;
        how many were written (the damaged rows, passed over, are in ``damaged``)."""
        records = [u.record for u in (self.units() if units is None else units) if not u.problem]
        write_xlsx(path, records)
        return len(records)

    def import_xlsx(self, path: Path) -> ImportReport:
        """Add or update the units of a sheet; a bad row is reported with its number and skipped, never fatal.

        A row updates the unit with its code (or name) as saving from a form does: the
        cells it leaves empty keep what the library has.
        """
        rows, report = read_xlsx(path)
        results = self.upsert_many([record for _row, record in rows])
        for (row_number, _record), result in zip(rows, results, strict=True):
            if isinstance(result, UnitLibraryError):
                report.errors.append((row_number, str(result)))
                continue
            unit, plan = result
            target = report.added if plan.is_new else report.updated if plan.changes else report.unchanged
            target.append(unit.name)
        report.errors.sort()
        return report
