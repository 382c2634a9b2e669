"""What each lifecycle event must carry, checked before anything is written.

Every event may give ``occurred_on`` (default: today); it can be neither in the
future nor before the case was received.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop.domain.case_format import parse_date
from desktop.domain.errors import ValidationError
from desktop.domain.lifecycle import AGREEMENT_SIGNERS, EVENTS, TERMINATION_REASONS
from desktop.domain.money import check_fen

NOTE_LIMIT = 2000


def _text(data: dict[str, Any], key: str, *, required: bool = False) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValidationError("必须填写（文字）", f"{key} is required text", key)
    if len(value) > NOTE_LIMIT:
        raise ValidationError(f"超过 {NOTE_LIMIT} 字", f"longer than {NOTE_LIMIT}", key)
    return value.strip()


def _consent(data: dict[str, Any]) -> None:
    for key in ("applicant_consent", "respondent_consent"):
        if key in data and not isinstance(data[key], bool):
            raise ValidationError("应为 true 或 false", f"{key} must be true or false", key)


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
        item = _text(t, "item", required=True)
        due = parse_date(t.get("due_on"), f"{where}.due_on")
        if due < concluded:
            raise ValidationError("履行期限早于协议日期", "due_on is before the agreement date",
                                  f"{where}.due_on")
        method = _text(t, "method", required=True)
        terms.append({"item": item, "amount_fen": check_fen(t.get("amount_fen"),
                                                              f"{where}.amount_fen"),
                      "due_on": due.isoformat(), "method": method,
                      **{k: _text(t, k) for k in ("payer", "payee", "account")}})
    return terms


def check_event_data(event: str, data: Any, *, today: date, received_on: date,
                     current_due: date | None = None) -> dict[str, Any]:
    """Check and normalise the data of one event.

    Args:
        event: the event code (must exist; the lifecycle judges whether it is allowed).
        data: the JSON object given with the event.
        today: the current day.
        received_on: when the case was received (no event can precede it).
        current_due: the mediation deadline in force, for ``extend``.

    Raises:
        ValidationError: naming the field that is wrong.
    """
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ValidationError("事件数据应为 JSON 对象", "event data must be a JSON object")
    if event not in EVENTS:
        raise ValidationError(f"未知的事件“{event}”", f"unknown event {event!r}", "event")
    out = dict(data)
    on = parse_date(data.get("occurred_on", today.isoformat()), "occurred_on", today=today)
    if on < received_on:
        raise ValidationError("事件日期早于收到申请日期", "occurred_on is before received_on",
                              "occurred_on")
    out["occurred_on"] = on.isoformat()
    _consent(data)
    if event == "refuse":
        out["reason"] = _text(data, "reason", required=True)
    elif event == "terminate":
        reason = data.get("reason")
        if reason not in TERMINATION_REASONS:
            raise ValidationError(f"终止原因应为：{', '.join(TERMINATION_REASONS)}",
                                  f"reason must be one of {list(TERMINATION_REASONS)}", "reason")
    elif event == "extend":
        new_due = parse_date(data.get("new_due_on"), "new_due_on")
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
        out["waiver"] = _text(data, "waiver")
    elif event == "sign":
        if data.get("signer") not in AGREEMENT_SIGNERS:
            raise ValidationError(f"签署方应为：{', '.join(AGREEMENT_SIGNERS)}",
                                  f"signer must be one of {list(AGREEMENT_SIGNERS)}", "signer")
    elif event in ("review_result", "confirmation_result"):
        if data.get("result") not in ("granted", "refused"):
            raise ValidationError("结果应为 granted 或 refused",
                                  "result must be granted or refused", "result")
    elif event in ("performed", "partly_performed", "not_performed") and "paid_fen" in data:
        out["paid_fen"] = check_fen(data["paid_fen"], "paid_fen")
    elif event == "assign":
        out["mediator"] = _text(data, "mediator", required=True)
    for key in ("note", "notes", "place", "visitor", "performance", "satisfaction"):
        if key in data:
            out[key] = _text(data, key)
    return out
