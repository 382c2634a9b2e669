"""What each lifecycle event may carry, checked before anything is written.

Every event may give ``occurred_on`` (default: today). Events are recorded in the order
they happened: a date can be neither in the future nor before the case's latest event.
Unknown fields are refused, as in the case format, so a misspelt field is never lost.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop.domain.case_format import parse_date
from desktop.domain.errors import ValidationError
from desktop.domain.lifecycle import AGREEMENT_SIGNERS, EVENTS, TERMINATION_REASONS
from desktop.domain.money import check_fen

NOTE_LIMIT = 2000
CONSENT = ("applicant_consent", "respondent_consent")
AGREEMENT_FIELDS = ("terms", "waiver", "copies")
TERM_FIELDS = {"item", "amount_fen", "due_on", "method", "payer", "payee", "account"}

# Fields each event accepts besides occurred_on / note / notes.
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "refuse": ("reason",), "fail": ("reason",), "withdraw": ("reason",),
    "terminate": ("reason",), "extend": ("new_due_on", *CONSENT),
    "agree": AGREEMENT_FIELDS, "settle": AGREEMENT_FIELDS, "sign": ("signer",),
    "session": ("place", "mediator", "participants"), "assign": ("mediator",),
    "follow_up": ("visitor", "performance", "satisfaction"),
    "review_filed": ("authority",), "confirmation_filed": ("authority",),
    "review_result": ("result",), "confirmation_result": ("result",),
    "performed": ("paid_fen",), "partly_performed": ("paid_fen",),
    "not_performed": ("paid_fen",), "archive": CONSENT,
}
TEXT_FIELDS = ("note", "notes", "reason", "place", "mediator", "participants", "visitor",
               "performance", "satisfaction", "authority", "waiver")


def _text(data: dict[str, Any], key: str, *, required: bool = False,
          where: str | None = None) -> str | None:
    value = data.get(key)
    where = where or key
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValidationError("应填写文字", f"{key} must be non-empty text", where)
    if len(value) > NOTE_LIMIT:
        raise ValidationError(f"超过 {NOTE_LIMIT} 字", f"longer than {NOTE_LIMIT}", where)
    return value.strip()


def _terms(data: dict[str, Any], concluded: date) -> list[dict[str, Any]]:
    """Agreement terms must be explicit: item, amount, due date, method (R5a)."""
    raw = data.get("terms")
    if not isinstance(raw, list) or not raw:
        raise ValidationError("协议须列明至少一项履行内容（terms）",
                              "an agreement needs at least one term", "terms")
    terms = []
    for i, t in enumerate(raw):
        where = f"terms[{i}]"
        if not isinstance(t, dict):
            raise ValidationError("应为 JSON 对象", "a term must be an object", where)
        extra = sorted(set(t) - TERM_FIELDS)
        if extra:
            raise ValidationError(f"未知字段：{', '.join(extra)}", f"unknown field(s): {extra}",
                                  f"{where}.{extra[0]}")
        due = parse_date(t.get("due_on"), f"{where}.due_on")
        if due < concluded:
            raise ValidationError("履行期限早于协议日期", "due_on is before the agreement date",
                                  f"{where}.due_on")
        term: dict[str, Any] = {
            k: _text(t, k, where=f"{where}.{k}", required=k in ("item", "method"))
            for k in ("item", "method", "payer", "payee", "account")}
        term.update(amount_fen=check_fen(t.get("amount_fen"), f"{where}.amount_fen"),
                    due_on=due.isoformat())
        terms.append(term)
    return terms


def _specific(event: str, data: dict[str, Any], on: date,
              current_due: date | None) -> dict[str, Any]:
    """Checks that belong to one kind of event."""
    out: dict[str, Any] = {}
    if event == "refuse":
        _text(data, "reason", required=True)
    elif event == "terminate" and data.get("reason") not in TERMINATION_REASONS:
        raise ValidationError(f"终止原因应为：{', '.join(TERMINATION_REASONS)}",
                              f"reason must be one of {list(TERMINATION_REASONS)}", "reason")
    elif event == "extend":
        new_due = parse_date(data.get("new_due_on"), "new_due_on")
        if current_due is not None and on > current_due:
            raise ValidationError(f"调解期限已于 {current_due.isoformat()} 届满，视为调解不成，"
                                  "不能再延长", f"the period ended on {current_due.isoformat()}; "
                                  "a lapsed period cannot be extended", "occurred_on")
        if current_due is not None and new_due <= current_due:
            raise ValidationError(f"延长后的期限应晚于现期限 {current_due.isoformat()}",
                                  f"new_due_on must be after {current_due.isoformat()}",
                                  "new_due_on")
        out["new_due_on"] = new_due.isoformat()
    elif event in ("agree", "settle"):
        out["terms"] = _terms(data, on)
        copies = data.get("copies", 3)
        if isinstance(copies, bool) or not isinstance(copies, int) or not 2 <= copies <= 10:
            raise ValidationError("协议份数应为 2–10 的整数", "copies must be 2..10", "copies")
        out["copies"] = copies
    elif event == "sign" and data.get("signer") not in AGREEMENT_SIGNERS:
        raise ValidationError(f"签署方应为：{', '.join(AGREEMENT_SIGNERS)}",
                              f"signer must be one of {list(AGREEMENT_SIGNERS)}", "signer")
    elif event in ("review_result", "confirmation_result") and \
            data.get("result") not in ("granted", "refused"):
        raise ValidationError("结果应为 granted 或 refused", "result must be granted or refused",
                              "result")
    elif event == "assign":
        _text(data, "mediator", required=True)
    if "paid_fen" in data:
        out["paid_fen"] = check_fen(data["paid_fen"], "paid_fen")
    for key in CONSENT:
        if key in data and not isinstance(data[key], bool):
            raise ValidationError("应为 true 或 false", f"{key} must be true or false", key)
    return out


def check_event_data(event: str, data: Any, *, today: date, not_before: date,
                     current_due: date | None = None) -> dict[str, Any]:
    """Check and normalise the data of one event.

    Args:
        event: the event code (must exist; the lifecycle judges whether it is allowed).
        data: the JSON object given with the event.
        today: the current day.
        not_before: the date of the case's latest event (its receipt at the least).
        current_due: the mediation deadline in force, for ``extend``.

    Raises:
        ValidationError: naming the field that is wrong.
    """
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise ValidationError("事件数据应为 JSON 对象", "event data must be a JSON object")
    if event not in EVENTS:
        raise ValidationError(f"未知的事件“{event}”", f"unknown event {event!r}", "event")
    allowed = {"occurred_on", "note", "notes", *EVENT_FIELDS.get(event, ())}
    extra = sorted(set(data) - allowed)
    if extra:
        raise ValidationError(f"事件“{EVENTS[event].label}”不接受字段：{', '.join(extra)}",
                              f"{event!r} does not take field(s): {extra}", extra[0])
    on = parse_date(data.get("occurred_on", today.isoformat()), "occurred_on", today=today)
    if on < not_before:
        raise ValidationError(f"事件日期早于本案上一事件的日期 {not_before.isoformat()}",
                              f"occurred_on is before the case's latest event "
                              f"({not_before.isoformat()})", "occurred_on")
    out: dict[str, Any] = dict(data)
    out.update({k: _text(data, k) for k in TEXT_FIELDS if k in data})
    out.update(_specific(event, data, on, current_due))
    out["occurred_on"] = on.isoformat()
    return out
