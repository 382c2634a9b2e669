"""Checkers for the fields events carry; each returns the normalised value or raises.

A checker is called as ``check(value, where, ctx)``; :class:`FieldContext` gives what a
field may be judged against (the event's day, today, the deadlines in force).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop.domain import vocab
from desktop.domain.dates import parse_day
from desktop.domain.errors import ValidationError
from desktop.domain.money import check_fen
from desktop.domain.signers import MEDIATOR, ORG_SEAL, SIDE_SIGNERS, parse_party_key
from desktop.domain.text import clean_text, key_name, require_text, shorten

NOTE_LIMIT = 2000
TERM_FIELDS = ("item", "amount_fen", "due_on", "method", "payer", "payee", "account",
               "category", "payer_party")
# How the agreement editor names a term's fields (a refusal says which term and which field).
TERM_LABELS = {"item": "履行内容", "amount_fen": "金额", "due_on": "履行期限", "method": "履行方式",
               "payer": "付款方", "payee": "收款方", "account": "收款账户", "category": "类别",
               "payer_party": "付款当事人"}


@dataclass(frozen=True)
class FieldContext:
    """What a field may be judged against."""

    on: date
    today: date
    deadlines: Mapping[str, date] = field(default_factory=dict)


Checker = Callable[[Any, str, FieldContext], Any]


def input_kind(checker: Checker) -> str:
    """What kind of input a field takes, for a form that asks for it: ``text``, ``long_text``,
    ``name``, ``choice``, ``boolean``, ``confirm``, ``day``, ``fen``, ``count``, ``indexes``,
    ``signer`` or ``terms``."""
    return str(getattr(checker, "input_kind", "text"))


def choices(checker: Checker) -> Mapping[str, str]:
    """The codes and labels a ``choice`` field offers (empty for other kinds)."""
    return dict(getattr(checker, "choices", {}))


def _kind(checker: Checker, kind: str, **extra: Any) -> Checker:
    setattr(checker, "input_kind", kind)  # noqa: B010 - a function attribute
    for key, value in extra.items():
        setattr(checker, key, value)
    return checker


def free_text(limit: int = NOTE_LIMIT, *, required: bool = False) -> Checker:
    """Free text: invisible characters removed (see :mod:`desktop.domain.text`)."""
    def check(value: Any, where: str, ctx: FieldContext) -> str | None:
        return clean_text(value, where, required=required, limit=limit, strict=False)
    return _kind(check, "long_text" if limit > 500 else "text", limit=limit)


def name(limit: int = 100, *, required: bool = False) -> Checker:
    """A name or reference: invisible and control characters refused."""
    def check(value: Any, where: str, ctx: FieldContext) -> str | None:
        return clean_text(value, where, required=required, limit=limit, strict=True)
    return _kind(check, "name", limit=limit)


def code(vocabulary: Mapping[str, str], what_zh: str) -> Checker:
    """One code of a controlled vocabulary."""
    def check(value: Any, where: str, ctx: FieldContext) -> str:
        return vocab.check_code(dict(vocabulary), value, where, what_zh)
    return _kind(check, "choice", choices=dict(vocabulary))


def boolean(value: Any, where: str, ctx: FieldContext) -> bool:
    """``true`` or ``false``, nothing else (``"yes"`` is refused, not read as false)."""
    if not isinstance(value, bool):
        raise ValidationError("应为 true 或 false", "must be true or false", where)
    return value


def must_be_true(what_zh: str) -> Checker:
    """A confirmation that has to be given."""
    def check(value: Any, where: str, ctx: FieldContext) -> bool:
        if boolean(value, where, ctx) is not True:
            raise ValidationError(f"须确认{what_zh}（true）", "must be true", where)
        return True
    return _kind(check, "confirm", what=what_zh)


def fen(value: Any, where: str, ctx: FieldContext) -> int:
    """An amount in fen."""
    return check_fen(value, where)


def day(value: Any, where: str, ctx: FieldContext) -> str:
    """A day, ``YYYY-MM-DD``, on or after the event's day."""
    parsed = parse_day(value, where)
    if parsed < ctx.on:
        raise ValidationError("日期早于事件日期", "date is before the event's day", where)
    return parsed.isoformat()


def past_day(value: Any, where: str, ctx: FieldContext) -> str:
    """A day, ``YYYY-MM-DD``, not after today (a corrected date is a real one)."""
    return parse_day(value, where, today=ctx.today).isoformat()


def count(low: int, high: int) -> Checker:
    """A whole number in ``low..high``."""
    def check(value: Any, where: str, ctx: FieldContext) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValidationError(f"应为 {low}–{high} 的整数", f"must be an integer {low}..{high}",
                                  where)
        return value
    return _kind(check, "count", low=low, high=high)


def indexes(value: Any, where: str, ctx: FieldContext) -> list[int]:
    """A non-empty list of 0-based term positions."""
    if not isinstance(value, list) or not value:
        raise ValidationError("应为协议事项序号列表（从0开始）",
                              "must be a non-empty list of term indexes (0-based)", where)
    return [count(0, 999)(v, f"{where}[{i}]", ctx) for i, v in enumerate(value)]


def signer(value: Any, where: str, ctx: FieldContext) -> str:
    """``party:<n>``, ``mediator``, ``org_seal``, or a side (``applicant``/``respondent``:
    every party of that side still to sign)."""
    if isinstance(value, str) and (value in (MEDIATOR, ORG_SEAL, *SIDE_SIGNERS)
                                   or parse_party_key(value) is not None):
        return value
    raise ValidationError(
        f"签署方“{shorten(value)}”无效，应为 party:<序号>、mediator、org_seal"
        "（或 applicant / respondent 表示该方全部当事人）",
        "signer must be party:<n>, mediator, org_seal (or applicant/respondent)", where)


def new_due(value: Any, where: str, ctx: FieldContext) -> str:
    """An extended mediation deadline: later than the one in force, which has not lapsed."""
    new = date.fromisoformat(day(value, where, ctx))
    current = ctx.deadlines.get("mediation_due")
    if current is not None and ctx.on > current:
        raise ValidationError(f"调解期限已于 {current.isoformat()} 届满，视为调解不成，不能再延长",
                              f"the period ended on {current.isoformat()}; a lapsed period "
                              "cannot be extended", "occurred_on")
    if current is not None and new <= current:
        raise ValidationError(f"延长后的期限应晚于现期限 {current.isoformat()}",
                              f"new_due_on must be after {current.isoformat()}", where)
    return new.isoformat()


def copies(value: Any, where: str, ctx: FieldContext) -> int:
    """How many originals: 2–10 (default 3, 一式三份)."""
    return count(2, 10)(value, where, ctx)


def terms(value: Any, where: str, ctx: FieldContext) -> list[dict[str, Any]]:
    """Agreement terms: item, amount, due date and method explicit (R5a)."""
    if not isinstance(value, list) or not value:
        raise ValidationError("协议须列明至少一项履行内容（terms）",
                              "an agreement needs at least one term", where)
    if len(value) > 200:
        raise ValidationError("协议事项过多（最多200项）", "at most 200 terms", where)
    terms = []
    for i, raw in enumerate(value):
        try:
            terms.append(_term(raw, f"{where}[{i}]", ctx))
        except ValidationError as exc:  # say which term (and which of its fields)
            key = (exc.where or "").rpartition(".")[2]
            label = TERM_LABELS.get(key, "")
            raise ValidationError(f"协议第 {i + 1} 项{'的' + label if label else ''}：{exc.zh}",
                                  exc.en, exc.where) from exc
    return terms


def _term(raw: Any, where: str, ctx: FieldContext) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ValidationError("应为 JSON 对象", "a term must be an object", where)
    extra = sorted(key_name(k) for k in set(raw) - set(TERM_FIELDS))
    if extra:
        raise ValidationError(f"未知字段：{shorten(', '.join(extra))}",
                              f"unknown field(s): {shorten(', '.join(extra))}",
                              f"{where}.{extra[0]}")
    due = parse_day(raw.get("due_on"), f"{where}.due_on")
    if due < ctx.on:
        raise ValidationError("履行期限早于协议日期", "due_on is before the agreement date",
                              f"{where}.due_on")
    term: dict[str, Any] = {
        "item": require_text(raw.get("item"), f"{where}.item", limit=NOTE_LIMIT, strict=False),
        "method": require_text(raw.get("method"), f"{where}.method", limit=200, strict=False),
    }
    for key in ("payer", "payee", "account"):
        term[key] = clean_text(raw.get(key), f"{where}.{key}", limit=200, strict=False)
    term["amount_fen"] = check_fen(raw.get("amount_fen"), f"{where}.amount_fen")
    term["due_on"] = due.isoformat()
    term["category"] = (None if raw.get("category") is None else vocab.check_code(
        vocab.DISPUTE_TYPES, raw["category"], f"{where}.category", "争议类型"))
    term["payer_party"] = (None if raw.get("payer_party") is None
                           else count(0, 99_999)(raw["payer_party"], f"{where}.payer_party", ctx))
    return term


for _checker, _name in ((boolean, "boolean"), (fen, "fen"), (day, "day"), (past_day, "day"),
                        (new_due, "day"), (indexes, "indexes"), (signer, "signer"),
                        (terms, "terms"), (copies, "count")):
    _kind(_checker, _name)
copies.low, copies.high = 2, 10  # type: ignore[attr-defined]
