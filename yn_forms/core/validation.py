"""Validate a form's data: field checks, required fields, then the notice's rules.

The data stays a plain dict (what the user typed, unknown keys included); the
model is only used to judge it. When a value fails its own check it is blanked in
a working copy so that the rest of the form can still be checked and the rules
still run — a clerk sees every problem at once, not one per attempt.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from yn_forms.core.conditions import hidden_pointers, is_hidden
from yn_forms.core.fields import field_meta
from yn_forms.core.formdef import FormDefinition, model_of
from yn_forms.core.problems import Problem, pointer
from yn_forms.core.text import has_unprintable

OTHER_OPTIONS = ("其他", "其它")

_MESSAGES: dict[str, str] = {
    "int_parsing": "应填写整数",
    "int_type": "应填写整数",
    "int_from_float": "应填写整数",
    "decimal_parsing": "应填写数字",
    "decimal_type": "应填写数字",
    "decimal_max_places": "最多保留{decimal_places}位小数",
    "decimal_max_digits": "数值过大",
    "decimal_whole_digits": "数值过大",
    "greater_than_equal": "不能小于{ge}",
    "greater_than": "应大于{gt}",
    "less_than_equal": "不能大于{le}",
    "less_than": "应小于{lt}",
    "string_type": "应填写文字",
    "list_type": "应为列表",
    "model_type": "数据结构不正确",
    "dict_type": "数据结构不正确",
    "model_attributes_type": "数据结构不正确",
    "literal_error": "请从以下选项中选择：{expected}",
    "enum": "请从以下选项中选择：{expected}",
    "finite_number": "应填写有效的数字",
    "date_from_datetime_inexact": "日期格式应为 YYYY-MM-DD，如 2019-05-06",
    "date_future": "日期不能晚于今天",
    "date_parsing": "日期格式应为 YYYY-MM-DD，如 2019-05-06",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD，如 2019-05-06",
    "date_type": "日期格式应为 YYYY-MM-DD，如 2019-05-06",
    "too_short": "至少应有{min_length}项",
    "too_long": "最多{max_length}项",
    "bool_type": "应为“是”或“否”",
    "bool_parsing": "应为“是”或“否”",
}


def _message(error: dict[str, Any]) -> str:
    if error["type"] in _MESSAGES:
        ctx = {k: _plain(v) for k, v in (error.get("ctx") or {}).items()}
        try:
            return _MESSAGES[error["type"]].format(**ctx)
        except (KeyError, IndexError):
            return _MESSAGES[error["type"]].split("{")[0].rstrip("：")
    if error["type"] in ("missing",):
        return "请填写此项"
    # custom errors from our own checks already carry a Chinese message
    msg = str(error.get("msg", ""))
    if any("\u4e00" <= ch <= "\u9fff" for ch in msg):
        return msg
    return f"填写内容不符合要求（{error['type']}）"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, str) and value.startswith("'"):
        # pydantic lists options in English ("'a', 'b' or 'c'"); list them the Chinese way
        return "、".join(re.findall(r"'([^']*)'", value))
    return value


def title_at(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """The official label of the field at *loc* (list indexes skipped)."""
    title = ""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(str(part))
        if info is None:
            return str(part)
        title = info.title or str(part)
        current = model_of(info.annotation)
    return title


def context_label(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """Where a field sits, as the clerk reads it: “3、成员单位基本信息表（第2项）·单位名称”.

    The section title is left out for plain sections (the wizard page says it);
    list items say which one.
    """
    parts: list[str] = []
    current: type[BaseModel] | None = model
    for i, part in enumerate(loc):
        if isinstance(part, int):
            if parts:
                parts[-1] += f"（第{part + 1}项）"
            continue
        if current is None:
            break
        info = current.model_fields.get(str(part))
        if info is None:
            break
        nxt = loc[i + 1] if i + 1 < len(loc) else None
        is_last = i == len(loc) - 1
        if is_last or isinstance(nxt, int) or (i > 0 and model_of(info.annotation) is not None):
            parts.append(info.title or str(part))
        current = model_of(info.annotation)
    return "·".join(parts)


def _drop(data: Any, loc: tuple[Any, ...]) -> bool:
    """Remove the value at *loc* from the working copy; False if nothing could be removed."""
    target = data
    for part in loc[:-1]:
        try:
            target = target[part]
        except (KeyError, IndexError, TypeError):
            return False
    try:
        if isinstance(target, dict) and loc and loc[-1] in target:
            del target[loc[-1]]
            return True
        if isinstance(target, list) and loc and isinstance(loc[-1], int):
            # keep the indexes (rule paths must still point at the item the user sees):
            # try an empty model, then empty text, before giving the item up
            index = loc[-1]
            current = target[index]
            if current != {} and current != "":
                target[index] = {} if not isinstance(current, str) else ""
            elif current == {}:
                target[index] = ""
            else:
                del target[index]
            return True
    except (KeyError, IndexError, TypeError):
        return False
    return False


def lenient_model(form: FormDefinition, data: Any) -> tuple[BaseModel, list[dict[str, Any]]]:
    """The model with every invalid value blanked, and the pydantic errors of the original data."""
    if not isinstance(data, dict):
        return form.model(), [{"type": "dict_type", "loc": (), "msg": "", "ctx": {}}]
    work = copy.deepcopy(data)
    first_errors: list[dict[str, Any]] | None = None
    for _ in range(20):
        try:
            model = form.model.model_validate(work)
            return model, first_errors or []
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            if first_errors is None:
                first_errors = errors
            removed = False
            # last locations first, so deleting a list item does not shift the others
            for error in sorted(errors, key=lambda e: [str(p).zfill(9) for p in e["loc"]],
                                reverse=True):
                loc = tuple(error["loc"])
                removed |= _drop(work, loc) or (len(loc) > 1 and _drop(work, loc[:-1]))
            if not removed:
                break
    return form.model(), first_errors or []


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _walk_values(model: BaseModel, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any, Any, BaseModel]]:
    """(path, FieldInfo, value, owner) for every field of a model instance, depth first."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        here = (*path, name)
        yield here, info, value, model
        if isinstance(value, BaseModel):
            yield from _walk_values(value, here)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _walk_values(item, (*here, i))


def _other_ticked(owner: BaseModel, choice_field: str) -> bool:
    chosen = getattr(owner, choice_field, None)
    values = chosen if isinstance(chosen, list) else [chosen]
    return any(v in OTHER_OPTIONS for v in values)


def validate(form: FormDefinition, data: Any) -> list[Problem]:
    """All problems of *data* for *form*: errors first in printed order, then warnings."""
    return validate_with_model(form, data)[1]


def validate_with_model(form: FormDefinition, data: Any) -> tuple[BaseModel, list[Problem]]:
    """``validate``, and the lenient model it judged: the 汇总表 prints its row from that model,
    so a summary of many applications builds each model once rather than twice."""
    model, errors = lenient_model(form, data)
    problems: list[Problem] = []
    bad_paths: set[str] = set()
    for error in errors:
        loc = tuple(error["loc"])
        path = pointer(loc)
        if error["type"] == "extra_forbidden":
            problems.append(Problem(path, str(loc[-1]), "warning",
                                    f"未识别的字段“{loc[-1]}”：已原样保留在草稿中，但不会出现在生成的文档里",
                                    "field.unknown"))
            continue
        bad_paths.add(path)
        problems.append(Problem(path, title_at(form.model, loc), "error", _message(error),
                                f"field.{error['type']}"))

    for loc, info, value, owner in _walk_values(model):
        path = pointer(loc)
        if path in bad_paths:
            continue
        meta = field_meta(info)
        title = info.title or str(loc[-1])
        required = meta.get("required", False)
        if meta.get("other_of"):
            required = _other_ticked(owner, meta["other_of"])
        if required and _is_empty(value):
            label = context_label(form.model, loc)
            problems.append(Problem(path, title, "error", f"请填写“{label}”", "field.required"))
        elif isinstance(value, str) and has_unprintable(value):
            problems.append(Problem(path, title, "warning",
                                    "含有不可打印的控制字符，生成文档时将被删除", "field.control_chars"))
        elif isinstance(value, list) and any(isinstance(v, str) and has_unprintable(v) for v in value):
            problems.append(Problem(path, title, "warning",
                                    "含有不可打印的控制字符，生成文档时将被删除", "field.control_chars"))

    for rule in form.rules:
        for path, message in rule.run(model):
            problems.append(Problem(path, title_at(form.model, _loc(path)), rule.severity,
                                    message, rule.id))
    hidden = hidden_pointers(form.model, data) if isinstance(data, dict) else []
    if hidden:  # a section of the other kind of application: kept, but not asked for
        problems = [p for p in problems if not is_hidden(p.path, hidden)]
    problems.sort(key=lambda p: 0 if p.is_error else 1)
    return model, problems


def _loc(path: str) -> tuple[Any, ...]:
    parts: list[Any] = []
    for p in path.lstrip("/").split("/") if path else []:
        parts.append(int(p) if p.isdigit() else p)
    return tuple(parts)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)
