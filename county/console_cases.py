"""The cases the console shows and the one it sends: a received case's data labelled for
reading, the delegation form made into a case document (docs/case-format.md), and how
times and amounts read on its pages."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from county.common import CHINA
from desktop.domain import case_state, lifecycle, money, vocab
from desktop.domain.case_format import REFERRAL_SOURCES
from desktop.domain.errors import ValidationError

MODES = {m: vocab.SOURCES[m] for m in REFERRAL_SOURCES}
SIDES = {"applicant": "申请人", "respondent": "被申请人"}

# Form fields of the delegation form, and where a ValidationError's ``where`` points.
DELEGATE_FIELDS = ("station", "mode", "court_case_no", "received_on", "dispute_type",
                   "app_name", "app_id", "app_phone", "resp_name", "resp_uscc", "claim_item",
                   "claim_yuan", "summary")
WHERE_FIELDS = {
    "station": "station", "source": "mode", "court_case_no": "court_case_no",
    "received_on": "received_on", "dispute_types": "dispute_type", "summary": "summary",
    "applicants": "app_name", "applicants[0].name": "app_name",
    "applicants[0].id_number": "app_id", "applicants[0].id_type": "app_id",
    "applicants[0].phone": "app_phone", "respondents": "resp_name",
    "respondents[0].name": "resp_name", "respondents[0].uscc": "resp_uscc",
    "claims": "claim_item", "claims[0].item": "claim_item",
    "claims[0].amount_fen": "claim_yuan",
}
FIELD_LABELS = {
    "station": "工作站", "mode": "委派方式", "court_case_no": "委托机关案号",
    "received_on": "收到材料日期", "dispute_type": "争议类型", "app_name": "申请人姓名",
    "app_id": "申请人身份证号", "app_phone": "申请人电话", "resp_name": "被申请人名称",
    "resp_uscc": "统一社会信用代码", "claim_item": "请求事项", "claim_yuan": "请求金额",
    "summary": "案情摘要",
}


def case_document(v: dict[str, str]) -> dict[str, Any]:
    """The case interchange document (docs/case-format.md) the delegation form describes;
    ``source`` is added by ``County.delegate`` from the mode."""
    if not v["received_on"]:
        raise ValidationError("请填写日期", "received_on is empty", "received_on")
    applicant = {"kind": "worker", "name": v["app_name"]}
    if v["app_id"]:
        applicant["id_number"] = v["app_id"]
    if v["app_phone"]:
        applicant["phone"] = v["app_phone"]
    respondent = {"kind": "employer", "name": v["resp_name"]}
    if v["resp_uscc"]:
        respondent["uscc"] = v["resp_uscc"]
    doc: dict[str, Any] = {
        "received_on": v["received_on"], "court_case_no": v["court_case_no"],
        "dispute_types": [v["dispute_type"]] if v["dispute_type"] else [],
        "summary": v["summary"], "applicants": [applicant], "respondents": [respondent]}
    if v["claim_item"] or v["claim_yuan"]:
        fen = money.parse_amount(v["claim_yuan"] or "0", "claims[0].amount_fen")
        doc["claims"] = [{"item": v["claim_item"], "amount_fen": fen}]
    return doc


def case_view(d: dict[str, Any]) -> dict[str, Any]:
    """A received case's data made safe to show: labels for codes, lists that are lists."""
    def rows(key: str) -> list[dict[str, Any]]:
        value = d.get(key)
        return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []

    parties = [{**p, "side_label": _label(SIDES, p.get("side")),
                "kind_label": _label(vocab.PARTY_KINDS, p.get("kind")),
                "role_label": _label(vocab.PARTY_ROLES, p.get("role"), "")}
               for p in rows("parties")]
    events = []
    for e in rows("events"):
        spec = lifecycle.EVENTS.get(str(e.get("event")))
        data = e.get("data")
        events.append({**e, "label": spec.label if spec else str(e.get("event") or ""),
                       "to_label": _label(case_state.STATES, e.get("to_status"), ""),
                       "detail": json.dumps(data, ensure_ascii=False)[:300] if data else ""})
    return {
        "case_no": d.get("case_no") or "", "summary": d.get("summary") or "",
        "status": _label(case_state.STATES, d.get("status")),
        "source": _label(vocab.SOURCES, d.get("source")),
        "received_on": d.get("received_on"), "accepted_on": d.get("accepted_on"),
        "closed_on": d.get("closed_on"), "court_case_no": d.get("court_case_no"),
        "claimed_fen": d.get("claimed_fen"), "agreed_fen": d.get("agreed_fen"),
        "types": [_label(vocab.DISPUTE_TYPES, t) for t in _codes(d.get("dispute_types"))],
        "flags": [_label(vocab.FLAGS, f) for f in _codes(d.get("flags"))],
        "parties": parties, "claims": rows("claims"), "events": events,
    }


def _label(labels: dict[str, str], code: Any, unknown: str | None = None) -> str:
    """The Chinese label of a code; an unknown code is shown as it is (or ``unknown``)."""
    if not code:
        return ""
    text = str(code)
    return labels.get(text, text if unknown is None else unknown)


def _codes(value: Any) -> list[str]:
    """A list of codes from a station's row: a JSON list, or its text."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def when(value: Any) -> str:
    """An ISO timestamp as China local time, to the minute (a date stays a date)."""
    if not value:
        return "—"
    text = str(value)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if len(text) <= 10:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def yuan(fen: Any) -> str:
    if isinstance(fen, bool) or not isinstance(fen, int) or not 0 <= fen <= money.MAX_FEN:
        return "—"
    return money.format_yuan(fen)
