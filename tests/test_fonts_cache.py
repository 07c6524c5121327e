"""fontconfig's answers remembered between PDFs, and asked again when the fonts or their configuration change."""

from __future__ import annotations

import os
import subprocess

import pytest

from yn_forms.render import fonts
from yn_forms.render.fonts import Fontconfig
from yn_forms.render.fonts_cache import Answers, fingerprint

REQUESTED = {"仿宋": True, "Times New Roman": False}


@pytest.fixture
def system(tmp_path, monkeypatch):
    """A home of its own (its fonts, configuration and caches), and fc-match/fc-list that count their runs."""
    home = tmp_path / "home"
    for folder in (".local/share/fonts", ".config/fontconfig", ".cache"):
        (home / folder).mkdir(parents=True)
    for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "FONTCONFIG_FILE", "FONTCONFIG_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setattr(fonts.shutil, "which", lambda name: f"/usr/bin/{name}")
    runs: list[list[str]] = []

    def run(args: list[str]) -> str:
        runs.append(args)
        if args[0] == "fc-match":
            return "Noto Serif CJK SC\tzh-cn|en" if "仿宋" in args[-1] else "Liberation Serif\ten"
        return "DejaVu Sans\n"

    monkeypatch.setattr(fonts, "_run", run)
    return home, runs


def answers(home) -> Answers:
    return Answers(home / "answers.json")


def test_a_second_report_asks_fontconfig_nothing(system):
    home, runs = system
    first = Fontconfig(answers=answers(home)).report(REQUESTED)
    asked = len(runs)
    assert asked >= 3  # each font and each check box glyph
    second = Fontconfig(answers=answers(home)).report(REQUESTED)
    assert len(runs) == asked
    assert second == first
    assert second.summary() == "仿宋 将以 Noto Serif CJK SC 代替；Times New Roman 将以 Liberation Serif 代替"


@pytest.mark.parametrize("change", ["a font added", "a font folder added", "the configuration edited", "the locale"])
def test_a_change_of_the_fonts_or_their_configuration_asks_again(system, change, monkeypatch):
    home, runs = system
    Fontconfig(answers=answers(home)).report(REQUESTED)
    asked = len(runs)
    fonts_dir = home / ".local/share/fonts"
    if change == "a font added":
        os.utime(fonts_dir, ns=(1, 1))  # as a font file's arrival sets it, without waiting a clock tick
    elif change == "a font folder added":
        (fonts_dir / "simfang").mkdir()
    elif change == "the configuration edited":
        (home / ".config/fontconfig/fonts.conf").write_text("<fontconfig><dir>/opt/fonts</dir></fontconfig>")
    else:
        monkeypatch.setenv("LANG", "en_US.UTF-8" if os.environ.get("LANG") != "en_US.UTF-8" else "zh_CN.UTF-8")
    Fontconfig(answers=answers(home)).report(REQUESTED)
    assert len(runs) == 2 * asked


def test_a_failed_lookup_is_not_remembered(system, monkeypatch):
    home, _ = system

    def failing(args: list[str]) -> str:
        raise subprocess.CalledProcessError(1, args)

    monkeypatch.setattr(fonts, "_run", failing)
    assert not Fontconfig(answers=answers(home)).report(REQUESTED).checked
    assert not (home / "answers.json").exists()


def test_the_folders_a_configuration_names_are_part_of_the_fingerprint(tmp_path):
    fonts_dir, config = tmp_path / "fonts", tmp_path / "fonts.conf"
    (fonts_dir / "sub").mkdir(parents=True)
    config.write_text(f"<fontconfig><dir>{fonts_dir}</dir></fontconfig>")
    environ = {"HOME": str(tmp_path / "home"), "FONTCONFIG_FILE": str(config)}
    before = fingerprint(environ)
    assert before == fingerprint(environ)
    os.utime(fonts_dir / "sub", ns=(1, 1))
    assert fingerprint(environ) != before
