"""Compiled templates kept between runs (``render.compiled``): a kept part prints what a fresh compile
prints, and nothing kept that is damaged, stale or written by someone else is ever run."""

from __future__ import annotations

import hashlib
import hmac
import marshal
import sys
from pathlib import Path

import jinja2
import pytest

from yn_forms.render import kept
from yn_forms.render.docx import _literal
from yn_forms.render.sandbox import FormSandbox

SOURCE = "<w:t>{{ name }}：{% for m in members %}{{ m }}、{% endfor %}</w:t>"
CONTEXT = {"name": "创新中心", "members": ["甲", "乙"]}
PRINTED = "<w:t>创新中心：甲、乙、</w:t>"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _render(source: str = SOURCE) -> str:
    return FormSandbox(autoescape=True, finalize=_literal).from_string(source).render(CONTEXT)


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.kept"))


def _no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args, **_kwargs):
        raise AssertionError("compiled again")
    monkeypatch.setattr(jinja2.Environment, "compile", refuse)


def test_a_part_compiled_once_prints_the_same_from_the_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _render() == PRINTED
    assert len(_entries(cache)) == 1
    _no_compiling(monkeypatch)  # a new environment, as in the next run: the kept code is used
    assert _render() == PRINTED


def test_a_changed_template_is_compiled_afresh(cache: Path) -> None:
    assert _render() == PRINTED
    assert _render(SOURCE.replace("：", "——")) == "<w:t>创新中心——甲、乙、</w:t>"
    assert len(_entries(cache)) == 2


def _evil_code() -> bytes:
    env = FormSandbox(autoescape=True, finalize=_literal)
    return marshal.dumps(jinja2.Environment.compile(env, "<w:t>HACKED</w:t>"))


@pytest.mark.parametrize("damage", ["truncated", "garbage", "unsigned", "other secret", "empty"])
def test_a_damaged_or_foreign_entry_is_ignored_and_written_again(cache: Path, damage: str) -> None:
    assert _render() == PRINTED
    [entry] = _entries(cache)
    good = entry.read_bytes()
    key = bytes.fromhex(entry.stem)
    evil = _evil_code()
    entry.write_bytes({
        "truncated": good[:len(good) // 2],
        "garbage": good[:32] + b"\x00\xff" * 100,
        "unsigned": b"\x00" * 32 + evil,
        "other secret": hmac.new(b"x" * 32, key + evil, hashlib.sha256).digest() + evil,
        "empty": b"",
    }[damage])
    assert _render() == PRINTED  # never the planted code
    assert entry.read_bytes() == good  # and the entry is whole again


@pytest.mark.skipif(sys.platform == "win32", reason="Windows keeps the user profile private by its ACLs")
def test_the_secret_is_the_users_alone(cache: Path) -> None:
    _render()
    secret = next(Path(kept.user_data_dir()).glob(kept.SECRET_FILE))
    assert secret.stat().st_mode & 0o077 == 0


def test_an_unwritable_cache_still_renders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert _render() == PRINTED
