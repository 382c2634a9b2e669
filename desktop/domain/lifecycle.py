"""The case lifecycle: one declarative table of events (DESIGN.md, DOMAIN.md §1 and §7).

Mediation: registered → accepted | refused → mediating → agreement | failed |
withdrawn | terminated; after an effective agreement: performing → performed |
partly_performed | not_performed; every closed state → archived.

Negotiation (协商和解): negotiation_requested → negotiating | declined →
settled | negotiation_failed; a settlement is archived only once both parties signed it
and both consent (R11); a refused consent closes the file unarchived (``not_archived``);
a declined, failed or unperformed negotiation may go on to mediation (``transferred``).

Every event is one :class:`EventSpec` in :data:`EVENTS`: where it may happen, where it
leads, its guards, the fields it carries with their checks, and its :class:`Effect` on
storage.  Everything else (allowed events, field checks, the closing set) derives from
the table.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop.domain import fields as f
from desktop.domain import vocab
from desktop.domain.agreement import EventLike
from desktop.domain.case_state import (  # noqa: F401  (re-exported: the lifecycle's vocabulary)
    AFTER_AGREEMENT,
    CLOSED,
    ENTRUSTED_SOURCES,
    OPEN_MEDIATION,
    OWN_PROCEDURE_SOURCES,
    STATES,
    TERMINAL,
    TERMINATION_REASONS,
    CaseSnapshot,
    display_status,
    snapshot,
)
from desktop.domain.errors import TransitionError
from desktop.domain.guards import (  # noqa: F401  (expand_signers re-exported)
    CASE_GUARDS,
    CLOCK_GUARDS,
    Guard,
    after_advice,
    archive_consent,
    both_consent,
    collective_only,
    due_passed,
    effective,
    expand_signers,
    filed_first,
    lapsed_reason,
    major_only,
    mediation_only,
    not_yet_effective,
    own_procedure,
    payers_exist,
    payment_order,
    review_window_ok,
    sign,
    source_in,
    to_mediation,
)
from desktop.domain.text import shorten


class Effect(enum.Enum):
    """What storage does when an event is recorded (applied generically by the service)."""

    SET_ACCEPTED_ON = "set_accepted_on"
    SET_CLOSED_ON = "set_closed_on"
    CREATE_AGREEMENT = "create_agreement"
    CREATE_SETTLEMENT = "create_settlement"
    RECORD_SIGNATURE = "record_signature"
    VOID_UNSIGNED_AGREEMENT = "void_unsigned_agreement"
    CREATE_SESSION = "create_session"
    CREATE_FOLLOW_UP = "create_follow_up"
    ASSIGN_MEDIATOR = "assign_mediator"
    RECORD_PAID = "record_paid"
    OPEN_LINKED_MEDIATION = "open_linked_mediation"
    CORRECT_EVENT_DAY = "correct_event_day"


@dataclass(frozen=True)
class FieldSpec:
    """One field an event may carry."""

    check: f.Checker
    required: bool = False
    default: Any = None


@dataclass(frozen=True)
class EventSpec:
    """One kind of event: where it may happen, where it leads, what it carries and does."""

    code: str
    label: str
    sources: tuple[str, ...]
    target: str | None = None
    guards: tuple[Guard, ...] = ()
    fields: Mapping[str, FieldSpec] = field(default_factory=dict)
    effects: frozenset[Effect] = frozenset()
    kinds: tuple[str, ...] = ("mediation", "negotiation")

    @property
    def closes(self) -> bool:
        """True if the event closes the case (sets its closing day)."""
        return Effect.SET_CLOSED_ON in self.effects

    @property
    def needs_clocks(self) -> bool:
        """True if a guard judges the event by the clocks overdue on its day."""
        return any(g in CLOCK_GUARDS for g in self.guards)


# --- the table -----------------------------------------------------------------------

_OPEN = OPEN_MEDIATION + ("negotiation_requested", "negotiating")
_AFTER = AFTER_AGREEMENT
_ANY_LIVE = _OPEN + _AFTER + CLOSED
E = Effect
CONSENT = {"applicant_consent": FieldSpec(f.boolean), "respondent_consent": FieldSpec(f.boolean)}
REASON = {"reason": FieldSpec(f.free_text(500))}
AGREEMENT_FIELDS = {"terms": FieldSpec(f.terms, required=True),
                    "waiver": FieldSpec(f.free_text()), "copies": FieldSpec(f.copies, default=3)}
PAID = {"paid_fen": FieldSpec(f.fen), "unpaid_terms": FieldSpec(f.indexes)}
RESULT = {"result": FieldSpec(f.code(vocab.REVIEW_RESULTS, "结果"), required=True)}
AUTHORITY = {"authority": FieldSpec(f.name(200))}
NEXT_SESSION = {"next_on": FieldSpec(f.day)}  # the next session set with the parties
_MED = ("mediation",)
_NEG = ("negotiation",)


def _spec(code: str, label: str, sources: tuple[str, ...], target: str | None = None, *,
          guards: tuple[Guard, ...] = (), fields: Mapping[str, FieldSpec] | None = None,
          effects: tuple[Effect, ...] = (), kinds: tuple[str, ...] = ("mediation", "negotiation"),
          ) -> EventSpec:
    return EventSpec(code, label, sources, target, guards, dict(fields or {}),
                     frozenset(effects), kinds)


EVENTS: dict[str, EventSpec] = {e.code: e for e in (
    _spec("accept", "受理", ("registered",), "accepted", effects=(E.SET_ACCEPTED_ON,)),
    _spec("refuse", "不予受理", ("registered",), "refused", effects=(E.SET_CLOSED_ON,),
          fields={"reason": FieldSpec(f.free_text(500), required=True)}),
    _spec("start", "开始调解", ("accepted",), "mediating", fields=NEXT_SESSION),
    _spec("session", "调解记录", ("mediating",), effects=(E.CREATE_SESSION,),
          fields={"place": FieldSpec(f.free_text(200)), "mediator": FieldSpec(f.name()),
                  "participants": FieldSpec(f.free_text(500)), **NEXT_SESSION}),
    _spec("extend", "延长调解期限", ("mediating",), guards=(both_consent,),
          fields={"new_due_on": FieldSpec(f.new_due, required=True), **CONSENT}),
    _spec("authorise_representatives", "记录集体争议代表授权",
          _OPEN + ("agreement", "settled"), guards=(collective_only,),
          fields={"document": FieldSpec(f.free_text(500), required=True),
                  "scope": FieldSpec(f.free_text(500))}),
    _spec("agree", "达成调解协议", ("mediating",), "agreement", fields=AGREEMENT_FIELDS,
          guards=(payers_exist,),
          effects=(E.CREATE_AGREEMENT,)),
    _spec("fail", "调解不成", ("mediating", "agreement"), "failed", guards=(not_yet_effective,),
          fields=REASON, effects=(E.SET_CLOSED_ON, E.VOID_UNSIGNED_AGREEMENT)),
    _spec("withdraw", "申请人撤回", OPEN_MEDIATION + ("negotiation_requested",), "withdrawn",
          fields=REASON, effects=(E.SET_CLOSED_ON,)),
    _spec("terminate", "终止调解", OPEN_MEDIATION + ("agreement",), "terminated",
          guards=(not_yet_effective, lapsed_reason),
          fields={"reason": FieldSpec(f.code(TERMINATION_REASONS, "终止原因"), required=True)},
          effects=(E.SET_CLOSED_ON, E.VOID_UNSIGNED_AGREEMENT)),
    _spec("delegate", "委派下级调解组织", OPEN_MEDIATION, "delegated", kinds=_MED,
          fields={"to_org": FieldSpec(f.name(200, required=True), required=True),
                  "mode": FieldSpec(f.code(vocab.DELEGATION_MODES, "委派方式"),
                                    default="delegated"),
                  "court_case_no": FieldSpec(f.name(64))},
          effects=(E.SET_CLOSED_ON,)),
    _spec("sign", "签名盖章", ("agreement", "settled"), guards=(sign,),
          fields={"signer": FieldSpec(f.signer, required=True)},
          effects=(E.RECORD_SIGNATURE,)),
    _spec("perform", "进入履行", ("agreement", "settled"), "performing", guards=(effective,)),
    _spec("performed", "已全部履行", ("performing",), "performed", fields=PAID,
          effects=(E.SET_CLOSED_ON, E.RECORD_PAID)),
    _spec("partly_performed", "部分履行", ("performing",), "partly_performed",
          guards=(due_passed,), fields=PAID, effects=(E.SET_CLOSED_ON, E.RECORD_PAID)),
    _spec("not_performed", "未履行", ("performing",), "not_performed", guards=(due_passed,),
          fields=PAID, effects=(E.SET_CLOSED_ON, E.RECORD_PAID)),
    _spec("follow_up", "回访", _AFTER, effects=(E.CREATE_FOLLOW_UP,),
          fields={"visitor": FieldSpec(f.name()), "performance": FieldSpec(f.free_text(500)),
                  "satisfaction": FieldSpec(f.free_text(200))}),
    _spec("capacity_assessed", "履约能力评估", _AFTER,
          fields={"grade": FieldSpec(f.code(vocab.CAPACITY_GRADES, "风险等级"), required=True),
                  "measures": FieldSpec(f.free_text()), "assessor": FieldSpec(f.name())}),
    _spec("performance_notice_issued", "发出履行告知书", _AFTER,
          fields={"delivered_by": FieldSpec(f.free_text(200))}),
    _spec("review_filed", "申请仲裁审查", _AFTER, kinds=_MED,
          guards=(mediation_only, own_procedure, effective, review_window_ok),
          fields=AUTHORITY),
    _spec("review_result", "仲裁审查结果", _AFTER, kinds=_MED,
          guards=(mediation_only, own_procedure, filed_first("review_filed")), fields=RESULT),
    _spec("confirmation_filed", "申请司法确认", _AFTER, kinds=_MED,
          guards=(mediation_only, own_procedure, effective), fields=AUTHORITY),
    _spec("confirmation_result", "司法确认结果", _AFTER, kinds=_MED,
          guards=(mediation_only, own_procedure, filed_first("confirmation_filed")),
          fields=RESULT),
    _spec("court_filing", "向委派法院备案", _AFTER, kinds=_MED,
          guards=(source_in("court_delegated"), effective),
          fields={"court": FieldSpec(f.name(200)), "filing_no": FieldSpec(f.name(64))}),
    _spec("court_return", "向法院报告并退回材料", ("failed", "terminated", "withdrawn"),
          kinds=_MED, guards=(source_in("court_delegated", "court_entrusted"),),
          fields={"report": FieldSpec(f.free_text(), required=True),
                  "materials_returned": FieldSpec(f.must_be_true("材料已退回"), required=True)}),
    _spec("referral_reported", "向委托机关报送调解结果", _AFTER + ("failed", "terminated"),
          kinds=_MED, guards=(source_in(*ENTRUSTED_SOURCES),),
          fields={"report": FieldSpec(f.free_text(), required=True)}),
    _spec("review_outcome", "结案审核", CLOSED + _AFTER,
          fields={"result": FieldSpec(f.code(vocab.OUTCOME_REVIEW_RESULTS, "审核结果"),
                                      required=True),
                  "reviewer": FieldSpec(f.name())}),
    _spec("payment_order_guided", "引导申请支付令", ("performing", "partly_performed",
                                                   "not_performed"), kinds=_MED,
          guards=(payment_order,), fields={"term": FieldSpec(f.count(0, 999), required=True)}),
    _spec("assign", "指派调解员", _OPEN + ("agreement",), effects=(E.ASSIGN_MEDIATOR,),
          fields={"mediator": FieldSpec(f.name(required=True), required=True)}),
    _spec("advice_issued", "发出调解建议书", _ANY_LIVE,
          fields={"subtype": FieldSpec(f.code(vocab.ADVICE_SUBTYPES, "建议书类型"), required=True),
                  "addressee": FieldSpec(f.name(200, required=True), required=True),
                  "problems": FieldSpec(f.free_text()),
                  "feedback_due_on": FieldSpec(f.day)}),
    _spec("advice_feedback", "调解建议书反馈", _ANY_LIVE, guards=(after_advice,),
          fields={"result": FieldSpec(f.code(vocab.ADVICE_FEEDBACK, "反馈结果"), required=True)}),
    _spec("major_first_response", "重大集体争议首次响应", _OPEN + _AFTER, guards=(major_only,),
          fields={"measures": FieldSpec(f.free_text(), required=True),
                  "responder": FieldSpec(f.name())}),
    _spec("major_reported", "重大集体争议向上报告", _OPEN + _AFTER + CLOSED, guards=(major_only,),
          fields={"authority": FieldSpec(f.name(200, required=True), required=True),
                  "report_no": FieldSpec(f.name(64))}),
    _spec("negotiation_accept", "对方同意协商", ("negotiation_requested",), "negotiating",
          kinds=_NEG),
    _spec("negotiation_decline", "对方不愿协商", ("negotiation_requested",), "declined",
          kinds=_NEG, effects=(E.SET_CLOSED_ON,)),
    _spec("settle", "达成和解协议", ("negotiating",), "settled", kinds=_NEG,
          fields=AGREEMENT_FIELDS, effects=(E.CREATE_SETTLEMENT,)),
    _spec("negotiation_fail", "协商不成", ("negotiating", "settled"), "negotiation_failed",
          kinds=_NEG, guards=(not_yet_effective,), fields=REASON,
          effects=(E.SET_CLOSED_ON, E.VOID_UNSIGNED_AGREEMENT)),
    _spec("to_mediation", "转调解", ("negotiation_requested", "declined", "negotiation_failed",
                                   "partly_performed", "not_performed"), "transferred",
          kinds=_NEG, guards=(to_mediation,), fields=REASON,
          effects=(E.SET_CLOSED_ON, E.OPEN_LINKED_MEDIATION)),
    # A mistaken date (a PC clock set ahead, a typing slip) is corrected by a recorded,
    # audited event naming the event and the right day, never by editing the event.
    _spec("correct", "更正事件日期", _ANY_LIVE + ("archived",),
          fields={"seq": FieldSpec(f.count(1, 1_000_000), required=True),
                  "corrected_on": FieldSpec(f.past_day, required=True),
                  "reason": FieldSpec(f.free_text(500, required=True), required=True)},
          effects=(E.CORRECT_EVENT_DAY,)),
    _spec("archive", "归档", CLOSED + ("settled",), "archived", guards=(archive_consent,),
          fields=CONSENT),
    _spec("archive_refused", "当事人不同意归档", ("settled",) + CLOSED, "not_archived",
          kinds=_NEG, fields=REASON, effects=(E.SET_CLOSED_ON,)),
)}

# Events that close the case, derived from the table.
CLOSING_EVENTS = tuple(code for code, spec in EVENTS.items() if spec.closes)


# --- judging -------------------------------------------------------------------------


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
        raise TransitionError(f"未知的事件“{shorten(event)}”，可用：{allowed}",
                              f"unknown event {shorten(event)}; allowed: {allowed}", "event")
    if snap.status not in spec.sources or snap.kind not in spec.kinds:
        here = STATES.get(snap.status, snap.status)
        ok = "、".join(STATES[s] for s in spec.sources)
        raise TransitionError(
            f"案件当前状态为“{here}”，不能执行“{spec.label}”（仅限：{ok}）",
            f"case is {snap.status!r} ({snap.kind}); {event!r} is allowed only from: "
            f"{', '.join(spec.sources)}", "event")
    for guard in spec.guards if guards else ():
        problem = guard(snap, data)
        if problem:
            raise TransitionError(problem[0], problem[1], "event")
    return spec.target or snap.status


def allowed_events(snap: CaseSnapshot) -> list[str]:
    """Events that may be recorded now: allowed in the case's state, and not refused by a
    guard that judges the case alone (the others depend on the event's data or day)."""
    return [code for code, spec in EVENTS.items()
            if snap.status in spec.sources and snap.kind in spec.kinds
            and not any(g(snap, {}) for g in spec.guards if g in CASE_GUARDS)]


OUTCOMES: dict[str, str] = {
    "open": "办理中", "success": "调解成功", "settled": "和解成功", "failed": "调解不成",
    "withdrawn": "申请人撤回", "refused": "不予受理", "terminated": "终止调解",
    "declined": "不愿协商", "delegated": "委派下级", "transferred": "转调解",
}
_OUTCOME_OF = {"refuse": "refused", "fail": "failed", "withdraw": "withdrawn",
               "terminate": "terminated", "negotiation_decline": "declined",
               "negotiation_fail": "failed", "delegate": "delegated",
               "to_mediation": "transferred"}


def outcome(snap: CaseSnapshot, events: Sequence[EventLike]) -> str:
    """The case's outcome for statistics (a key of :data:`OUTCOMES`).

    An effective agreement is a success; a voided draft is not — the case counts by the
    event that ended it (DOMAIN.md §7.6).
    """
    if snap.agreement_effective:
        return "settled" if snap.kind == "negotiation" else "success"
    ended = [e.event for e in events if e.event in _OUTCOME_OF]
    if ended:
        return _OUTCOME_OF[ended[-1]]
    if snap.status == "negotiation_requested" and "negotiation_reply_due" in snap.overdue:
        return "declined"
    return "open"
