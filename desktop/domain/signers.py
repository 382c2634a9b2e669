"""Who must sign an agreement (R4, DOMAIN.md §7.3) and the keys their marks are recorded by.

Signer keys: ``party:<n>`` for the party at 0-based position *n* of the case's party list
(applicants first, then respondents, as stored), ``mediator`` for the case's assigned
mediator, and ``org_seal`` for the organisation's seal.

* Every applicant-side and respondent-side party signs (both joint respondents in
  labour dispatch, LDMAL 22).  Agents (``kind == "agent"``) sign for a party, not as one.
* In a collective case with representatives, the representatives sign for the workers
  (LDMAL 7) — and only once the workers' authorisation is recorded (BAGZ 63).
* A mediation agreement also needs the assigned mediator and, last, the seal (LDMAL 14
  ¶2); a settlement only the parties.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MEDIATOR = "mediator"
ORG_SEAL = "org_seal"
SIDES: dict[str, str] = {"applicant": "申请人", "respondent": "被申请人"}
# Legacy and shorthand signer values: every still-unsigned party of that side at once.
SIDE_SIGNERS = tuple(SIDES)


@dataclass(frozen=True)
class PartyFacts:
    """What the rules need to know of one party."""

    position: int
    side: str
    kind: str
    representative: bool = False
    role: str | None = None


def party_key(position: int) -> str:
    """The signer key of the party at ``position``."""
    return f"party:{position}"


def parse_party_key(key: str) -> int | None:
    """The position in a ``party:<n>`` key, or ``None`` if ``key`` is not one."""
    head, _, tail = key.partition(":")
    if head != "party" or not tail.isascii() or not tail.isdigit() or len(tail) > 6:
        return None
    return int(tail)


def signing_parties(parties: Sequence[PartyFacts], *, collective: bool) -> list[PartyFacts]:
    """The parties who sign in person: representatives stand in for a collective side."""
    own = [p for p in parties if p.kind != "agent"]
    applicants = [p for p in own if p.side == "applicant"]
    reps = [p for p in applicants if p.representative]
    if collective and reps:
        applicants = reps
    return applicants + [p for p in own if p.side == "respondent"]


def required_signers(parties: Sequence[PartyFacts], *, kind: str,
                     collective: bool) -> tuple[str, ...]:
    """Every key that must be recorded before the agreement takes effect, seal last.

    Args:
        parties: the case's parties in stored order.
        kind: ``mediation`` (a 调解协议书) or ``negotiation`` (a 和解协议).
        collective: whether the case is a collective dispute.
    """
    keys = [party_key(p.position) for p in signing_parties(parties, collective=collective)]
    if kind == "mediation":
        keys += [MEDIATOR, ORG_SEAL]
    return tuple(keys)


def signer_label(key: str, parties: Sequence[PartyFacts]) -> str:
    """A Chinese label for a signer key, e.g. ``被申请人（第2名）签名或盖章``."""
    if key == MEDIATOR:
        return "调解员签名"
    if key == ORG_SEAL:
        return "调解组织印章"
    position = parse_party_key(key)
    party = next((p for p in parties if p.position == position), None)
    if party is None:
        return key
    same = [p for p in parties if p.side == party.side]
    rank = same.index(party) + 1
    who = "代表" if party.representative else ""
    return f"{SIDES.get(party.side, party.side)}{who}（第{rank}名）签名或盖章"
