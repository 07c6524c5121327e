"""The app's colours, in one place: an error is the same red, a warning the same amber, on every page."""

from __future__ import annotations

from collections.abc import Iterable

from yn_forms.core.problems import Problem

ERROR = "#c62828"  # 错误: what stops the application
WARNING = "#a15c00"  # 警告 / 请核对: advice (dark enough to read on white: contrast 5.6:1)
TODO = "#1565c0"  # 待填写: fields still to fill in a section already begun
OK = "#2e7d32"  # 已完成, 符合, 已保存
MUTED = "#6b6b6b"  # 未开始, hints, a following value, skipped files
ERROR_BACKGROUND = "#fde2e2"  # a table cell with an error
WARNING_BACKGROUND = "#fff4d6"
NEW_BACKGROUND = "#e8f5e9"  # a value a reply or an import brings


def colour_style(colour: str, bold: bool = False) -> str:
    """A style sheet fragment for text in *colour*."""
    return f"color: {colour};" + (" font-weight: bold;" if bold else "")


def problem_colour(error: bool) -> str:
    return ERROR if error else WARNING


def problems_colour(problems: Iterable[Problem]) -> str:
    """Red for what is wrong, amber for advice, blue when all that is left is to fill the field in."""
    meant = [p for p in problems if not p.is_blank]
    if not meant:
        return TODO
    return problem_colour(any(p.is_error for p in meant))


#: the red * of a required field, kept on the line of the label's last character (never alone below it)
REQUIRED_MARK = f"<span style='color:{ERROR}'>&nbsp;*</span>"
