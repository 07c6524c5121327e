"""The command line's parser, speaking Chinese: usage, help and every usage error.

argparse words its messages in English (“usage:”, “unrecognized arguments”, “invalid
choice”); a clerk reading them at a command prompt is no better off than with none.
This parser keeps argparse's parsing and rewrites what it says: the usage line and the
section titles, and each error, followed by the usage of the command that was typed.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

#: argparse's error messages (Python 3.10–3.13) and how they read in Chinese
ERRORS: tuple[tuple[str, str], ...] = (
    (r"^unrecognized arguments: (.*)$", r"无法识别的参数：\1"),
    (r"^the following arguments are required: (.*)$", r"缺少必需的参数：\1"),
    (r"^argument (\S+): invalid choice: '?(.*?)'? \(choose from (.*)\)$", r"参数 \1：没有“\2”，可选：\3"),
    (r"^argument (\S+): invalid (\w+) value: '?(.*?)'?$", r"参数 \1：“\3”不是有效的值"),
    (r"^argument (\S+): expected one argument$", r"参数 \1 后面需要一个值"),
    (r"^argument (\S+): expected at least one argument$", r"参数 \1 后面至少需要一个值"),
    (r"^argument (\S+): expected (\d+) arguments?$", r"参数 \1 后面需要 \2 个值"),
    (r"^argument (\S+): ignored explicit argument '?(.*?)'?$", r"参数 \1 不接受值“\2”"),
    (r"^argument (\S+): not allowed with argument (\S+)$", r"参数 \1 不能与 \2 同时使用"),
    (r"^ambiguous option: (\S+) could match (.*)$", r"参数 \1 不明确，可能是：\2"),
    (r"^one of the arguments (.*) is required$", r"需要以下参数之一：\1"),
    (r"^argument (\S+): (.*)$", r"参数 \1：\2"),
)


def chinese_error(message: str) -> str:
    for pattern, replacement in ERRORS:
        translated, count = re.subn(pattern, replacement, message)
        if count:
            # argparse lists choices the Python way ('gui', 'list'); a list in Chinese reads gui、list
            return re.sub(r"'([^']*)'(, )?", lambda m: m.group(1) + ("、" if m.group(2) else ""), translated)
    return message


class ChineseParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose usage, help and errors are Chinese; subcommands inherit it."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示帮助并退出")

    def format_usage(self) -> str:
        return _chinese_usage(super().format_usage())

    def format_help(self) -> str:
        return _chinese_usage(super().format_help())

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(self.format_usage())
        sys.stderr.write(f"错误：{chinese_error(message)}\n")
        raise SystemExit(2)


def _chinese_usage(text: str) -> str:
    text = re.sub(r"^usage: ", "用法：", text)
    return re.sub(r"^(参数|选项|命令):$", r"\1：", text, flags=re.MULTILINE)
