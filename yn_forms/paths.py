"""Where the shipped templates and resources live, in a checkout and in a bundle.

The templates sit at the top of the project (not inside the package) so that a
clerk or an administrator can find and replace them; a PyInstaller bundle puts
them beside the executable's data under ``sys._MEIPASS``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

APP_NAME = "yn-forms"


def project_root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def builtin_templates_dir() -> Path:
    return project_root() / "templates"


def resources_dir() -> Path:
    return project_root() / "resources"


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_cache_dir() -> Path:
    """What can be made again but is worth keeping between runs (LibreOffice profiles)."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def user_templates_dir() -> Path:
    return user_data_dir() / "templates"
