"""The states a case moves through and the snapshot the rules judge it by.

:func:`snapshot` folds a stored case, its parties and its events into a
:class:`CaseSnapshot`; the event table (:mod:`desktop.domain.lifecycle`) and its guards
(:mod:`desktop.domain.guards`) read only the snapshot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from desktop.domain.agreement import AgreementFacts, EventLike, effective_on, fold_agreement
from desktop.domain.signers import PartyFacts, required_signers

STATES: dict[str, str] = {
    "registered": "已登记",
    "accepted": "已受理",
    "refused": "不予受理",
    "mediating": "调解中",
    "agreement": "调解成功",
    "failed": "调解不成",
    "withdrawn": "已撤回",
    "terminated": "已终止",
    "delegated": "已委派下级调解组织",
    "performing": "履行中",
    "performed": "已履行",
    "partly_performed": "部分履行",
    "not_performed": "未履行",
    "negotiation_requested": "协商申请",
    "negotiating": "协商中",
    "declined": "不愿协商",
    "settled": "达成和解",
    "negotiation_failed": "协商不成",
    "transferred": "已转调解",
    "not_archived": "结案不归档",
    "archived": "已归档",
}

OPEN_MEDIATION = ("registered", "accepted", "mediating")
AFTER_AGREEMENT = ("agreement", "settled", "performing", "performed", "partly_performed",
                   "not_performed")
CLOSED = ("refused", "failed", "withdrawn", "terminated", "delegated", "performed",
          "partly_performed", "not_performed", "declined", "negotiation_failed", "transferred")
TERMINAL = ("archived", "not_archived")

# Sources whose agreements the station makes on its own procedure: only these may go to
# 仲裁审查 / 司法确认 (DOMAIN.md §7.1; TY2016 20, 24 ¶3; LDMAL 42).
OWN_PROCEDURE_SOURCES = ("application", "oral_application", "proactive", "platform",
                         "court_delegated")
# Referrals that end in the referring body's own 调解书: the station reports back.
ENTRUSTED_SOURCES = ("court_entrusted", "arbitration_entrusted")

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
    """What the rules need to know about a case to judge the next step.

    Build it with :func:`snapshot` from the stored case, its parties and its events.
    """

    status: str
    kind: str = "mediation"
    source: str = "application"
    parties: tuple[PartyFacts, ...] = ()
    collective: bool = False
    major: bool = False
    agreement: AgreementFacts | None = None
    mediator_assigned: bool = False
    authorised: bool = False
    advice_issued: bool = False
    filed: frozenset[str] = frozenset()
    confirmation_granted: bool = False
    review_granted: bool = False
    overdue: frozenset[str] = frozenset()

    @property
    def has_agreement(self) -> bool:
        """True while an agreement (draft or effective) is in force."""
        return self.agreement is not None

    @property
    def signed(self) -> frozenset[str]:
        """The signer keys recorded on the agreement in force."""
        return frozenset(self.agreement.signed) if self.agreement else frozenset()

    @property
    def required_signers(self) -> tuple[str, ...]:
        """Every key the agreement needs, the seal last (settlements: the parties only)."""
        return required_signers(self.parties, kind=self.kind, collective=self.collective)

    @property
    def effective_on(self) -> date | None:
        """The day the agreement took effect (its last required mark), if it has."""
        return effective_on(self.agreement, self.parties, collective=self.collective)

    @property
    def agreement_effective(self) -> bool:
        """True once every required signature and the seal are recorded."""
        return self.effective_on is not None


def snapshot(status: str, *, kind: str, source: str, parties: Sequence[PartyFacts],
             events: Sequence[EventLike], flags: Sequence[str] = (),
             overdue: frozenset[str] = frozenset()) -> CaseSnapshot:
    """Fold a stored case, its parties and its events into what the rules judge.

    Args:
        status: the stored status.
        kind: ``mediation`` or ``negotiation``.
        source: the case source code.
        parties: the parties in stored order (applicants first).
        events: the case's events in the order they happened.
        flags: the case flags (``collective``, ``major_collective``, ...).
        overdue: keys of clocks whose due day has passed unmet (see
            :func:`desktop.domain.clocks.overdue_keys`).
    """
    collective = "collective" in flags
    codes = {e.event for e in events}
    return CaseSnapshot(
        status=status, kind=kind, source=source, parties=tuple(parties),
        collective=collective, major="major_collective" in flags,
        agreement=fold_agreement(events, parties, collective=collective),
        mediator_assigned="assign" in codes,
        authorised="authorise_representatives" in codes,
        advice_issued="advice_issued" in codes,
        filed=frozenset(codes & {"review_filed", "confirmation_filed"}),
        confirmation_granted=_granted(events, "confirmation_result"),
        review_granted=_granted(events, "review_result"),
        overdue=overdue)


def _granted(events: Sequence[EventLike], code: str) -> bool:
    return any(e.event == code and e.data.get("result") == "granted" for e in events)


def display_status(snap: CaseSnapshot) -> tuple[str, str]:
    """The status to show: a request unanswered after 5 days is 视为不愿协商 on its own."""
    if snap.status == "negotiation_requested" and "negotiation_reply_due" in snap.overdue:
        return "declined", "视为不愿协商"
    return snap.status, STATES.get(snap.status, snap.status)
