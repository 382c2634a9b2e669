"""Cases in the states documents are issued in, on the fixture station."""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path
from typing import Any

import pytest

from desktop.services import roster
from desktop.services.auth import User

TERMS = [{"item": "拖欠工资", "amount_fen": 1_600_000, "due_on": "2026-11-30",
          "method": "银行转账", "payer": "济南鑫达建筑劳务有限公司", "payee": "申请人",
          "account": "申请人本人工资卡"},
         {"item": "经济补偿", "amount_fen": 168_032, "due_on": "2026-12-15", "method": "现金",
          "payer": "济南鑫达建筑劳务有限公司", "payee": "申请人"}]


def on(day: str, **data: Any) -> dict[str, Any]:
    return {"occurred_on": day, **data}


START = [("accept", on("2026-11-17")), ("start", on("2026-11-17")),
         ("assign", on("2026-11-17", mediator="王建国"))]
SIGNED = [("sign", on("2026-11-19", signer=s)) for s in ("applicant", "respondent", "mediator",
                                                         "org_seal")]
SCENARIOS: dict[str, tuple[str, dict[str, Any], list[tuple[str, dict[str, Any]]]]] = {
    "registered": ("single", {}, []),
    "refused": ("single", {}, [("refuse", on("2026-11-17", reason="不属于劳动争议调解范围"))]),
    "agreement": ("single", {}, START + [
        ("session", on("2026-11-18", place="调解室", note="双方陈述")),
        ("agree", on("2026-11-19", terms=TERMS, waiver="双方再无其他争议"))]),
    "performing": ("single", {}, START + [("agree", on("2026-11-19", terms=TERMS))] + SIGNED + [
        ("perform", on("2026-11-20")),
        ("capacity_assessed", on("2026-11-20", grade="medium", measures="分期支付")),
        ("performance_notice_issued", on("2026-11-20")),
        ("follow_up", on("2026-11-21", visitor="王建国", performance="已支付首期"))]),
    "terminated": ("single", {}, START + [("terminate", on("2026-11-19",
                                                            reason="respondent_refused"))]),
    "advice": ("single", {}, START + [("advice_issued", on(
        "2026-11-18", subtype="compliance", addressee="济南鑫达建筑劳务有限公司",
        problems="未按月足额支付工资", feedback_due_on="2026-12-18"))]),
    "invitation": ("single", {}, [("advice_issued", on(
        "2026-11-17", subtype="invitation", addressee="济南鑫达建筑劳务有限公司",
        feedback_due_on="2026-11-20"))]),
    "court_entrusted": ("single", {"source": "court_entrusted",
                                   "court_case_no": "（2026）鲁0112民初1234号",
                                   "court_procedure": "ordinary"},
                        START + [("agree", on("2026-11-19", terms=TERMS))]),
    "court_delegated": ("single", {"source": "court_delegated",
                                   "court_case_no": "（2026）鲁0112民诉前调5号"},
                        START + [("agree", on("2026-11-19", terms=TERMS))] + SIGNED),
    "court_delegated_failed": ("single", {"source": "court_delegated",
                                          "court_case_no": "（2026）鲁0112民诉前调6号"},
                               START + [("fail", on("2026-11-19", reason="被申请人不同意"))]),
    "oral": ("single", {"source": "oral_application"}, START),
    "collective": ("collective", {}, START + [
        ("authorise_representatives", on("2026-11-17", document="全体劳动者签署的授权委托书")),
        ("agree", on("2026-11-19", terms=[dict(TERMS[0], amount_fen=19_200_000)]))]),
    "major": ("collective", {"worker_count": 40}, START + [
        ("major_first_response", on("2026-11-17", measures="当日约谈企业负责人，启动欠薪应急预案")),
        ("major_reported", on("2026-11-17", authority="历城区人力资源和社会保障局"))]),
    "negotiation": ("single", {"source": "negotiation"}, [
        ("negotiation_accept", on("2026-11-17")), ("settle", on("2026-11-19", terms=TERMS))]),
}


@pytest.fixture
def make_case(service, single_doc, collective_doc):
    """``make_case(name)`` registers the named scenario and records its steps."""
    admin = User("admin", "admin", "admin")
    added: set[str] = set()

    def make(name: str, **changes: Any) -> str:
        base, overrides, steps = SCENARIOS[name]
        if "王建国" not in added:
            roster.add_mediator(service.station, admin, "王建国")
            added.add("王建国")
        doc = copy.deepcopy(single_doc if base == "single" else collective_doc)
        doc.update(overrides)
        doc.update(changes)
        case_no = service.register(doc, admin).case_no
        for event, data in steps:
            service.record_event(case_no, event, data, admin)
        return case_no

    return make


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def pdffonts(path: Path) -> str:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                          check=True).stdout
