"""The data a form is filled with: one case as plain dicts of text (forms/README.md).

Everything here is already in the words a document prints (labels, not codes); days stay
ISO so a form chooses ``date`` or ``cn_date``; amounts stay fen so a form chooses ``yuan``
or ``daxie``.  Missing values are empty strings or empty lists, never ``None``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Protocol

from desktop.domain import dates, lifecycle, money, vocab
from desktop.domain.case_state import ENTRUSTED_SOURCES, OWN_PROCEDURE_SOURCES, STATES
from desktop.domain.clocks import CLOCK_LABELS, Clock
from desktop.domain.records import Agreement, Case, Claim, Event, Party
from desktop.domain.signers import PartyFacts, parse_party_key, signer_label


class CaseData(Protocol):
    """What a document reads of a case (the services' case detail has it)."""

    @property
    def case(self) -> Case: ...
    @property
    def parties(self) -> list[Party]: ...
    @property
    def claims(self) -> list[Claim]: ...
    @property
    def agreement(self) -> Agreement | None: ...
    @property
    def events(self) -> list[Event]: ...
    @property
    def clocks(self) -> Mapping[str, Clock]: ...

NAMES_SHOWN = 3
GENDERS = {"male": "男", "female": "女"}  # a collective side is named by its first three and 等N人


def _day(value: str | None) -> str:
    return value or ""


def cn_date(value: str | date | None) -> str:
    """Filter: ISO day → 二〇二六年三月五日 ('' stays '')."""
    if not value:
        return ""
    return dates.chinese_date(value if isinstance(value, date) else date.fromisoformat(value))


def ar_date(value: str | date | None) -> str:
    """Filter: ISO day → 2026年3月5日 ('' stays '')."""
    if not value:
        return ""
    return dates.arabic_date(value if isinstance(value, date) else date.fromisoformat(value))


def daxie(fen: int | str | None) -> str:
    """Filter: fen → 人民币壹万贰仟叁佰元整."""
    if fen in (None, ""):
        return ""
    return money.to_daxie(int(fen))


def yuan(fen: int | str | None) -> str:
    """Filter: fen → ¥12,300.00."""
    if fen in (None, ""):
        return ""
    return money.format_yuan(int(fen))


def cn_num(n: int | str | None) -> str:
    """Filter: 3 → 三 (0-99)."""
    if n in (None, ""):
        return ""
    return dates.chinese_number(int(n))


FILTERS = {"cn_date": cn_date, "date": ar_date, "daxie": daxie, "yuan": yuan, "cn_num": cn_num}


def party_line(p: Party) -> str:
    """A party's particulars as one sentence, as the heading of a legal document gives it."""
    side = "申请人" if p.side == "applicant" else "被申请人"
    if p.kind == "agent":
        head = f"委托代理人：{p.name}"
    else:
        role = f"（{vocab.PARTY_ROLES[p.role]}）" if p.role in vocab.PARTY_ROLES \
            and p.role != "representative" else ""
        rep = "（集体争议代表）" if p.representative else ""
        head = f"{side}{role}{rep}：{p.name}"
    bits: list[str] = []
    if p.kind == "employer":
        if p.uscc:
            bits.append(f"统一社会信用代码：{p.uscc}")
        if p.address:
            bits.append(f"住所：{p.address}")
        if p.legal_rep:
            bits.append(f"法定代表人（负责人）：{p.legal_rep}")
    else:
        if p.gender:
            bits.append(GENDERS.get(p.gender, p.gender))
        if p.birth_date:
            bits.append(f"{ar_date(p.birth_date)}出生")
        if p.id_number:
            id_type = vocab.ID_TYPES.get(p.id_type or "resident_id", "身份证件")
            bits.append(f"{id_type}号码：{p.id_number}")
        if p.address:
            bits.append(f"住址：{p.address}")
    if p.phone:
        bits.append(f"联系电话：{p.phone}")
    return head + ("，" + "，".join(bits) if bits else "") + "。"


def _party(p: Party) -> dict[str, Any]:
    return {
        "position": p.position, "name": p.name,
        "side": "申请人" if p.side == "applicant" else "被申请人",
        "side_code": p.side, "kind": vocab.PARTY_KINDS.get(p.kind, p.kind), "kind_code": p.kind,
        "role": vocab.PARTY_ROLES.get(p.role or "", ""), "representative": p.representative,
        "gender": GENDERS.get(p.gender or "", ""), "birth_date": _day(p.birth_date),
        "id_type": vocab.ID_TYPES.get(p.id_type or "", "") if p.id_number else "",
        "id_number": p.id_number or "", "uscc": p.uscc or "", "phone": p.phone or "",
        "address": p.address or "", "legal_rep": p.legal_rep or "", "line": party_line(p),
        "label": f"{'申请人' if p.side == 'applicant' else '被申请人'}{p.name}",
    }


def names(parties: list[dict[str, Any]]) -> str:
    """Names joined by 、; a long list as its first three and 等N人."""
    shown = [p["name"] for p in parties]
    if len(shown) > NAMES_SHOWN + 1:
        return "、".join(shown[:NAMES_SHOWN]) + f"等{len(shown)}人"
    return "、".join(shown)


def _event_data(code: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """An event's fields with codes as their labels (and the raw code as ``<field>_code``)."""
    spec = lifecycle.EVENTS[code]
    out: dict[str, Any] = {name: "" for name in spec.fields}
    out["note"] = ""
    for name, field in spec.fields.items():
        if getattr(field.check, "choices", None):
            out[f"{name}_code"] = ""
    for key, value in data.items():
        choices = getattr(spec.fields[key].check, "choices", None) if key in spec.fields else None
        if choices and isinstance(value, str):
            out[f"{key}_code"] = value
            out[key] = choices.get(value, value)
        elif isinstance(value, bool):
            out[key] = "是" if value else "否"
        else:
            out[key] = value if value is not None else ""
    if code == "terminate" and "reason" in data:
        out["reason"] = lifecycle.TERMINATION_REASONS.get(data["reason"], data["reason"])
        out["reason_code"] = data["reason"]
    return out


def build(detail: CaseData, org: Mapping[str, Any], *, doc: Mapping[str, Any],
          today: date, issued: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The whole context of one case for one document (``issued``: the numbers of the
    case's documents already issued, by form code)."""
    c = detail.case
    parties = [_party(p) for p in detail.parties]
    applicants = [p for p in parties if p["side_code"] == "applicant" and p["kind_code"] != "agent"]
    respondents = [p for p in parties if p["side_code"] == "respondent"
                   and p["kind_code"] != "agent"]
    agents = [p for p in parties if p["kind_code"] == "agent"]
    representatives = [p for p in applicants if p["representative"]]
    last: dict[str, dict[str, Any]] = {}
    every: dict[str, list[dict[str, Any]]] = {code: [] for code in lifecycle.EVENTS}
    for code in lifecycle.EVENTS:
        last[code] = {**_event_data(code, {}), "on": "", "recorded": False}
    for e in detail.events:
        if e.event not in lifecycle.EVENTS:
            continue
        last[e.event] = {**_event_data(e.event, e.data), "on": e.occurred_on, "recorded": True}
        every[e.event].append(last[e.event])
    sessions = every["session"]
    facts = [PartyFacts(p.position, p.side, p.kind, p.representative, p.role)
             for p in detail.parties]
    agreement: dict[str, Any] = {}
    a = detail.agreement
    if a is not None:
        by_position = {p["position"]: p["name"] for p in parties}
        agreement = {
            "kind": "和解协议" if a.kind in ("negotiation", "settlement") else "调解协议",
            "concluded_on": a.concluded_on, "effective_on": _day(a.effective_on),
            "total_fen": a.total_fen, "copies": a.copies, "waiver": a.waiver or "",
            "terms": [{
                "no": i, "item": t.item, "amount_fen": t.amount_fen, "due_on": t.due_on,
                "method": t.method, "account": t.account or "",
                "payer": t.payer or by_position.get(t.payer_party or -1, ""),
                "payee": t.payee or "",
                "category": vocab.DISPUTE_TYPES.get(t.category or "", ""),
            } for i, t in enumerate(a.terms, 1)],
            "signed": [signed_label(k, facts, by_position) for k in sorted(a.signatures)],
        }
    clocks = {key: "" for key in CLOCK_LABELS}
    clocks.update({key: clock.due_on or "" for key, clock in detail.clocks.items()})
    routes = []
    if c.kind == "mediation" and c.source in OWN_PROCEDURE_SOURCES:
        # The law's own tests (DOMAIN.md §7.1, BAGZ 75(4)(5)): no review of an agreement
        # confirming a labour relation, or once 司法确认 was granted.
        confirms = a is not None and any(t.category == "labour_relation" for t in a.terms)
        granted = last["confirmation_result"].get("result_code") == "granted"
        if not confirms and not granted:
            routes.append("review")
        routes.append("confirmation")
    return {
        "org": {"name": org.get("name") or "", "short_name": org.get("short_name") or "",
                "address": org.get("address") or "", "phone": org.get("phone") or "",
                "type": vocab.ORG_TYPES.get(org.get("org_type") or "", "")},
        "doc": {"number": doc.get("number", ""), "title": doc.get("title", ""),
                "issued_on": today.isoformat()},
        "case": {
            "case_no": c.case_no, "source": c.source, "source_label": vocab.SOURCES[c.source],
            "kind": c.kind, "status": STATES.get(c.status, c.status),
            "received_on": c.received_on, "accepted_on": _day(c.accepted_on),
            "closed_on": _day(c.closed_on), "effective_on": _day(c.effective_on),
            "dispute_arose_on": _day(c.dispute_arose_on),
            "employment_ended_on": _day(c.employment_ended_on),
            "employment_ongoing": c.employment_ongoing,
            "summary": c.summary or "",
            "types": "、".join(vocab.DISPUTE_TYPES.get(t, t) for t in c.dispute_types),
            "primary_type": vocab.DISPUTE_TYPES.get(c.primary_type, c.primary_type),
            "claimed_fen": c.claimed_fen, "agreed_fen": c.agreed_fen or 0,
            "worker_count": c.worker_count, "collective": "collective" in c.flags,
            "major": "major_collective" in c.flags,
            "flags": "、".join(vocab.FLAGS.get(f, f) for f in c.flags),
            "mediator": c.mediator_name or "", "court_case_no": c.court_case_no or "",
            "platform_serial": c.platform_serial or "",
            "court_procedure": vocab.COURT_PROCEDURES.get(c.court_procedure or "", ""),
            "linked_case_no": c.linked_case_no or "",
            "entrusted": c.source in ENTRUSTED_SOURCES,
        },
        "parties": applicants + respondents, "all_parties": parties,
        "applicants": applicants, "respondents": respondents, "agents": agents,
        "representatives": representatives,
        "applicant_names": names(applicants), "respondent_names": names(respondents),
        "claims": [{"item": k.item, "amount_fen": k.amount_fen} for k in detail.claims],
        "claims_total_fen": sum(k.amount_fen for k in detail.claims),
        "agreement": agreement, "sessions": sessions, "last": last, "all": every,
        "clocks": clocks, "routes": routes,
        "issued": {code: number for code, number in (issued or {}).items()},
    }


def signed_label(key: str, facts: list[PartyFacts], names: Mapping[int, str]) -> str:
    """A signer key as people read it: 申请人（第1名）张三, 调解员签名, 调解组织印章."""
    position = parse_party_key(key)
    if position is not None and position in names:
        return f"{signer_label(key, facts).removesuffix('签名或盖章')}{names[position]}"
    return signer_label(key, facts)
