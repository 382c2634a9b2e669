"""The case lifecycle as an explicit state machine (DESIGN.md, DOMAIN.md §1).

Mediation: registered → accepted | refused → mediating → agreement | failed |
withdrawn | terminated; after an effective agreement: performing → performed |
partly_performed | not_performed; every closed state → archived.

Negotiation (协商和解): negotiation_requested → negotiating | declined →
settled | negotiation_failed; a settlement is archived only with both parties'
recorded consent (R11).

Events that do not move the case (a mediation session, an extension, a
signature, a follow-up visit, filings for review or confirmation) are listed
too, with the states in which they make sense.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop.domain.errors import TransitionError

STATES: dict[str, str] = {
    "registered": "已登记",
    "accepted": "已受理",
    "refused": "不予受理",
    "mediating": "调解中",
    "agreement": "调解成功",
    "failed": "调解不成",
    "withdrawn": "已撤回",
    "terminated": "已终止",
    "performing": "履行中",
    "performed": "已履行",
    "partly_performed": "部分履行",
    "not_performed": "未履行",
    "negotiation_requested": "协商申请",
    "negotiating": "协商中",
    "declined": "不愿协商",
    "settled": "达成和解",
    "negotiation_failed": "协商不成",
    "archived": "已归档",
}

OPEN_MEDIATION = ("registered", "accepted", "mediating")
AFTER_AGREEMENT = ("agreement", "settled", "performing", "performed", "partly_performed",
                   "not_performed")
CLOSED = ("refused", "failed", "withdrawn", "terminated", "performed", "partly_performed",
          "not_performed", "declined", "negotiation_failed")

# The four marks that make a mediation agreement effective (LDMAL 14, Shandong rule R4),
# and the two that make a settlement effective.
AGREEMENT_SIGNERS: dict[str, str] = {
    "applicant": "申请人签名或盖章",
    "respondent": "被申请人签名或盖章",
    "mediator": "调解员签名",
    "org_seal": "调解组织印章",
}
SETTLEMENT_SIGNERS = ("applicant", "respondent")

TERMINATION_REASONS: dict[str, str] = {
    "lapsed": "超过调解期限未达成协议",
    "respondent_refused": "对方拒绝调解",
    "party_quit": "当事人退出调解",
    "transferred_arbitration": "转仲裁",
    "transferred_litigation": "转诉讼",
    "returned_to_court": "退回委派法院",
    "other": "其他",
}


@dataclass(frozen=True)
class CaseSnapshot:
    """What the rules need to know about a case to judge the next step."""

    status: str
    kind: str = "mediation"
    signed: frozenset[str] = frozenset()
    has_agreement: bool = False

    @property
    def agreement_effective(self) -> bool:
        """True once every required signature and the seal are recorded."""
        needed = SETTLEMENT_SIGNERS if self.kind == "negotiation" else AGREEMENT_SIGNERS
        return self.has_agreement and all(s in self.signed for s in needed)


Guard = Callable[[CaseSnapshot, Mapping[str, Any]], tuple[str, str] | None]


@dataclass(frozen=True)
class EventSpec:
    """One kind of event: where it may happen, where it leads, what it needs."""

    code: str
    label: str
    sources: tuple[str, ...]
    target: str | None = None
    guards: tuple[Guard, ...] = field(default=())


def _effective(snap: CaseSnapshot, data: Mapping[str, Any]) -> tuple[str, str] | None:
    if snap.agreement_effective:
        return None
    needed = SETTLEMENT_SIGNERS if snap.kind == "negotiation" else tuple(AGREEMENT_SIGNERS)
    missing = "、".join(AGREEMENT_SIGNERS[s] for s in needed if s not in snap.signed)
    return (f"协议尚未生效，缺少：{missing}",
            "the agreement is not effective yet: signatures or seal missing")


def _archive_consent(snap: CaseSnapshot, data: Mapping[str, Any]) -> tuple[str, str] | None:
    # R11 binds the settlement itself, whatever happened to it since (performed or not).
    if snap.kind != "negotiation" or not snap.has_agreement:
        return None
    if data.get("applicant_consent") is True and data.get("respondent_consent") is True:
        return None
    return ("和解协议归档须经双方当事人同意（applicant_consent、respondent_consent）",
            "archiving a settlement needs both parties' consent "
            "(applicant_consent and respondent_consent true)")


def _both_consent(snap: CaseSnapshot, data: Mapping[str, Any]) -> tuple[str, str] | None:
    if data.get("applicant_consent") is True and data.get("respondent_consent") is True:
        return None
    return ("延长调解期限须经双方当事人同意（applicant_consent、respondent_consent）",
            "an extension needs both parties' recorded consent "
            "(applicant_consent and respondent_consent true)")


def _not_signed_twice(snap: CaseSnapshot, data: Mapping[str, Any]) -> tuple[str, str] | None:
    if not snap.has_agreement:
        return ("尚无协议可签署", "there is no agreement to sign")
    if snap.kind == "negotiation" and data.get("signer") not in SETTLEMENT_SIGNERS:
        return ("和解协议只由双方当事人签署，无需调解员签名或组织印章",
                "a settlement is signed by the two parties only")
    if data.get("signer") in snap.signed:
        return ("该方已签署", "this signer has already signed")
    return None


def _mediation_only(snap: CaseSnapshot, data: Mapping[str, Any]) -> tuple[str, str] | None:
    # BAGZ art. 74 and CPL art. 205 concern agreements made before a mediation organisation,
    # not settlements the parties negotiated themselves.
    if snap.kind == "mediation":
        return None
    return ("仲裁审查和司法确认只适用于调解协议，不适用于和解协议",
            "arbitration review and judicial confirmation apply to mediation agreements only")


def _not_yet_effective(snap: CaseSnapshot, data: Mapping[str, Any]) -> tuple[str, str] | None:
    # A party may still back out before every signature is on the agreement; once it is
    # effective it binds, and only performance (or its failure) follows.
    if snap.status in ("agreement", "settled") and snap.agreement_effective:
        return ("协议已生效，不能再作调解不成或终止处理",
                "the agreement is already effective and binds the parties")
    return None


_OPEN = OPEN_MEDIATION + ("negotiation_requested", "negotiating")
_AFTER = AFTER_AGREEMENT

EVENTS: dict[str, EventSpec] = {e.code: e for e in (
    EventSpec("accept", "受理", ("registered",), "accepted"),
    EventSpec("refuse", "不予受理", ("registered",), "refused"),
    EventSpec("start", "开始调解", ("accepted",), "mediating"),
    EventSpec("session", "调解记录", ("mediating",)),
    EventSpec("extend", "延长调解期限", ("mediating",), None, (_both_consent,)),
    EventSpec("agree", "达成调解协议", ("mediating",), "agreement"),
    EventSpec("fail", "调解不成", ("mediating", "agreement"), "failed", (_not_yet_effective,)),
    EventSpec("withdraw", "申请人撤回", OPEN_MEDIATION + ("negotiation_requested",),
              "withdrawn"),
    EventSpec("terminate", "终止调解", OPEN_MEDIATION + ("agreement",), "terminated",
              (_not_yet_effective,)),
    EventSpec("sign", "签名盖章", ("agreement", "settled"), None, (_not_signed_twice,)),
    EventSpec("perform", "进入履行", ("agreement", "settled"), "performing", (_effective,)),
    EventSpec("performed", "已全部履行", ("performing",), "performed"),
    EventSpec("partly_performed", "部分履行", ("performing",), "partly_performed"),
    EventSpec("not_performed", "未履行", ("performing",), "not_performed"),
    EventSpec("follow_up", "回访", _AFTER),
    EventSpec("review_filed", "申请仲裁审查", _AFTER, None, (_mediation_only, _effective)),
    EventSpec("review_result", "仲裁审查结果", _AFTER, None, (_mediation_only,)),
    EventSpec("confirmation_filed", "申请司法确认", _AFTER, None, (_mediation_only, _effective)),
    EventSpec("confirmation_result", "司法确认结果", _AFTER, None, (_mediation_only,)),
    EventSpec("payment_order_guided", "引导申请支付令", ("partly_performed", "not_performed")),
    EventSpec("assign", "指派调解员", _OPEN),
    EventSpec("negotiation_accept", "对方同意协商", ("negotiation_requested",), "negotiating"),
    EventSpec("negotiation_decline", "对方不愿协商", ("negotiation_requested",), "declined"),
    EventSpec("settle", "达成和解协议", ("negotiating",), "settled"),
    EventSpec("negotiation_fail", "协商不成", ("negotiating", "settled"), "negotiation_failed",
              (_not_yet_effective,)),
    EventSpec("archive", "归档", CLOSED + ("settled",), "archived", (_archive_consent,)),
)}


def initial_state(kind: str) -> str:
    """The state a newly registered case starts in."""
    return "negotiation_requested" if kind == "negotiation" else "registered"


def next_state(snap: CaseSnapshot, event: str, data: Mapping[str, Any], *,
               guards: bool = True) -> str:
    """Judge ``event`` against the case and return the state it leads to.

    With ``guards=False`` only the current state is judged (used to refuse an
    illegal step before its data is examined).

    Raises:
        TransitionError: the event is unknown, or not allowed now; the message says why
            and, where there is one, which step has to come first.
    """
    spec = EVENTS.get(event)
    if spec is None:
        allowed = ", ".join(EVENTS)
        raise TransitionError(f"未知的事件“{event}”，可用：{allowed}",
                              f"unknown event {event!r}; allowed: {allowed}", "event")
    if snap.status not in spec.sources:
        here = STATES.get(snap.status, snap.status)
        ok = "、".join(STATES[s] for s in spec.sources)
        raise TransitionError(
            f"案件当前状态为“{here}”，不能执行“{spec.label}”（仅限：{ok}）",
            f"case is {snap.status!r}; {event!r} is allowed only from: "
            f"{', '.join(spec.sources)}",
            "event",
        )
    for guard in spec.guards if guards else ():
        problem = guard(snap, data)
        if problem:
            raise TransitionError(problem[0], problem[1], "event")
    return spec.target or snap.status


def allowed_events(snap: CaseSnapshot) -> list[str]:
    """Events that may be recorded now (guards ignored: they depend on the data)."""
    return [code for code, spec in EVENTS.items() if snap.status in spec.sources]
