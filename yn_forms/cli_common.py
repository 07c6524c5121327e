"""What every command shares: the exit codes, the refusal a command raises, the form and data it was
given, and writing to a console that may not carry every character."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_ERRORS, EXIT_BAD_INPUT, EXIT_OUTPUT = 0, 1, 2, 3


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.code = code


def form_named(form_id: str):
    from yn_forms.forms import FORMS, UnknownForm, get_form

    try:
        return get_form(form_id)
    except UnknownForm:
        raise CliError(f"没有表单“{form_id}”。可用的表单：{'、'.join(FORMS)}") from None


def load_data(form, path: str, command: str) -> dict[str, Any]:
    from yn_forms.core.draft import DraftError, load_for_form
    from yn_forms.core.recognise import fits, recognise
    from yn_forms.forms import FORMS

    try:
        loaded = load_for_form(Path(path), form)
    except DraftError as exc:
        raise CliError(str(exc)) from None
    if loaded.migrated_from is not None:
        err(f"提示：{path} 的数据已从版本 {loaded.migrated_from} 升级到 {loaded.schema_version}")
    if loaded.form_id is None and loaded.data and not fits(form, loaded.data):
        other = recognise(loaded.data, FORMS)  # another form's bare JSON: named, not judged as empty
        if other is not None and other.id != form.id:
            raise CliError(f"{path} 是“{other.name}”的申报数据，不是“{form.name}”的。"
                           f"请改用表单 {other.id}，如：yn-forms {command} {other.id} {path}"
                           + (" …" if command != "validate" else ""))
    return loaded.data


def write_text(stream, text: str) -> None:
    """Write *text* whatever the stream's encoding: a character it cannot carry — a lone surrogate
    from a damaged file, a file name that is not UTF-8, an emoji on a GBK console — is written as
    its escape (``\\ud800``), never a UnicodeEncodeError halfway through the output."""
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))


def out(text: str) -> None:
    write_text(sys.stdout, text + "\n")


def err(text: str) -> None:
    write_text(sys.stderr, text + "\n")


def print_problems(problems, stream=None) -> None:
    stream = stream or sys.stdout
    for p in problems:
        label = "错误" if p.is_error else "警告"
        write_text(stream, f"{label}\t{p.path or '/'}\t{p.title}：{p.message}\n")
    errors = sum(p.is_error for p in problems)
    write_text(stream, f"共 {errors} 个错误，{len(problems) - errors} 个警告\n")
