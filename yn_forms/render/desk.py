"""The 州市 desk: everything a department received, read, checked and judged — one path, one result.

``yn-forms summary`` and the 汇总表 page both call ``read_received`` and tell what it returns
(``Received``): each application as a ``core.batch.BatchItem`` with its 汇总表 row, its 初审
(``core.screening``) and the other applications it shares a unit or a name with; each file or folder
that could not be read as an item saying why. Nothing is handed in to be filled.

What arrives is sorted into applications first (``render.intake``: drafts, JSON, a folder's Word
files, zips). Reading and judging one application does not depend on any other, so with more than a
few to read they are shared between this process and worker processes (one per further core), each
reading one Word folder (or a few drafts and JSON files) at a time and sending back only its result:
300 Word folders on two cores take little more than half the time, and memory does not grow with the
number of files in flight. Progress is told
after each application (``progress(done, total)``), and ``stopped()`` is asked before each: what was
read by then is returned, marked ``stopped``.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from yn_forms.core.batch import BatchItem, load_one, part_forms
from yn_forms.core.formdef import FormDefinition, SummaryColumn
from yn_forms.core.screening import FAILS, INCOMPLETE, MEETS, Shared, duplicates, identity, screen
from yn_forms.core.validation import judge
from yn_forms.render.intake import Entry, gather

POOL_FROM = 6  # Word folders (each ~0.05–0.3 s) from which starting a worker process pays
# drafts and JSON files (each ≈ 2 ms of CPU) from which it pays, measured (bench/summary.py --workers): a forked
# worker starts at once with everything loaded (≈ 0.05 s CPU), so from a hundred it halves the rest; a spawned
# one imports the app first (≈ 0.5 s CPU, while this process reads on), and gains the clerk time from a few
# hundred — 600, where it takes about 0.4 s off a wait of 1.3 s
POOL_FROM_FILES = {"fork": 100, "spawn": 600}
AHEAD = 2  # batches handed to each worker before it asks for more: it never waits, memory stays flat
FILES_PER_BATCH = 16  # drafts and JSON files handed over together


@dataclass
class Received:
    """What was read: every application and every refusal, in the order received."""

    items: list[BatchItem] = field(default_factory=list)
    stopped: bool = False  # 取消 was pressed: what was not read by then is not listed
    entries: int = 0  # applications found to read (refusals of whole folders and zips not counted)
    shared: list[Duplicates] = field(default_factory=list)  # applications of one form sharing a unit or a name

    @property
    def used(self) -> list[BatchItem]:
        return [item for item in self.items if not item.skipped]

    @property
    def skipped(self) -> list[BatchItem]:
        return [item for item in self.items if item.skipped]

    @property
    def not_read(self) -> int:
        """Lines saying what could not be read: whole items skipped and files inside applications."""
        return len(self.skipped) + sum(len(item.notes) for item in self.items)


@dataclass(frozen=True)
class Job:
    """One application to read, as a worker process is handed it (everything in it can be pickled: the
    registry of forms arrives as the worker's own)."""

    form_id: str
    entry: Entry
    forms: Mapping[str, FormDefinition]
    templates_dir: Path | None = None


def read_job(job: Job) -> list[BatchItem]:
    """Read and judge one application (a Word folder may hold one per form); never raises."""
    entry = job.entry
    try:
        host = job.forms[job.form_id]
        items = _read_word(host, entry, job.forms, job.templates_dir) if entry.word \
            else [_read_file(host, entry, job.forms)]
    except Exception as exc:  # one odd application must not stop a desk of hundreds
        items = [BatchItem(entry.origin, None, f"读取“{entry.label}”时出现意外错误（{type(exc).__name__}：{exc}）",
                           source=entry.label, word=entry.word)]
    for item in items:
        item.key = entry.key
    return items


def _read_file(host: FormDefinition, entry: Entry, forms: Mapping[str, FormDefinition]) -> BatchItem:
    path = entry.files[0]
    item = load_one(host, path, forms)
    if item.reason is not None and path != entry.origin:  # unpacked from a zip: named as in the zip
        item.reason = item.reason.replace(str(path), entry.label)
    item.path, item.source = entry.origin, entry.label if entry.label != entry.origin.name else ""
    if not item.skipped:
        _judge(host, item, forms)
    return item


def _read_word(host: FormDefinition, entry: Entry, forms: Mapping[str, FormDefinition],
               templates_dir: Path | None) -> list[BatchItem]:
    from yn_forms.render.wordin.folder import read_folder  # python-docx and the reading maps: Word folders only

    reading = read_folder([host, *part_forms(host, forms).values()], entry.files, forms, templates_dir)
    items: list[BatchItem] = []
    several = len(reading.applications) > 1
    for application in reading.applications:
        label = f"{entry.label}（{application.form.name}）" if several else entry.label
        if application.imported is None:
            items.append(BatchItem(entry.origin, None, f"“{label}”未读取：{application.refused}", source=label,
                                   word=True))
            continue
        imported = application.imported
        judgement = judge(application.form, imported.data)
        item = BatchItem(entry.origin, imported.data, None, judgement.problems, _newest(application.files), None,
                         judgement.model, application.form.id, source=label, word=True,
                         resolution=judgement.resolution)
        _judge(host, item, forms, absent=lambda pointer, found=imported.found: not found(pointer))
        items.append(item)
    if not items:
        reasons = reading.notes or ["其中没有 Word 附件"]
        if len(reasons) == 1:
            return [BatchItem(entry.origin, None, reasons[0].rstrip("。"), source=entry.label, word=True)]
        return [BatchItem(entry.origin, None, f"“{entry.label}”中的 Word 文件都无法读取", source=entry.label,
                          word=True, notes=reasons)]
    items[0].notes = reading.notes
    return items


def _newest(paths: Iterable[Path]) -> str | None:
    """When the Word files were last saved (the newest), as a draft's 保存时间 is shown."""
    times = []
    for path in paths:
        try:
            times.append(path.stat().st_mtime)
        except OSError:
            continue
    return datetime.fromtimestamp(max(times)).astimezone().isoformat(timespec="seconds") if times else None


def columns_of(host: FormDefinition, form_id: str) -> Sequence[SummaryColumn]:
    """The 汇总表 columns an application of *form_id* is listed with in *host*'s 汇总表 (none without one)."""
    if host.summary is None:
        return ()
    part = host.summary.part(form_id) if form_id != host.id else None
    return part.columns if part is not None else host.summary.columns


def _judge(host: FormDefinition, item: BatchItem, forms: Mapping[str, FormDefinition],
           absent: Callable[[str], bool] | None = None) -> None:
    """The row, the identity and the 初审 of a read item; its model (and the data with its links resolved, which
    validation worked out for them) are let go once they are made."""
    form = forms[item.form_id] if item.form_id in forms else host
    columns = columns_of(host, form.id)
    model = item.model
    if host.summary is not None:
        item.cells = [str(column.value(model) or "") for column in columns]
    item.identity = identity(form, item.data, model, columns, item.resolution)
    item.screening = screen(form, item.data, item.problems, absent=absent, resolution=item.resolution)
    item.model = item.resolution = None


def _start_method() -> str:
    """How workers start: forked where that is safe — Linux, and a process with no other thread (the command
    line), so a worker has everything loaded at once — else spawned, importing the app afresh (the desktop
    app, whose Qt threads a fork would copy in any state; Windows; macOS, whose system libraries refuse it)."""
    alone = threading.current_thread() is threading.main_thread() and threading.active_count() == 1
    return "fork" if sys.platform.startswith("linux") and alone else "spawn"


def _workers(entries: Sequence[Entry], workers: int | None, method: str) -> int:
    """Worker processes to start besides this one: one per further core, once there is enough to share."""
    if workers is not None:
        return max(workers, 0)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    word = sum(entry.word for entry in entries)
    if cores < 2 or (word < POOL_FROM and len(entries) - word < POOL_FROM_FILES[method]):
        return 0
    return cores - 1


def read_received(form: FormDefinition, paths: Iterable[Path], *, forms: Mapping[str, FormDefinition],
                  recursive: bool = False, templates_dir: Path | None = None, known: set[str] | None = None,
                  progress: Callable[[int, int], None] | None = None, stopped: Callable[[], bool] | None = None,
                  workers: int | None = None, meanwhile: Callable[[], object] | None = None) -> Received:
    """Everything among *paths* (files, folders, zips) read as *form*'s applications (or those its 汇总表
    lists too), each judged; see the module's doc. *known*: keys of what was read before (left out, and
    the new ones added); *workers*: processes to start besides this one (default: by the work and cores);
    *meanwhile*: the caller's own next work (the 汇总表's libraries imported), done here once while the
    workers read — they read the more for it — or first, when nothing is shared."""
    progress = progress or (lambda _done, _total: None)
    stopped = stopped or (lambda: False)
    with gather(paths, recursive, known) as intake:
        entries = [e for e in intake.entries if isinstance(e, Entry)]
        results: dict[int, list[BatchItem]] = {}
        jobs = [Job(form.id, entry, forms, templates_dir) for entry in entries]
        method = _start_method()
        halted = _run(jobs, results, _workers(entries, workers, method), progress, stopped, method, meanwhile)
    if known is not None:  # what was not read (取消) is read when it is added again
        known.difference_update(entry.key for index, entry in enumerate(entries) if index not in results)
    received = Received(stopped=halted, entries=len(entries))
    done = 0
    for entry in intake.entries:
        if isinstance(entry, BatchItem):
            received.items.append(entry)
            continue
        if done in results:
            received.items += results[done]
        done += 1
    received.shared = settle(received.items)
    return received


def read_jobs(jobs: list[Job]) -> list[list[BatchItem]]:
    """What a worker process is handed: a few applications, read one after the other."""
    return [read_job(job) for job in jobs]


def _batch(waiting: deque[tuple[int, Job]]) -> list[tuple[int, Job]]:
    """The next applications for a worker: one Word folder, or a few drafts and JSON files (each is read in a
    few milliseconds, less than handing it over costs)."""
    batch = [waiting.popleft()]
    while not batch[0][1].entry.word and waiting and not waiting[0][1].entry.word and len(batch) < FILES_PER_BATCH:
        batch.append(waiting.popleft())
    return batch


def _run(jobs: list[Job], results: dict[int, list[BatchItem]], workers: int,
         progress: Callable[[int, int], None], stopped: Callable[[], bool], method: str = "spawn",
         meanwhile: Callable[[], object] | None = None) -> bool:
    """Read every job, here and in *workers* processes; True when stopped before the end.

    A pool that cannot start its workers or loses them (a frozen app without its start-up hook, a
    script without ``if __name__ == "__main__"``, a worker killed) is given up: what it held is read here."""
    total = len(jobs)
    waiting = deque(enumerate(jobs))
    running: dict[Future[list[list[BatchItem]]], list[int]] = {}
    if workers > 0 and total > 1 and method == "fork":
        # the first here, before the workers fork: they start with the checks' libraries loaded and the
        # models' lookups made, instead of each paying for them again
        index, job = waiting.popleft()
        results[index] = read_job(job)
        progress(len(results), total)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method)) \
        if workers > 0 and total > 1 else None
    if pool is None and meanwhile is not None:
        meanwhile()
        meanwhile = None
    try:
        while waiting or running:
            if stopped():
                return True
            if pool is not None:
                try:
                    while waiting and len(running) < AHEAD * workers:
                        batch = _batch(waiting)
                        try:
                            running[pool.submit(read_jobs, [job for _, job in batch])] = [i for i, _ in batch]
                        except BaseException:
                            waiting.extendleft(reversed(batch))
                            raise
                except BrokenProcessPool:
                    _given_up(pool, jobs, running, waiting)
                    pool = None
            if meanwhile is not None and (running or pool is None):  # the workers have theirs in hand (or are gone)
                meanwhile()
                meanwhile = None
            elif waiting:  # this process reads too, while the workers have theirs in hand
                index, job = waiting.popleft()
                results[index] = read_job(job)
            finished = [f for f in running if f.done()]
            if not finished and not waiting and running:
                finished = list(wait(running, timeout=0.2, return_when=FIRST_COMPLETED).done)
            for future in finished:
                indexes = running.pop(future, None)
                if indexes is None:  # the pool was given up meanwhile: its jobs are waiting again
                    continue
                try:
                    results.update(zip(indexes, future.result(), strict=True))
                except BrokenProcessPool:
                    waiting.extendleft((i, jobs[i]) for i in reversed(indexes))
                    if pool is not None:
                        _given_up(pool, jobs, running, waiting)
                        pool = None
                except Exception as exc:  # cannot happen (read_job never raises); told, never fatal
                    results.update((i, [_failed(jobs[i], exc)]) for i in indexes)
            progress(len(results), total)
        return False
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def _given_up(pool: ProcessPoolExecutor, jobs: list[Job], running: dict[Future[list[list[BatchItem]]], list[int]],
              waiting: deque[tuple[int, Job]]) -> None:
    """A broken pool let go: the jobs it held go back, first, to be read here."""
    for index in sorted((i for held in running.values() for i in held), reverse=True):
        waiting.appendleft((index, jobs[index]))
    running.clear()
    pool.shutdown(wait=False, cancel_futures=True)


def _failed(job: Job, exc: BaseException) -> BatchItem:
    entry = job.entry
    return BatchItem(entry.origin, None, f"读取“{entry.label}”时出错（{type(exc).__name__}），未读取",
                     source=entry.label, word=entry.word)


def _number(items: list[BatchItem]) -> None:
    """Each used application's 序号: its row in its form's sheet of the 汇总表 (and in the 初审)."""
    counts: dict[str | None, int] = {}
    for item in items:
        if not item.skipped:
            counts[item.form_id] = counts.get(item.form_id, 0) + 1
            item.number = counts[item.form_id]


def settle(items: list[BatchItem]) -> list[Duplicates]:
    """Number *items* (each form's on its own, as the 汇总表's sheets do) and name the applications of one
    form sharing a 统一社会信用代码, a 申报单位 or a name on each other; what they share, once each.

    ``read_received`` settles what it read; the 汇总表 page settles its whole list again when files are
    added or removed (a duplicate may arrive in the second folder added)."""
    _number(items)
    used = [item for item in items if not item.skipped]
    groups: dict[str | None, list[int]] = {}
    for index, item in enumerate(used):
        groups.setdefault(item.form_id, []).append(index)
    shared = duplicates([item.identity for item in used], groups.values())
    sharing: dict[int, list[Shared]] = {}  # each application's groups, in order: not every group asked of every one
    for found in shared:
        for index in dict.fromkeys(found.indexes):
            sharing.setdefault(index, []).append(found)
    for index, item in enumerate(used):
        by_other: dict[int, list[str]] = {}
        for found in sharing.get(index, ()):
            for other in found.indexes:
                if other != index:
                    by_other.setdefault(other, []).append(found.what)
        item.duplicates = [f"与第{used[other].number}份（{used[other].shown}）的{'、'.join(whats)}相同"
                           for other, whats in by_other.items()]
    return [Duplicates(s.what, s.value, [used[i] for i in s.indexes]) for s in shared]


@dataclass
class Duplicates:
    """Applications sharing something, as both front ends name them once: what, its value, who."""

    what: str
    value: str
    items: list[BatchItem]

    @property
    def text(self) -> str:
        who = "、".join(f"第{item.number}份（{item.shown}）" for item in self.items)
        return f"{who}的{self.what}相同：{self.value}"


def verdicts(items: Iterable[BatchItem]) -> str:
    """符合 5 份，待补充 1 份，不符合 1 份: the 初审 of *items* in one phrase (empty when none was judged)."""
    counts: dict[str, int] = {}
    for item in items:
        if not item.skipped and item.screening is not None:
            counts[item.screening.verdict] = counts.get(item.screening.verdict, 0) + 1
    return "，".join(f"{v} {counts[v]} 份" for v in (MEETS, INCOMPLETE, FAILS) if counts.get(v))
