"""The guards of the event table: each says why an event may not happen now, or nothing.

A guard takes the :class:`~desktop.domain.case_state.CaseSnapshot` and the event's clean
data and returns ``None`` or ``(Chinese, English)``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from desktop.domain import vocab
from desktop.domain.agreement import payment_order_problem
from desktop.domain.case_state import OWN_PROCEDURE_SOURCES, CaseSnapshot
from desktop.domain.signers import (
    MEDIATOR,
    ORG_SEAL,
    SIDE_SIGNERS,
    parse_party_key,
    party_key,
    signer_label,
    signing_parties,
)
from desktop.domain.text import shorten

Problem = tuple[str, str] | None
Guard = Callable[[CaseSnapshot, Mapping[str, Any]], Problem]

# Guards that judge the case alone (never the event's data or day): an event one of them
# refuses is not offered at all (``lifecycle.allowed_events``).
CASE_GUARDS: set[Guard] = set()


def _case_only(guard: Guard) -> Guard:
    CASE_GUARDS.add(guard)
    return guard


def _consents(data: Mapping[str, Any]) -> bool:
    return data.get("applicant_consent") is True and data.get("respondent_consent") is True


@_case_only
def effective(snap: CaseSnapshot, data: Mapping[str, Any]) -> Problem:
    """The agreement in force is effective (every required mark recorded)."""
    if snap.agreement_effective:
        return None
    missing = "、".join(signer_label(k, snap.parties) for k in snap.required_signers
                       if k not in snap.signed)
    return (f"协议尚未生效，缺少：{missing or '协议'}",
            "the agreement is not effective yet: signatures or seal missing")


def archive_consent(snap: CaseSnapshot, data: Mapping[str, Any]) -> Problem:
    """A settlement is archived only once signed by both and both consent (R11)."""
    # R11 binds the settlement itself, whatever happened to it since (performed or not).
    if snap.kind != "negotiation" or not snap.has_agreement:
        return None
    if not snap.agreement_effective:
        return ("和解协议须经双方当事人签署后才能归档", "a settlement is archived only once "
                "both parties have signed it")
    if _consents(data):
        return None
    return ("和解协议归档须经双方当事人同意",
            "archiving a settlement needs both parties' consent "
            "(applicant_consent and respondent_consent true)")


def both_consent(snap: CaseSnapshot, data: Mapping[str, Any]) -> Problem:
    """An extension needs both parties' recorded consent (R3a)."""
    if _consents(data):
        return None
    return ("延长调解期限须经双方当事人同意",
            "an extension needs both parties' recorded consent "
            "(applicant_consent and respondent_consent true)")


def expand_signers(snap: CaseSnapshot, value: str) -> list[str]:
    """The keys a ``signer`` value stands for: a side means its parties still to sign."""
    if value not in SIDE_SIGNERS:
        return [value]
    side = [party_key(p.position) for p in signing_parties(snap.parties,
                                                           collective=snap.collective)
            if p.side == value]
    return [k for k in side if k not in snap.signed] or side


def sign(snap: CaseSnapshot, data: Mapping[str, Any]) -> Problem:
    """Each signer is required, not yet recorded; mediator assigned; seal last (R4)."""
    if not snap.has_agreement:
        return ("尚无协议可签署", "there is no agreement to sign")
    keys = list(data.get("signers") or expand_signers(snap, str(data.get("signer"))))
    needed = snap.required_signers
    for key in keys:
        problem = _one_signer(snap, key, needed)
        if problem:
            return problem
    if ORG_SEAL in keys:
        others = [k for k in needed if k != ORG_SEAL and k not in snap.signed
                  and k not in keys]
        if others:
            missing = "、".join(signer_label(k, snap.parties) for k in others)
            return (f"调解组织印章须在全部签名之后加盖，尚缺：{missing}",
                    "the organisation's seal goes on last, after every signature")
    return None


def _one_signer(snap: CaseSnapshot, key: str, needed: tuple[str, ...]) -> Problem:
    if snap.kind == "negotiation" and key in (MEDIATOR, ORG_SEAL):
        return ("和解协议只由双方当事人签署，无需调解员签名或组织印章",
                "a settlement is signed by the two parties only")
    if key not in needed:
        return (f"“{shorten(key)}”不是本协议的签署方", f"{shorten(key)} is not a signer of "
                "this agreement")
    if key in snap.signed:
        return (f"{signer_label(key, snap.parties)}已记录", "this signer has already signed")
    if key == MEDIATOR and not snap.mediator_assigned:
        return ("调解员签名须为本案指派的调解员，请先指派调解员（assign）",
                "the mediator who signs is the case's assigned mediator: assign one first")
    position = parse_party_key(key)
    party = next((p for p in snap.parties if p.position == position), None)
    if party is not None and snap.collective and party.representative and not snap.authorised:
        return ("代表签署集体协议须先记录劳动者的书面授权（“记录集体争议代表授权”）",
                "representatives sign a collective agreement only with the workers' "
                "recorded authorisation")
    return None


@_case_only
def mediation_only(snap: CaseSnapshot, data: Mapping[str, Any]) -> Problem:
    """Review and confirmation concern mediation agreements only."""
    # BAGZ art. 74 and CPL art. 205 concern agreements made before a mediation organisation.
    if snap.kind == "mediation":
        return None
    return ("仲裁审查和司法确认只适用于调解协议，不适用于和解协议",
            "arbitration review and judicial confirmation apply to mediation agreements only")


@_case_only
def own_procedure(snap: CaseSnapshot, data: Mapping[str, Any]) -> Problem:
    """Only the station's own agreements go to review/confirmation (§7.1)."""
    if snap.source in OWN_PROCEDURE_SOURCES:
        return None
    return ("委托调解的案件由委托的法院或仲裁委出具调解书，"
            "本组织的协议不另行申请仲裁审查或司法确认",
            "an entrusted case ends in the court's or commission's own award; its agreement is "
            "not reviewed or confirmed (TY2016 20, 24; LDMAL 42)")


def review_window_ok(snap: CaseSnapshot, data: Mapping[str, Any]) -> Problem:
    """Arbitration review is refused for labour relations, late, or confirmed."""
    if snap.agreement is not None and snap.agreement.confirms_labour_relation:
        return ("确认劳动关系的调解协议不能申请仲裁审查（办案规则第七十五条第四项）",
                "an agreement confirming a labour relation is not reviewed (BAGZ 75(4))")
    if snap.confirmation_granted:
        return ("协议已经司法确认，不能再申请仲裁审查", "already judicially confirmed (BAGZ 75(5))")
    if "arbitration_review_due" in snap.overdue:
        return ("已超过协议生效后15日的仲裁审查申请期限", "the 15-day window for review has passed "
                "(BAGZ 75(3))")
    return None


@_case_only
def not_yet_effective(snap: CaseSnapshot, data: Mapping[str, Any]) -> Problem:
    """An effective agreement binds: it can no longer fail or end."""
    if snap.status in ("agreement", "settled") and snap.agreement_effective:
        return ("协议已生效，不能再作调解不成或终止处理",
                "the agreement is already effective and binds the parties")
    return None


def lapsed_reason(snap: CaseSnapshot, data: Mapping[str, Any]) -> Problem:
    """Termination as lapsed only once the mediation period has passed (§7.5)."""
    if data.get("reason") != "lapsed" or "mediation_due" in snap.overdue:
        return None
    return ("调解期限尚未届满，不能以“超过调解期限”终止", "the mediation period has not passed yet")


def payment_order(snap: CaseSnapshot, data: Mapping[str, Any]) -> Problem:
    """支付令 guidance only where LDMAL 16 allows it (§7.4)."""
    on = date.fromisoformat(str(data.get("occurred_on", date.max.isoformat())))
    return payment_order_problem(snap.agreement, int(data.get("term", 0)), snap.parties, on)


def due_passed(snap: CaseSnapshot, data: Mapping[str, Any]) -> Problem:
    """Non-performance only after the unpaid term's due day (§7.4)."""
    if snap.agreement is None or "occurred_on" not in data:
        return None
    on = date.fromisoformat(str(data["occurred_on"]))
    named = data.get("unpaid_terms")
    terms = [t for t in snap.agreement.terms if named is None or t.index in named]
    if named is not None and len(terms) != len(set(named)):
        return ("未履行事项中有协议里不存在的事项",
                "unpaid_terms names a term that does not exist")
    if named is None and any(t.due_on < on for t in terms):
        return None
    late = [t for t in terms if t.due_on >= on]
    if terms and not late:
        return None
    first = min(t.due_on for t in (late or terms)).isoformat() if terms else "—"
    return (f"履行期限（{first}）尚未届满，不能记录未履行", f"the term is due on {first}; "
            "non-performance can be recorded only after its due day")


def source_in(*sources: str) -> Guard:
    """A guard allowing the event only for cases from ``sources``."""
    def guard(snap: CaseSnapshot, data: Mapping[str, Any]) -> Problem:
        if snap.source in sources:
            return None
        names = "、".join(vocab.SOURCES[s] for s in sources)
        return (f"此步骤只适用于{names}的案件", f"only for cases from: {', '.join(sources)}")
    return _case_only(guard)


@_case_only
def collective_only(snap: CaseSnapshot, data: Mapping[str, Any]) -> Problem:
    """Only a collective dispute records representatives' authorisation."""
    return None if snap.collective else ("只有集体争议需要记录代表授权",
                                         "only a collective dispute has representatives")


@_case_only
def major_only(snap: CaseSnapshot, data: Mapping[str, Any]) -> Problem:
    """Only a major collective dispute has its first response and report."""
    return None if snap.major else ("本案不是重大集体争议", "not a major collective dispute")


@_case_only
def after_advice(snap: CaseSnapshot, data: Mapping[str, Any]) -> Problem:
    """Feedback follows an issued 调解建议书."""
    return None if snap.advice_issued else ("尚未发出调解建议书", "no 调解建议书 was issued")


def to_mediation(snap: CaseSnapshot, data: Mapping[str, Any]) -> Problem:
    """A pending request goes on to mediation only once 5 days passed (R10)."""
    if snap.status != "negotiation_requested" or "negotiation_reply_due" in snap.overdue:
        return None
    return ("对方答复期限（5日）未届满，尚不能视为不愿协商",
            "the 5-day reply period has not passed")


def payers_exist(snap: CaseSnapshot, data: Mapping[str, Any]) -> Problem:
    """Each term's ``payer_party`` names a party of the case."""
    if not snap.parties:
        return None
    positions = {p.position for p in snap.parties}
    for i, term in enumerate(data.get("terms") or ()):
        payer = term.get("payer_party") if isinstance(term, Mapping) else None
        if payer is not None and payer not in positions:
            return (f"第 {i + 1} 项所写的付款方不是本案当事人",
                    f"terms[{i}].payer_party {payer} is not a party of this case")
    return None


def filed_first(filing: str) -> Guard:
    """A result follows its filing (``review_filed`` / ``confirmation_filed``)."""
    def guard(snap: CaseSnapshot, data: Mapping[str, Any]) -> Problem:
        if filing in snap.filed:
            return None
        return ("尚未记录申请，不能记录结果", f"record {filing} before its result")
    return _case_only(guard)


# Guards that judge a case by which of its clocks are overdue on the event's day: an event
# carrying one of these needs the clocks computed for that day; others do not.
CLOCK_GUARDS: frozenset[Guard] = frozenset({review_window_ok, lapsed_reason, to_mediation})
