"""Validate a form's data: field checks, required fields, then the notice's rules.

The data stays a plain dict (what the user typed, unknown keys included); the
model is only used to judge it. When a value fails its own check it is blanked in
a working copy so that the rest of the form can still be checked and the rules
still run — a clerk sees every problem at once, not one per attempt. Places that
repeat a fact (``core.links``) are judged with the value they show.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError, create_model

from yn_forms.core.conditions import hidden_pointers, is_hidden
from yn_forms.core.datapath import KeyPath, get_in
from yn_forms.core.enclosures import blank_problems
from yn_forms.core.fields import field_meta, literal_options
from yn_forms.core.formcheck import FormContractError
from yn_forms.core.formdef import FormDefinition, is_list, model_of, node_at, walk_fields
from yn_forms.core.kinds import kind_of
from yn_forms.core.links import Resolution, links_of, resolve, settle
from yn_forms.core.problems import BLANK_RULE, Problem, list_index, pointer, pointer_parts, split_pointer
from yn_forms.core.text import CharacterIssue, character_issue, has_odd_characters
from yn_forms.core.wording import Lookup, describe

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
    "date_from_datetime_inexact": "请填写有效的日期（年、月、日），如 2019年5月6日",
    "date_future": "日期不能晚于今天",
    "date_parsing": "请填写有效的日期（年、月、日），如 2019年5月6日",
    "date_from_datetime_parsing": "请填写有效的日期（年、月、日），如 2019年5月6日",
    "date_type": "请填写有效的日期（年、月、日），如 2019年5月6日",
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


def _drop(data: Any, loc: KeyPath) -> bool:
    """Remove the value at *loc* from the working copy; False if nothing could be removed."""
    target = get_in(data, loc[:-1])
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


def _lenient(model: type[BaseModel], data: Any, loc: tuple[Any, ...] = ()) -> tuple[BaseModel, list[dict[str, Any]]]:
    """*model* of *data* with every invalid value blanked, and the pydantic errors of *data* (their
    locations prefixed with *loc*, where this part sits in the whole draft)."""
    if not isinstance(data, dict):
        return model(), [{"type": "dict_type" if not loc else "model_type", "loc": loc, "msg": "", "ctx": {}}]
    work: dict[str, Any] | None = None
    first_errors: list[dict[str, Any]] | None = None
    for _ in range(20):
        try:
            built = model.model_validate(work if work is not None else data)
            break
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            if first_errors is None:
                first_errors = errors
                work = copy.deepcopy(data)  # only a draft with problems pays for the copy
            removed = False
            # last locations first, so deleting a list item does not shift the others
            for error in sorted(errors, key=lambda e: [str(p).zfill(9) for p in e["loc"]], reverse=True):
                here = tuple(error["loc"])
                removed |= _drop(work, here) or (len(here) > 1 and _drop(work, here[:-1]))
            if not removed:
                built = model()
                break
    else:
        built = model()
    errors = [{**e, "loc": (*loc, *e["loc"])} for e in first_errors or ()]
    return built, errors


@dataclass
class Judgement:
    """What validating a draft found: the lenient model (what rules and documents read), the
    pydantic errors of the data, the problems to show, and the effective data (links resolved)."""

    model: BaseModel
    errors: list[dict[str, Any]]
    problems: list[Problem]
    resolution: Resolution


@dataclass
class _Part:
    """One part of the draft judged on its own: a section, or one item of a top-level list."""

    value: Any
    errors: list[dict[str, Any]]
    problems: list[Problem]


class Validator:
    """Validation of one draft, kept between keystrokes.

    A draft is judged part by part — each section, each member unit on its own — and the
    notice's rules then run over the whole. The wizard tells the validator which pointers
    changed (the document's events), so after a keystroke only the part typed into (and
    the places linked to it) is judged again: at 300 member units a keystroke costs one
    unit, not three hundred. ``validate`` uses a fresh validator, so the command line and
    the wizard judge alike.
    """

    def __init__(self, form: FormDefinition) -> None:
        self.form = form
        self._parts: dict[tuple[Any, ...], _Part] = {}
        self._items: dict[str, type[BaseModel]] = {}
        for name, info in form.model.model_fields.items():
            item = model_of(info.annotation)
            if item is not None and is_list(info.annotation):
                self._items[name] = item
        self._links = links_of(form)
        self._conditional = _conditional(form.model)

    def invalidate(self, pointers: Iterable[str] | None = None) -> None:
        """Forget what was judged at *pointers* (and what follows them); None forgets everything."""
        if pointers is None:
            self._parts.clear()
            return
        for changed in list(pointers):
            for place in (changed, *self._links.dependents(changed)):
                parts = split_pointer(place)
                if not parts:
                    self._parts.clear()
                    return
                name = parts[0]
                if name in self._items and len(parts) > 1 and (index := list_index(parts[1])) is not None:
                    self._parts.pop((name, index), None)
                else:
                    for key in [k for k in self._parts if k[0] == name]:
                        del self._parts[key]

    def run(self, data: Any) -> Judgement:
        form = self.form
        if not isinstance(data, dict):
            model, errors = _lenient(form.model, data)
            problems = [Problem("", "", "error", _message(errors[0]), "field.dict_type")]
            return Judgement(model, errors, problems, Resolution(data, {}, set()))
        resolution = resolve(form, data)
        effective = resolution.data
        values: dict[str, Any] = {}
        errors: list[dict[str, Any]] = []
        problems: list[Problem] = []
        for key in effective:
            if key not in form.model.model_fields:
                errors.append({"type": "extra_forbidden", "loc": (key,), "msg": "", "ctx": {}})
                problems.append(_unknown(key))
        for name, info in form.model.model_fields.items():
            raw = effective.get(name, _ABSENT)
            if name in self._items and isinstance(raw, list):
                values[name] = self._judge_list(name, info, raw, errors, problems)
                continue
            part = self._parts.get((name,))
            if part is None:
                part = self._parts[(name,)] = self._judge_section(name, raw)
            values[name] = part.value
            errors += part.errors
            problems += part.problems
        model = form.model.model_construct(**values)
        for rule in form.rules:
            for path, message in rule.run(model):
                node = node_at(form.model, path)
                if node is None:
                    raise FormContractError(f"form {form.id!r}, rule {rule.id} reported {path!r}, which is not a field")
                problems.append(Problem(path, title_at(form.model, _loc(path)), rule.severity, message, rule.id))
        problems += blank_problems(form, effective)  # the 证明材料 the notice asks for, still to attach
        if self._conditional:
            hidden = hidden_pointers(form.model, data)
            if hidden:  # a section of the other kind of application: kept, but not asked for
                problems = [p for p in problems if not is_hidden(p.path, hidden)]
        problems = settle(problems, resolution)
        problems.sort(key=lambda p: 0 if p.is_error else 1)
        return Judgement(model, errors, problems, resolution)

    def _judge_list(self, name: str, info: Any, raw: list[Any], errors: list[dict[str, Any]],
                    problems: list[Problem]) -> list[Any]:
        item_model = self._items[name]
        for stale in [k for k in self._parts if k[0] == name and len(k) == 2 and k[1] >= len(raw)]:
            del self._parts[stale]
        if field_meta(info).get("required") and not raw:
            problems.append(_required(self.form, (name,), info, lambda _loc: None))
        if raw and not any(k[0] == name and len(k) == 2 for k in self._parts):
            self._judge_all(name, item_model, raw)
        items = []
        for index, item in enumerate(raw):
            part = self._parts.get((name, index))
            if part is None:
                part = self._parts[(name, index)] = self._judge(item_model, item, (name, index))
            items.append(part.value)
            errors += part.errors
            problems += part.problems
        return items

    def _judge_all(self, name: str, item_model: type[BaseModel], raw: list[Any]) -> None:
        """Every item of a list judged at once (a draft just opened): one call into pydantic for
        the list, which costs a fraction of one call per item; items with errors are judged alone."""
        adapter = _list_adapter(item_model)
        try:
            built = adapter.validate_python(raw)
        except ValidationError:
            return
        for index, item in enumerate(built):
            self._parts[(name, index)] = self._checked(item, [], (name, index))

    def _judge_section(self, name: str, raw: Any) -> _Part:
        wrapper = _section_model(self.form.model, name)
        part = self._judge(wrapper, {} if raw is _ABSENT else {name: raw}, ())
        part.value = getattr(part.value, name)
        return part

    def _judge(self, model: type[BaseModel], raw: Any, loc: tuple[Any, ...]) -> _Part:
        built, errors = _lenient(model, raw, loc)
        return self._checked(built, errors, loc)

    def _checked(self, built: BaseModel, errors: list[dict[str, Any]], loc: tuple[Any, ...]) -> _Part:
        """The problems of a part: its pydantic *errors*, then required fields and unprintable text."""
        problems: list[Problem] = []
        lookup = _model_lookup(built, loc)
        bad: set[tuple[Any, ...]] = set()
        for error in errors:
            here = tuple(error["loc"])
            if error["type"] == "extra_forbidden":
                problems.append(_unknown(str(here[-1]), pointer(here)))
                continue
            bad.add(here)
            problems.append(Problem(pointer(here), title_at(self.form.model, here), "error", _message(error),
                                    f"field.{error['type']}"))
        blanks: list[tuple[tuple[Any, ...], Any]] = []
        texts: list[str] = []
        _scan(built, loc, bad, blanks, texts)
        if texts and has_odd_characters("\n".join(texts)):  # rare: tell each field in its place, as it is walked
            problems += self._field_problems(built, loc, bad, lookup)
        else:
            problems += [_required(self.form, here, info, lookup) for here, info in blanks]
        return _Part(built, errors, problems)

    def _field_problems(self, built: BaseModel, loc: tuple[Any, ...], bad: set[tuple[Any, ...]],
                        lookup: Lookup) -> list[Problem]:
        """Required fields left blank and text with odd characters, in the order of the fields."""
        problems: list[Problem] = []
        for here, info, meta, value, owner in _walk_values(built, loc):
            required = meta.get("required", False)
            if meta.get("other_of"):
                required = _other_ticked(owner, meta["other_of"])
            if meta.get("names_of"):  # the names come from a list asked for where it is filled (表3)
                required = False
            if required and _is_empty(value):
                if here not in bad:
                    problems.append(_required(self.form, here, info, lookup))
            elif here not in bad and (issue := _character_issue(value)) is not None:
                problems.append(Problem(pointer(here), info.title or str(here[-1]), issue.severity,
                                        issue.message, f"field.{issue.code}"))
        return problems


_ABSENT: Any = object()


@lru_cache(maxsize=256)
def _section_model(model: type[BaseModel], name: str) -> type[BaseModel]:
    """A model of one top-level field of *model* alone, built once: a section judged on its own."""
    info = model.model_fields[name]
    return create_model(f"_{name}", __config__=model.model_config,  # type: ignore[call-overload]
                        **{name: (info.annotation, info)})


@lru_cache(maxsize=64)
def _conditional(model: type[BaseModel]) -> bool:
    """Whether any field of *model* applies to one kind of application only (``shown_when``)."""
    return any(node.meta.get("shown_when") for node in walk_fields(model))


@lru_cache(maxsize=256)
def _list_adapter(item_model: type[BaseModel]) -> TypeAdapter[Any]:
    return TypeAdapter(list[item_model])  # type: ignore[valid-type]


def _unknown(key: str, path: str | None = None) -> Problem:
    return Problem(path if path is not None else pointer((key,)), key, "warning",
                   f"未识别的字段“{key}”：已原样保留在草稿中，但不会出现在生成的文档里", "field.unknown")


def _required(form: FormDefinition, loc: tuple[Any, ...], info: Any, lookup: Lookup) -> Problem:
    """请填写 / 请选择, naming the field as the form does (“请填写2023年销售收入”)."""
    verb = "请选择" if kind_of(info).chosen or literal_options(info.annotation) else "请填写"
    return Problem(pointer(loc), info.title or str(loc[-1]), "error", f"{verb}{describe(form.model, loc, lookup)}",
                   BLANK_RULE)


def _model_lookup(built: BaseModel, prefix: tuple[Any, ...]) -> Lookup:
    """Values of a part judged on its own (a member, a section), by their place in the whole draft."""

    def lookup(loc: tuple[Any, ...]) -> Any:
        if loc[: len(prefix)] != prefix:
            return None
        current: Any = built
        for part in loc[len(prefix):]:
            if isinstance(part, int):
                current = current[part] if isinstance(current, list) and 0 <= part < len(current) else None
            else:
                current = getattr(current, part, None) if isinstance(current, BaseModel) else None
            if current is None:
                return None
        return current

    return lookup


def lenient_model(form: FormDefinition, data: Any) -> tuple[BaseModel, list[dict[str, Any]]]:
    """The model of *data* (linked places resolved) with every invalid value blanked, and the
    pydantic errors of the data."""
    judgement = judge(form, data)
    return judgement.model, judgement.errors


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


@lru_cache(maxsize=512)
def _fields_of(model: type[BaseModel]) -> tuple[tuple[str, Any, dict[str, Any]], ...]:
    """(name, FieldInfo, metadata) of each field of *model*, worked out once per model class."""
    return tuple((name, info, field_meta(info)) for name, info in model.model_fields.items())


@lru_cache(maxsize=512)
def _needs(model: type[BaseModel]) -> tuple[tuple[str, Any, bool | str], ...]:
    """(name, FieldInfo, whether it must be filled) of each field of *model*: True, False, or the choice field
    whose 其他 asks for it (``other_of``). Names that come from a list filled elsewhere (``names_of``) never."""
    needs = []
    for name, info, meta in _fields_of(model):
        need = False if meta.get("names_of") else meta["other_of"] if meta.get("other_of") else \
            bool(meta.get("required", False))
        needs.append((name, info, need))
    return tuple(needs)


def _scan(model: BaseModel, path: tuple[Any, ...], bad: set[tuple[Any, ...]],
          blanks: list[tuple[tuple[Any, ...], Any]], texts: list[str]) -> None:
    """The fields of *model* that must be filled and are blank (not among the *bad* values pydantic refused),
    and every text it holds — judged for odd characters in one search, not one per field: a part is walked
    once, and only the path of a blank field is built."""
    for name, info, need in _needs(type(model)):
        value = getattr(model, name)
        if isinstance(value, str):
            if value.strip() or not need or (need is not True and not _other_ticked(model, need)):
                texts.append(value)
                continue
        elif isinstance(value, list):
            if value:
                for i, item in enumerate(value):
                    if isinstance(item, str):
                        texts.append(item)
                    elif isinstance(item, BaseModel):
                        _scan(item, (*path, name, i), bad, blanks, texts)
                continue
            if not need or (need is not True and not _other_ticked(model, need)):
                continue
        elif isinstance(value, BaseModel):
            _scan(value, (*path, name), bad, blanks, texts)
            continue
        elif value is not None or not need or (need is not True and not _other_ticked(model, need)):
            continue  # a number, a date, a choice of yes or no: never blank, no text
        here = (*path, name)  # blank, and it must be filled
        if here not in bad:
            blanks.append((here, info))


def _walk_values(model: BaseModel, path: tuple[Any, ...] = ()
                 ) -> Iterator[tuple[tuple[Any, ...], Any, dict[str, Any], Any, BaseModel]]:
    """(path, FieldInfo, its metadata, value, owner) for every field of a model instance, depth first."""
    for name, info, meta in _fields_of(type(model)):
        value = getattr(model, name)
        here = (*path, name)
        yield here, info, meta, value, model
        if isinstance(value, BaseModel):
            yield from _walk_values(value, here)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _walk_values(item, (*here, i))


def _character_issue(value: Any) -> CharacterIssue | None:
    """Odd characters in a text or a list of texts (options, names): ``core.text`` judges them."""
    if isinstance(value, str):
        return character_issue(value)
    if isinstance(value, list):
        return character_issue("\n".join(v for v in value if isinstance(v, str)))
    return None


def _other_ticked(owner: BaseModel, choice_field: str) -> bool:
    chosen = getattr(owner, choice_field, None)
    values = chosen if isinstance(chosen, list) else [chosen]
    return any(v in OTHER_OPTIONS for v in values)


def judge(form: FormDefinition, data: Any) -> Judgement:
    """Everything validation finds in *data* for *form*, judged afresh."""
    return Validator(form).run(data)


def validate(form: FormDefinition, data: Any) -> list[Problem]:
    """All problems of *data* for *form*: errors first in printed order, then warnings."""
    return judge(form, data).problems


def validate_with_model(form: FormDefinition, data: Any) -> tuple[BaseModel, list[Problem]]:
    """``validate``, and the lenient model it judged: the 汇总表 prints its row from that model,
    so a summary of many applications builds each model once rather than twice."""
    judgement = judge(form, data)
    return judgement.model, judgement.problems


def _loc(path: str) -> tuple[Any, ...]:
    return pointer_parts(path)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)
