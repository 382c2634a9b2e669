"""Typed records the storage returns and the services, screens and documents read.

Plain frozen dataclasses (no I/O): the repositories build them from rows, so no layer
above storage ever sees a column name.  Global ids follow the sync design: a case has
its own UUID; what a case owns is named by the case's UUID and its position
(``<case uid>/p3`` for the fourth party, ``<case uid>/e7`` for the agreement the case's
seventh event made).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Party:
    """申请人 or 被申请人 as stored."""

    position: int
    side: str
    kind: str
    name: str
    role: str | None = None
    representative: bool = False
    id_type: str | None = None
    id_number: str | None = None
    uscc: str | None = None
    phone: str | None = None
    address: str | None = None
    legal_rep: str | None = None
    gender: str | None = None
    birth_date: str | None = None

    def global_id(self, case_uid: str) -> str:
        """The party's id across stations: the case's UUID and the party's position."""
        return f"{case_uid}/p{self.position}"


@dataclass(frozen=True)
class Claim:
    """One claim: what is asked and how much (fen)."""

    item: str
    amount_fen: int


@dataclass(frozen=True)
class AgreementTerm:
    """One performance term of an agreement (履行内容): explicit item, amount, day, method."""

    item: str
    amount_fen: int
    due_on: str
    method: str
    category: str | None = None
    payer: str | None = None
    payee: str | None = None
    account: str | None = None
    payer_party: int | None = None


@dataclass(frozen=True)
class Agreement:
    """调解协议 or 和解协议 with its terms and the signatures recorded on it.

    An agreement is the event that made it (``seq``), so its id is stable and global.
    """

    seq: int
    kind: str
    concluded_on: str
    total_fen: int
    copies: int
    terms: tuple[AgreementTerm, ...]
    signatures: dict[str, str] = field(default_factory=dict)
    waiver: str | None = None
    effective_on: str | None = None

    def global_id(self, case_uid: str) -> str:
        """The agreement's id across stations: the case and the event that made it."""
        return f"{case_uid}/e{self.seq}"


@dataclass(frozen=True)
class Event:
    """One recorded lifecycle step."""

    seq: int
    event: str
    occurred_on: str
    recorded_at: str
    actor: str
    to_status: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Case:
    """A case row (without what it owns)."""

    pk: int
    uid: str
    case_no: str
    year: int
    seq_no: int
    kind: str
    source: str
    status: str
    received_on: str
    summary: str
    dispute_types: tuple[str, ...]
    primary_type: str
    claimed_fen: int
    worker_count: int
    flags: tuple[str, ...]
    court_procedure: str | None = None
    accepted_on: str | None = None
    dispute_arose_on: str | None = None
    employment_ended_on: str | None = None
    employment_ongoing: bool = False
    agreed_fen: int | None = None
    mediator_pk: int | None = None
    mediator_name: str | None = None
    platform_serial: str | None = None
    court_case_no: str | None = None
    linked_case_pk: int | None = None
    linked_case_no: str | None = None
    effective_on: str | None = None
    closed_on: str | None = None
    outcome: str | None = None
    next_due_on: str | None = None
    next_due_key: str | None = None
    created_at: str = ""
    created_by: str = ""
    updated_at: str = ""
    updated_by: str = ""


@dataclass(frozen=True)
class CaseListRow:
    """One line of the case list, as a mediator recognises a case."""

    pk: int
    case_no: str
    first_applicant: str
    applicant_count: int
    respondents: tuple[str, ...]
    primary_type: str
    status: str
    kind: str
    source: str
    received_on: str
    accepted_on: str | None
    mediator_name: str | None
    next_due_key: str | None
    next_due_on: str | None
    days_left: int | None
    claimed_fen: int
    agreed_fen: int | None
    worker_count: int
    flags: tuple[str, ...]


@dataclass(frozen=True)
class DeadlineItem:
    """One open legal clock of a live case, as the dashboard lists it."""

    case_pk: int
    case_no: str
    clock: str
    due_on: str
    days_left: int
    optional: bool


@dataclass(frozen=True)
class Mediator:
    """A mediator on the roster."""

    pk: int
    uid: str
    name: str
    employment: str
    active: bool
    phone: str | None = None
    certificate_no: str | None = None


@dataclass(frozen=True)
class Attachment:
    """A file linked to a case, stored by its SHA-256."""

    pk: int
    sha256: str
    filename: str
    size: int
    added_at: str
    added_by: str
    description: str | None = None
