"""Document forms: ``forms/<code>.toml`` files (data, not code; see forms/README.md).

The built-in forms ship with the program; a station's own ``forms/`` folder overrides one
by using the same file name or adds a new code.  A form file that cannot be used is
reported (:class:`FormProblem`) and the built-in form of that code stays in use, so a
locality's typo never stops a station from issuing documents.

Templates run in Jinja2's sandbox with undefined names as errors: a form may read the data
it is given and nothing else.
"""

from __future__ import annotations

import contextvars
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from desktop import resources
from desktop.domain.errors import NotFoundError, ValidationError
from desktop.domain.vocab import FLAGS, SOURCES

SIGNER_KINDS: dict[str, str] = {
    "parties": "各方当事人", "applicants": "申请人", "respondents": "被申请人",
    "mediator": "调解员", "recorder": "记录人", "recipient": "受送达人",
    "servers": "送达人", "visitor": "回访人", "assessor": "评估人",
}
KINDS = ("mediation", "negotiation")
DATE_STYLES = ("chinese", "arabic")
_CODE = re.compile(r"[a-z][a-z0-9_]{1,40}")
_KEYS = {"code", "title", "series", "kinds", "states", "sources", "exclude_sources",
         "events_any", "allowed_or_recorded", "flags_any", "signers", "seal", "copies",
         "date_style", "captured_note", "required", "body", "order", "description"}
MAX_FORM_BYTES = 256 * 1024


@dataclass(frozen=True)
class Required:
    """A field the form cannot be issued without: a context path and what people call it."""

    field: str
    label: str


@dataclass(frozen=True)
class Form:
    """One document form, checked and compiled."""

    code: str
    title: str
    series: str
    body: str
    path: Path
    builtin: bool
    kinds: tuple[str, ...] = KINDS
    states: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    exclude_sources: tuple[str, ...] = ()
    events_any: tuple[str, ...] = ()
    allowed_or_recorded: str | None = None
    flags_any: tuple[str, ...] = ()
    signers: tuple[str, ...] = ()
    seal: bool = True
    copies: int = 1
    date_style: str = "chinese"
    captured_note: bool = True
    required: tuple[Required, ...] = ()
    order: int = 100
    description: str = ""
    template: jinja2.Template | None = field(default=None, compare=False, repr=False)

    def fill(self, context: Mapping[str, Any]) -> str:
        """The body filled with ``context`` (text in the block markup of forms/README.md).

        Raises:
            ValidationError: the template names something the data does not have.
        """
        assert self.template is not None
        token = _budget.set([MAX_LOOP_STEPS])
        try:
            out: list[str] = []
            size = 0
            for chunk in self.template.generate(context):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise SecurityError("output too long")
                out.append(chunk)
            return "".join(out)
        except jinja2.UndefinedError as exc:
            raise ValidationError(f"文书样式“{self.title}”引用了不存在的内容：{exc.message}",
                                  f"form {self.code} names missing data: {exc.message}",
                                  str(self.path)) from exc
        except Exception as exc:  # SecurityError, OverflowError, MemoryError, RecursionError…
            reason = str(exc)[:200] or type(exc).__name__
            raise ValidationError(f"文书样式“{self.title}”无法填写：{reason}",
                                  f"form {self.code} cannot be filled: {reason}",
                                  str(self.path)) from exc
        finally:
            _budget.reset(token)


@dataclass(frozen=True)
class FormProblem:
    """A form file that was not used, and why (the built-in form, if any, is used)."""

    path: Path
    zh: str
    en: str

    def line(self) -> str:
        return f"{self.path}: {self.zh} / {self.en}"


@dataclass(frozen=True)
class Catalogue:
    """The forms in force: built-in ones with the station's overrides, and the problems."""

    forms: dict[str, Form]
    problems: tuple[FormProblem, ...] = ()

    def get(self, code: str) -> Form:
        form = self.forms.get(code)
        if form is None:
            known = "、".join(sorted(self.forms))
            raise NotFoundError(f"没有名为“{code}”的文书样式（可用：{known}）",
                                f"no form named {code!r} (known: {', '.join(sorted(self.forms))})"
                                [:200], "form")
        return form


# --- the sandbox ------------------------------------------------------------------------

_ENVIRONMENTS: dict[tuple[tuple[str, Any], ...], ImmutableSandboxedEnvironment] = {}

# What one filling may cost: a form is data from a locality, and a loop or a product that
# never ends would stop every document of the station.
MAX_RANGE = 1_000  # items of one range()
MAX_LOOP_STEPS = 20_000  # range() items over one filling
MAX_PRODUCT = 100_000  # length of a repeated string or list ("x" * n)
MAX_OUTPUT = 2_000_000  # characters of filled text
_budget: contextvars.ContextVar[list[int]] = contextvars.ContextVar("form_budget")


def _limited_range(*args: int) -> range:
    steps = range(*args)
    left = _budget.get(None)
    if len(steps) > MAX_RANGE or (left is not None and left[0] < len(steps)):
        raise SecurityError(f"range() too long (at most {MAX_RANGE} items, "
                            f"{MAX_LOOP_STEPS} in all)")
    if left is not None:
        left[0] -= len(steps)
    return steps


class FormSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox with bounded ``range``, ``*`` and ``**``."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, int) and abs(right) > 64:
                raise SecurityError("exponent too large")
            return left ** right
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(times, int) \
                    and len(seq) * times > MAX_PRODUCT:
                raise SecurityError("repeated text too long")
        return left * right


# Filled-in values are bracketed by these, and a line break inside a value is DATA_NL, so
# a value never spans lines of the markup (the core never stores control characters).
DATA_START, DATA_END, DATA_NL = "\x01", "\x02", "\x03"


def _escape_value(value: Any) -> str:
    """Every filled-in value is marked as data: the block reader never takes a line that
    came from the case (a summary starting with ``#`` or ``::``) for markup."""
    text = "" if value is None else str(value)
    for mark in (DATA_START, DATA_END, DATA_NL, "\r"):
        text = text.replace(mark, "")
    return DATA_START + text.replace("\n", DATA_NL) + DATA_END


def environment(filters: Mapping[str, Any]) -> ImmutableSandboxedEnvironment:
    """The sandboxed environment forms are compiled in (one per filter set)."""
    key = tuple(sorted((k, id(v)) for k, v in filters.items()))
    env = _ENVIRONMENTS.get(key)
    if env is None:
        env = FormSandbox(
            undefined=jinja2.StrictUndefined, autoescape=False, finalize=_escape_value,
            keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
        env.filters.update(filters)
        env.globals["range"] = _limited_range
        _ENVIRONMENTS[key] = env
    return env


# --- loading ------------------------------------------------------------------------------


def load_catalogue(station_forms: Path | None, filters: Mapping[str, Any]) -> Catalogue:
    """The built-in forms, then the station's own folder over them.

    Never raises for a bad file: it is named in ``problems`` and skipped.
    """
    forms: dict[str, Form] = {}
    problems: list[FormProblem] = []
    builtin_dir = resources.form()
    for path in sorted(builtin_dir.glob("*.toml")):
        form = _load_one(path, builtin=True, filters=filters, problems=problems)
        if form is not None:
            forms[form.code] = form
    if station_forms is not None and station_forms.is_dir():
        try:
            local = sorted(station_forms.glob("*.toml"))
        except OSError as exc:
            problems.append(FormProblem(
                station_forms, f"无法读取本站文书样式文件夹：{exc.strerror}",
                f"cannot list the station's forms: {exc.strerror}"))
            local = []
        for path in local:
            form = _load_one(path, builtin=False, filters=filters, problems=problems)
            if form is not None:
                forms[form.code] = form
    return Catalogue(forms, tuple(problems))


# Forms already read, by file and version (path, size, modification time, filters): a
# catalogue is read for every document, and compiling twenty templates costs ~0.5 s.
_LOADED: dict[tuple[Any, ...], Form | FormProblem] = {}


def _load_one(path: Path, *, builtin: bool, filters: Mapping[str, Any],
              problems: list[FormProblem]) -> Form | None:
    try:
        st = path.stat()
        key: tuple[Any, ...] | None = (str(path), st.st_size, st.st_mtime_ns, builtin,
                                       tuple(sorted((k, id(v)) for k, v in filters.items())))
    except OSError:
        key = None
    known = _LOADED.get(key) if key is not None else None
    if known is None:
        known = _read_one(path, builtin=builtin, filters=filters)
        if key is not None:
            _LOADED[key] = known
    if isinstance(known, FormProblem):
        problems.append(known)
        return None
    return known


def _read_one(path: Path, *, builtin: bool, filters: Mapping[str, Any]) -> Form | FormProblem:
    try:
        form = parse_form(path, builtin=builtin, filters=filters)
    except FormFileError as exc:
        return FormProblem(path, exc.zh, exc.en)
    try:
        from desktop.documents.sample import sample_context

        form.fill(sample_context())  # a placeholder naming nothing is found now
    except ValidationError as exc:
        return FormProblem(path, f"用示例案件试填时出错：{exc.zh}",
                           f"fails on the sample case: {exc.en}")
    return form


def check_file(path: Path, filters: Mapping[str, Any]) -> FormProblem | None:
    """Why a station form file cannot be used (None: it can) — as the catalogue judges it."""
    known = _read_one(path, builtin=False, filters=filters)
    return known if isinstance(known, FormProblem) else None


class FormFileError(Exception):
    """A form file that cannot be used (the reason in Chinese and English)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def parse_form(path: Path, *, builtin: bool, filters: Mapping[str, Any]) -> Form:
    """Read, check and compile one form file.

    Raises:
        FormFileError: unreadable, not TOML, a key missing or wrong, or a template error.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FormFileError(f"无法读取：{exc.strerror}", f"cannot read: {exc.strerror}") from exc
    if len(raw) > MAX_FORM_BYTES:
        raise FormFileError("文件过大（上限 256 KB）", "file larger than 256 KB")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise FormFileError("不是 UTF-8 编码的文本", "not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        raise FormFileError(f"TOML 格式有误：{exc}", f"not valid TOML: {exc}") from exc
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise FormFileError(f"有不认识的项：{'、'.join(unknown)}", f"unknown keys: {unknown}")
    code = _text(data, "code", "代号")
    if not _CODE.fullmatch(code):
        raise FormFileError("代号（code）只能用小写字母、数字和下划线", "code must be [a-z0-9_]")
    if code != path.stem:
        raise FormFileError(f"代号“{code}”与文件名“{path.stem}”不一致",
                            f"code {code!r} differs from the file name {path.stem!r}")
    body = _text(data, "body", "正文", limit=200_000)
    env = environment(filters)
    try:
        template = env.from_string(body)
    except jinja2.TemplateSyntaxError as exc:
        raise FormFileError(f"正文第 {exc.lineno} 行模板有误：{exc.message}",
                            f"template error on body line {exc.lineno}: {exc.message}") from exc
    kinds = _codes(data, "kinds", KINDS, "案件类型") or KINDS
    signers = _codes(data, "signers", tuple(SIGNER_KINDS), "签名人")
    copies = data.get("copies", 1)
    if isinstance(copies, bool) or not isinstance(copies, int) or not 1 <= copies <= 20:
        raise FormFileError("份数（copies）应为 1 到 20 的整数", "copies must be 1-20")
    style = data.get("date_style", "chinese")
    if style not in DATE_STYLES:
        raise FormFileError("落款日期样式应为 chinese 或 arabic",
                            "date_style must be chinese or arabic")
    from desktop.domain.lifecycle import EVENTS, STATES  # the law's own vocabulary

    allowed = data.get("allowed_or_recorded")
    if allowed is not None and allowed not in EVENTS:
        raise FormFileError(f"步骤“{allowed}”不存在", f"no step {allowed!r}")
    order = data.get("order", 100)
    if isinstance(order, bool) or not isinstance(order, int):
        raise FormFileError("顺序（order）应为整数", "order must be an integer")
    return Form(
        code=code, title=_text(data, "title", "标题", limit=40),
        series=_text(data, "series", "编号字", limit=4), body=body, path=path, builtin=builtin,
        kinds=kinds, states=_codes(data, "states", tuple(STATES), "案件状态"),
        sources=_codes(data, "sources", tuple(SOURCES), "案件来源"),
        exclude_sources=_codes(data, "exclude_sources", tuple(SOURCES), "案件来源"),
        events_any=_steps(data, "events_any", EVENTS),
        allowed_or_recorded=allowed, flags_any=_codes(data, "flags_any", tuple(FLAGS), "标记"),
        signers=signers, seal=_flag(data, "seal", True), copies=copies, date_style=style,
        captured_note=_flag(data, "captured_note", True), required=_required(data),
        order=order, description=str(data.get("description", "")), template=template)


def _text(data: Mapping[str, Any], key: str, zh: str, *, limit: int = 200) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise FormFileError(f"缺少“{zh}”（{key}）", f"missing {key}")
    if len(value) > limit:
        raise FormFileError(f"“{zh}”（{key}）过长", f"{key} too long")
    return value.strip() if key != "body" else value


def _flag(data: Mapping[str, Any], key: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise FormFileError(f"{key} 应为 true 或 false", f"{key} must be true or false")
    return value


def _codes(data: Mapping[str, Any], key: str, known: Sequence[str], zh: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FormFileError(f"{key} 应为文字列表", f"{key} must be a list of strings")
    bad = [v for v in value if v not in known]
    if bad:
        raise FormFileError(f"{zh}（{key}）中有不认识的代号：{'、'.join(bad)}",
                            f"unknown codes in {key}: {bad}")
    return tuple(value)


def _steps(data: Mapping[str, Any], key: str, events: Mapping[str, Any]) -> tuple[str, ...]:
    """Step codes, each optionally with a choice it must have recorded: ``advice_issued``
    or ``advice_issued:compliance``."""
    known = set(events) | {f"{code}:{choice}" for code, spec in events.items()
                           for field_spec in spec.fields.values()
                           for choice in (getattr(field_spec.check, "choices", None) or ())}
    return _codes(data, key, sorted(known), "步骤")


def _required(data: Mapping[str, Any]) -> tuple[Required, ...]:
    value = data.get("required", [])
    if not isinstance(value, list):
        raise FormFileError("required 应为表格列表 [[required]]", "required must be [[required]]")
    out = []
    for item in value:
        if isinstance(item, dict) and set(item) - {"field", "label"}:
            extra = "、".join(sorted(set(item) - {"field", "label"}))
            raise FormFileError(f"[[required]] 中有不认识的项：{extra}（正文 body 等须写在所有 "
                                "[[required]] 之前）", f"unknown keys in [[required]]: {extra} "
                                "(body and the other keys go before every [[required]])")
        if not isinstance(item, dict) or not isinstance(item.get("field"), str) \
                or not isinstance(item.get("label"), str) or not item["label"].strip():
            raise FormFileError("每个 [[required]] 需要 field 和 label",
                                "each [[required]] needs field and label")
        if not re.fullmatch(r"[a-z_]+(\[\*\])?(\.[a-z_]+(\[\*\])?)*", item["field"]):
            raise FormFileError(f"必填项路径“{item['field']}”写法有误",
                                f"bad required path {item['field']!r}")
        out.append(Required(item["field"], item["label"].strip()))
    return tuple(out)


# --- judging a form against a case ----------------------------------------------------------


@dataclass(frozen=True)
class CaseFacts:
    """What decides whether a form is offered for a case."""

    kind: str
    status: str
    source: str
    flags: tuple[str, ...]
    recorded: frozenset[str]  # step codes, and ``code:choice`` for each choice recorded
    allowed: frozenset[str]


def offered(form: Form, facts: CaseFacts) -> bool:
    """True when the law allows issuing ``form`` for the case as it stands."""
    if facts.kind not in form.kinds:
        return False
    if form.states and facts.status not in form.states:
        return False
    if form.sources and facts.source not in form.sources:
        return False
    if facts.source in form.exclude_sources:
        return False
    if form.events_any and not facts.recorded & set(form.events_any):
        return False
    if form.flags_any and not set(facts.flags) & set(form.flags_any):
        return False
    step = form.allowed_or_recorded
    return step is None or step in facts.allowed or step in facts.recorded


def missing_fields(form: Form, context: Mapping[str, Any]) -> list[str]:
    """The labels of every required field the case does not have (the party named where a
    field is per party), in the form's order."""
    missing: list[str] = []
    for req in form.required:
        for where in _empty_paths(context, req.field.split(".")):
            missing.append(f"{where}{req.label}" if where else req.label)
    return missing


def _empty_paths(value: Any, parts: list[str], where: str = "") -> Iterable[str]:
    if not parts:
        if _is_empty(value):
            yield where
        return
    head, rest = parts[0], parts[1:]
    each = head.endswith("[*]")
    name = head[:-3] if each else head
    child = value.get(name) if isinstance(value, Mapping) else None
    if each:
        if child is None or _is_empty(child):
            yield where
            return
        for item in child:
            label = item.get("label") or item.get("name") if isinstance(item, Mapping) else None
            yield from _empty_paths(item, rest, f"{label}的" if label else where)
        return
    yield from _empty_paths(child, rest, where)


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, Sequence | Mapping)
                                             and not isinstance(value, str) and not value)
