"""An output folder is all old or all new, whenever the run writing it is killed (render.output_run).

Each test kills a real ``yn-forms fill`` with SIGKILL at a chosen rename into the folder, then lets
the next run in that folder do its clean-up, and looks at what the clerk would find.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from yn_forms.cli import main
from yn_forms.render.output_run import RunLock, sweep

posix_only = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and flock are POSIX")
ROOT = Path(__file__).resolve().parents[1]

# SIGKILL at the *n*-th rename into the folder *out* (``os.replace`` is looked up at each call: patched at any time)
KILL_HOOK = textwrap.dedent("""
    import os, signal
    from pathlib import Path
    def kill_at_rename(out, n):
        out, real, seen = Path(out).resolve(), os.replace, [0]
        def replace(src, dst):
            if Path(dst).resolve().parent == out:
                seen[0] += 1
                if seen[0] == n:
                    os.kill(os.getpid(), signal.SIGKILL)
            return real(src, dst)
        os.replace = replace
""")

KILL_AT_RENAME = KILL_HOOK + textwrap.dedent("""
    import sys
    kill_at_rename(sys.argv[1], int(sys.argv[2]))
    from yn_forms.cli import main
    sys.exit(main(sys.argv[3:]))
""")

# A process that has imported the app and filled once, then forks a run of ``yn-forms fill`` for each line it
# reads (the folder, the rename to be killed at, the arguments, the test's environment) and answers with the
# run's exit status: each run a process of its own, killed by the system as before, without an interpreter's
# start and the imports (two thirds of a fill's 0.7 s) paid again for each of the 19 kills.
FORKING = KILL_HOOK + textwrap.dedent("""
    import atexit, contextlib, io, json, sys, tempfile
    from yn_forms.cli import main
    with tempfile.TemporaryDirectory() as warm, contextlib.redirect_stdout(io.StringIO()):
        main(["fill", "innovation-centre", sys.argv[1], "-o", warm])
    print("ready", flush=True)
    for line in sys.stdin:
        out, n, argv, env = json.loads(line)
        pid = os.fork()
        if pid == 0:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
            os.environ.clear()
            os.environ.update(env)
            kill_at_rename(out, n)
            try:
                code = main(argv)
            except SystemExit as exc:
                code = exc.code
            sys.stdout.flush()
            atexit._run_exitfuncs()
            os._exit(code or 0)
        print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), flush=True)
""")


FAKE_SOFFICE = """#!{python}
import hashlib, pathlib, sys
args = sys.argv[1:]
outdir = pathlib.Path(args[args.index("--outdir") + 1])
for name in args[args.index("--outdir") + 2:]:
    source = pathlib.Path(name)
    (outdir / (source.stem + ".pdf")).write_bytes(b"%PDF-1.4 " + hashlib.sha256(source.read_bytes()).digest())
"""


class Forking:
    """The ``FORKING`` process: ``fill`` runs a ``yn-forms fill`` killed at a rename, and gives its exit status."""

    def __init__(self, example_json: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", FORKING, str(example_json)], text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert self.proc.stdout.readline() == "ready\n"

    def fill(self, out: Path, data: Path, kill_at: int, *extra: str) -> int:
        """The run in this test's environment (its user folders, its ``YN_FORMS_SOFFICE``)."""
        argv = ["fill", "innovation-centre", str(data), "-o", str(out), *extra]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc.stdin.write(json.dumps([str(out), kill_at, argv, env]) + "\n")
        self.proc.stdin.flush()
        return int(self.proc.stdout.readline())

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


@pytest.fixture(scope="module")
def forking(tmp_path_factory):
    from yn_forms.forms import get_form

    data = tmp_path_factory.mktemp("forking") / "example.json"
    data.write_text(json.dumps(get_form("innovation-centre").example(), ensure_ascii=False), encoding="utf-8")
    runs = Forking(data)
    yield runs
    runs.close()


def documents(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir()
            if p.suffix in (".docx", ".pdf") and not p.name.startswith(".")}


def ours(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith((".yn-out-", ".yn-old-", ".yn-pdf-",
                                                                      ".yn-journal-", ".yn-run-")))


@posix_only
@pytest.mark.slow
@pytest.mark.parametrize("pdf", [False, True], ids=["Word files", "Word files and PDFs"])
def test_a_fill_killed_at_each_rename_leaves_the_folder_all_old_or_all_new(capsys, tmp_path, example, write_json,
                                                                           monkeypatch, pdf, forking):
    fake = tmp_path / "soffice"
    fake.write_text(FAKE_SOFFICE.format(python=sys.executable), encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("YN_FORMS_SOFFICE", str(fake))
    extra = ["--pdf"] if pdf else []
    out = tmp_path / "out"
    assert main(["fill", "innovation-centre", str(write_json(example)), "-o", str(out), *extra]) == 0
    (out / "我的说明.txt").write_text("clerk's own", encoding="utf-8")
    old = documents(out)
    assert len(old) == (4 if pdf else 2)
    example["cover"]["centre_name"] = "云南省另一个制造业创新中心"
    newer = write_json(example, "new.json")
    # the Word files: 1 the journal put in place, 2 and 3 附件1 aside and in, 4 and 5 附件2 aside and in;
    # with --pdf, 6 and 7 the PDFs from LibreOffice's folder to their temporary names, then as the Word
    # files, 8 to 12; the one after: no kill, the run ends
    renames = 12 if pdf else 5
    states = []
    for kill_at in range(1, renames + 2):
        code = forking.fill(out, newer, kill_at, *extra)
        if kill_at <= renames:
            assert code == -signal.SIGKILL
            assert ours(out), "killed while moving: its files are there until the next run"
            assert sweep(out)  # what the next run in the folder does first
        else:
            assert code == 0
        now = documents(out)
        assert set(now) == set(old), f"a file is missing after a kill at rename {kill_at}"
        changed = {name for name in now if now[name] != old[name]}
        assert changed in (set(), set(old)), f"old and new mixed after a kill at rename {kill_at}: {changed}"
        for name in changed:
            if name.endswith(".docx"):
                with zipfile.ZipFile(out / name) as z:
                    assert z.testzip() is None
        assert ours(out) == []
        assert (out / "我的说明.txt").read_text(encoding="utf-8") == "clerk's own"
        states.append("new" if changed else "old")
        for name, data in old.items():  # back to the old set for the next kill
            (out / name).write_bytes(data)
    # a production killed before its end is undone whole: the Word files with their PDFs
    assert states == ["old"] * renames + ["new"]
    capsys.readouterr()


def filled_once(tmp_path, example, write_json):
    """The example filled into out/ (its documents returned), then renamed for the fill about to be killed."""
    out = tmp_path / "out"
    assert main(["fill", "innovation-centre", str(write_json(example)), "-o", str(out)]) == 0
    old = documents(out)
    example["cover"]["centre_name"] = "云南省另一个制造业创新中心"
    return out, old


@posix_only
def test_a_fill_killed_before_its_journal_leaves_the_old_files(tmp_path, example, write_json):
    out, old = filled_once(tmp_path, example, write_json)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = KILL_AT_RENAME.replace("from yn_forms.cli import main", "import yn_forms.render.output_run as run\n"
                                    "run.write_journal = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)\n"
                                    "from yn_forms.cli import main")
    proc = subprocess.run([sys.executable, "-c", script, str(out), "99", "fill", "innovation-centre",
                           str(write_json(example, "new.json")), "-o", str(out)], env=env, capture_output=True,
                          timeout=120, check=False)
    assert proc.returncode == -signal.SIGKILL
    assert any(name.startswith(".yn-out-") for name in ours(out))
    sweep(out)
    assert documents(out) == old and ours(out) == []


@posix_only
def test_the_next_run_removes_only_dead_runs_leftovers(capsys, tmp_path, example, write_json):
    out = tmp_path / "out"
    out.mkdir()
    dead = [out / ".yn-out-k3j_x9a.docx", out / ".yn-old-4242-0.docx", out / ".yn-out-0a1b2c3d4e5f-1.docx",
            out / ".yn-run-0a1b2c3d4e5f", out / ".yn-journal-77aa-part"]
    for path in dead:
        path.write_bytes(b"")
    dead[1].write_bytes(b"PK old")
    dead[3].write_bytes(b"4242\n")  # a lock its run had taken (it wrote its pid), no longer held
    os.chmod(dead[0], 0o600)
    os.chmod(dead[1], 0o400)
    (out / ".yn-pdf-abc123").mkdir()
    (out / ".yn-pdf-abc123" / "a.pdf").write_bytes(b"%PDF")
    dead.append(out / ".yn-pdf-abc123")
    mine = [out / ".yn-mine.txt", out / "yn-out-1.docx", out / "说明.docx"]
    for path in mine:
        path.write_bytes(b"the clerk's")
    # a live run of another process: its lock held, its half-written document
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sys, time
        from pathlib import Path
        from yn_forms.render.output_run import RunLock
        run = RunLock([Path(sys.argv[1])])
        run.name("out", Path(sys.argv[1]), ".docx").write_bytes(b"half")
        print(run.token, flush=True)
        time.sleep(60)
    """), str(out)], stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        token = holder.stdout.readline().strip()
        live = sorted(p.name for p in out.iterdir() if token in p.name)
        assert len(live) == 2
        assert main(["fill", "innovation-centre", str(write_json(example)), "-o", str(out)]) == 0
        assert not any(path.exists() for path in dead)
        assert all(path.read_bytes() == b"the clerk's" for path in mine)
        assert ours(out) == live
    finally:
        holder.kill()
        holder.wait()
    sweep(out)  # now dead
    assert ours(out) == []
    capsys.readouterr()


@posix_only
def test_a_lock_being_made_is_not_taken_for_a_dead_one(tmp_path):
    """Created but not yet locked (empty): a run starting at this instant, not a dead one."""
    (tmp_path / ".yn-run-feedface").write_bytes(b"")
    (tmp_path / ".yn-out-feedface-1.docx").write_bytes(b"")
    assert sweep(tmp_path) == []
    old = time.time() - 3600
    os.utime(tmp_path / ".yn-run-feedface", (old, old))
    assert len(sweep(tmp_path)) == 2


@posix_only
def test_a_run_in_this_process_is_never_swept(tmp_path):
    with RunLock([tmp_path]) as run:
        run.name("out", tmp_path, ".docx").write_bytes(b"")
        assert sweep(tmp_path) == []
    assert ours(tmp_path) == [".yn-out-" + run.token + "-1.docx"]
    assert len(sweep(tmp_path)) == 1


KILL_WHILE_PUTTING_BACK = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    out = Path(sys.argv[1]).resolve()
    real = os.replace
    def replace(src, dst):
        src, dst = Path(src), Path(dst)
        if dst.parent.resolve() == out and dst.name.startswith("附件2") and src.name.startswith(".yn-out-"):
            raise PermissionError(13, "The process cannot access the file")  # held open in Word
        if src.name.startswith(".yn-old-") and not dst.name.startswith(".yn-"):
            os.kill(os.getpid(), signal.SIGKILL)  # killed while putting the old 附件1 back
        return real(src, dst)
    os.replace = replace
    from yn_forms.cli import main
    sys.exit(main(sys.argv[2:]))
""")


@posix_only
def test_a_fill_killed_while_undoing_its_moves_leaves_the_old_files(tmp_path, example, write_json):
    out, old = filled_once(tmp_path, example, write_json)
    proc = subprocess.run([sys.executable, "-c", KILL_WHILE_PUTTING_BACK, str(out), "fill", "innovation-centre",
                           str(write_json(example, "new.json")), "-o", str(out)],
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, timeout=120, check=False)
    assert proc.returncode == -signal.SIGKILL
    assert any(name.endswith("-back") for name in ours(out))  # the journal turned back before undoing
    sweep(out)
    assert documents(out) == old and ours(out) == []


@posix_only
def test_a_dead_runs_moves_that_cannot_be_finished_stop_the_next_run(tmp_path, monkeypatch):
    """Its 附件1 held open in Word: writing now would let the dead run's file land later beside this run's."""
    import json

    from yn_forms.render.output import OutputError, write_all

    (tmp_path / "附件1.docx").write_bytes(b"old 1")
    (tmp_path / ".yn-out-dead01-1.docx").write_bytes(b"dead run's 1")
    move = {"folder": str(tmp_path), "temp": ".yn-out-dead01-1.docx", "dest": "附件1.docx",
            "backup": ".yn-old-dead01-2.docx", "existed": True}
    (tmp_path / ".yn-journal-dead01").write_text(json.dumps([move]), encoding="utf-8")
    real = os.replace

    def held(src, dst):
        if Path(src).name == "附件1.docx" or Path(dst).name == "附件1.docx":
            raise PermissionError(13, "The process cannot access the file")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", held)
    with pytest.raises(OutputError, match=r"上次生成在移入文件时被中断.*附件1"):
        write_all([(tmp_path / "附件2.docx", lambda temp: temp.write_bytes(b"new 2"))])
    assert not (tmp_path / "附件2.docx").exists()
    monkeypatch.setattr(os, "replace", real)
    write_all([(tmp_path / "附件2.docx", lambda temp: temp.write_bytes(b"new 2"))])
    assert (tmp_path / "附件1.docx").read_bytes() == b"dead run's 1" and ours(tmp_path) == []
