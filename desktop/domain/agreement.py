"""An agreement as the events built it: terms, signatures, effect, 支付令 eligibility.

The agreement is folded from the case's events (``agree``/``settle`` make it, ``sign``
adds marks, ``fail``/``terminate``/``negotiation_fail`` before it took effect void it),
so the rules never depend on how storage lays it out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from desktop.domain.signers import (
    SIDE_SIGNERS,
    PartyFacts,
    party_key,
    required_signers,
    signing_parties,
)

# 支付令 may be sought on these kinds of debt only (LDMAL 16).
PAYMENT_ORDER_CATEGORIES = ("wages", "injury_medical", "compensation")
VOIDING_EVENTS = ("fail", "terminate", "negotiation_fail")


class EventLike(Protocol):
    """An event as recorded: code, day, data (see :class:`desktop.domain.clocks.RecordedEvent`)."""

    @property
    def event(self) -> str: ...

    @property
    def occurred_on(self) -> date: ...

    @property
    def data(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class Term:
    """One obligation of an agreement."""

    index: int
    amount_fen: int
    due_on: date
    category: str | None = None
    payer_party: int | None = None


@dataclass(frozen=True)
class AgreementFacts:
    """What the rules need to know of the case's current agreement."""

    kind: str
    concluded_on: date
    terms: tuple[Term, ...]
    signed: Mapping[str, date] = field(default_factory=dict)

    @property
    def confirms_labour_relation(self) -> bool:
        """True if a term confirms a labour relation (BAGZ 75(4): no arbitration review)."""
        return any(t.category == "labour_relation" for t in self.terms)


def terms_from_data(raw: Sequence[Mapping[str, Any]]) -> tuple[Term, ...]:
    """Terms as stored in the event data (already checked)."""
    return tuple(Term(i, int(t.get("amount_fen", 0)), date.fromisoformat(t["due_on"]),
                      t.get("category"), t.get("payer_party")) for i, t in enumerate(raw))


def fold_agreement(events: Sequence[EventLike], parties: Sequence[PartyFacts], *,
                   collective: bool) -> AgreementFacts | None:
    """The agreement in force after ``events``: ``None`` if none was made or it was voided."""
    current: AgreementFacts | None = None
    for e in events:
        if e.event in ("agree", "settle"):
            kind = "settlement" if e.event == "settle" else "mediation"
            current = AgreementFacts(kind, e.occurred_on, terms_from_data(e.data.get("terms", ())))
        elif e.event == "sign" and current is not None:
            keys = e.data.get("signers") or [e.data.get("signer")]
            marks = dict(current.signed)
            for key in keys:
                for k in _expand_legacy(str(key), parties, collective):
                    marks.setdefault(k, e.occurred_on)
            current = AgreementFacts(current.kind, current.concluded_on, current.terms, marks)
        elif e.event in VOIDING_EVENTS and current is not None:
            current = None
    return current


def _expand_legacy(key: str, parties: Sequence[PartyFacts], collective: bool) -> list[str]:
    """Records made before per-party keys name a side; they stand for that side's parties."""
    if key not in SIDE_SIGNERS:
        return [key]
    return [party_key(p.position) for p in signing_parties(parties, collective=collective)
            if p.side == key]


def effective_on(agreement: AgreementFacts | None, parties: Sequence[PartyFacts], *,
                 collective: bool) -> date | None:
    """The day the agreement took effect: the day of its last required mark (R4)."""
    if agreement is None:
        return None
    kind = "negotiation" if agreement.kind == "settlement" else "mediation"
    needed = required_signers(parties, kind=kind, collective=collective)
    if not all(k in agreement.signed for k in needed):
        return None
    return max((agreement.signed[k] for k in needed), default=agreement.concluded_on)


def payer_is_employer(term: Term, parties: Sequence[PartyFacts]) -> bool:
    """True if the term names an employer party as its payer (``payer_party``)."""
    payer = next((p for p in parties if p.position == term.payer_party), None)
    return payer is not None and payer.kind == "employer"


def payment_order_problem(agreement: AgreementFacts | None, term_index: int,
                          parties: Sequence[PartyFacts], on: date) -> tuple[str, str] | None:
    """Why a 支付令 cannot be sought on a term on day ``on`` (LDMAL 16), or ``None``.

    Only on a 调解协议书 (not a 和解协议), only for 劳动报酬/工伤医疗费/经济补偿/赔偿金,
    only when the employer pays, only after the term's due day passed unpaid.
    """
    if agreement is None or agreement.kind != "mediation":
        return ("支付令只能依据调解协议书申请（和解协议不适用）",
                "a payment order rests on a mediation agreement only, not a settlement")
    term = next((t for t in agreement.terms if t.index == term_index), None)
    if term is None:
        return (f"协议中没有第 {term_index + 1} 项履行内容", f"no term {term_index}")
    if term.category not in PAYMENT_ORDER_CATEGORIES:
        return ("支付令只适用于拖欠劳动报酬、工伤医疗费、经济补偿或赔偿金的协议事项",
                "a payment order covers wages, injury medical costs, compensation or damages only")
    if not payer_is_employer(term, parties):
        return ("支付令只适用于用人单位为付款方的协议事项（请在协议事项中注明付款方）",
                "a payment order applies only where the employer is the payer (payer_party)")
    if on <= term.due_on:
        return (f"该事项的履行期限 {term.due_on.isoformat()} 尚未届满",
                f"the term is due on {term.due_on.isoformat()}; it has not been missed yet")
    return None


def default_day(agreement: AgreementFacts | None, unpaid: Sequence[int] | None) -> date | None:
    """The day of default: the earliest due day among the unpaid terms (all if not named)."""
    if agreement is None or not agreement.terms:
        return None
    terms = [t for t in agreement.terms if unpaid is None or t.index in unpaid]
    return min((t.due_on for t in terms), default=None)
