"""A made-up case every form is test-filled with when it is loaded, so a locality's form
that names data that does not exist is reported at once (and the built-in form kept),
not when someone issues it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop.documents import context
from desktop.domain.clocks import Clock
from desktop.domain.records import Agreement, AgreementTerm, Case, Claim, Event, Party

DAY = "2026-03-02"


@dataclass
class SampleCase:
    """A mediation case with an agreement: every part of the context has something."""

    case: Case = field(default_factory=lambda: Case(
        pk=0, uid="sample", case_no="示例劳人调字〔2026〕第1号", year=2026, seq_no=1,
        kind="mediation", source="application", status="agreement", received_on=DAY,
        summary="示例争议事项", dispute_types=("wages",), primary_type="wages",
        claimed_fen=100_000, worker_count=1, flags=(), accepted_on=DAY, mediator_name="示例",
        court_case_no="（2026）示0000民初1号"))
    parties: list[Party] = field(default_factory=lambda: [
        Party(0, "applicant", "worker", "示例甲", id_type="resident_id",
              id_number="110101199003070000", phone="13800000000", address="示例地址",
              gender="male", birth_date="1990-03-07"),
        Party(1, "respondent", "employer", "示例公司", uscc="91110000000000000X",
              phone="010-00000000", address="示例地址", legal_rep="示例乙"),
        Party(2, "applicant", "agent", "示例代理人", phone="13900000000")])
    claims: list[Claim] = field(default_factory=lambda: [Claim("示例请求", 100_000)])
    agreement: Agreement | None = field(default_factory=lambda: Agreement(
        seq=3, kind="mediation", concluded_on=DAY, total_fen=100_000, copies=3,
        terms=(AgreementTerm("示例款项", 100_000, DAY, "银行转账", "wages", "示例公司",
                             "示例甲", "示例账户", 1),), waiver="示例"))
    events: list[Event] = field(default_factory=lambda: [
        Event(1, "accept", DAY, DAY, "sample", "accepted", {}),
        Event(2, "session", DAY, DAY, "sample", "mediating",
              {"place": "示例", "mediator": "示例", "participants": "示例", "note": "示例"}),
        Event(3, "agree", DAY, DAY, "sample", "agreement", {"terms": []})])
    clocks: dict[str, Clock] = field(default_factory=dict)


def sample_context(org: dict[str, Any] | None = None) -> dict[str, Any]:
    """The context of the sample case, as a form sees a real one."""
    return context.build(SampleCase(), org or {"name": "示例调解组织", "short_name": "示例"},
                         doc={"number": "示例劳人调〔2026〕示字第1号", "title": "示例"},
                         today=date(2026, 3, 2), issued={})
