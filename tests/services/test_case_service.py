"""Registering cases and walking them through the lifecycle on a real database."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest

from desktop.domain.errors import PermissionDenied, TransitionError, ValidationError
from desktop.services.cases import CaseService

AGREE = {"terms": [{"item": "支付拖欠工资", "amount_fen": 19_200_000, "due_on": "2026-11-30",
                    "method": "银行转账", "payer": "济南鑫达建筑劳务有限公司",
                    "payee": "申请人", "account": "申请人本人工资卡"}],
         "waiver": "双方就本争议再无其他争议"}


def _count(service: CaseService, table: str) -> int:
    return service.station.read().execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_register_collective_case_numbers_flags_and_parties(service, mediator, collective_doc):
    result = service.register(collective_doc, mediator)
    assert result.case_no == "王舍人劳人调字〔2026〕第1号"
    shown = service.show(result.case_no, mediator).as_dict()
    assert shown["status"] == "registered"
    assert shown["worker_count"] == 12
    assert "collective" in shown["flags"] and "migrant_workers" in shown["flags"]
    assert "major_collective" not in shown["flags"]
    assert sum(p["representative"] for p in shown["parties"]) == 3
    assert [p["kind"] for p in shown["parties"]].count("employer") == 2
    assert shown["claimed_fen"] == 19_200_000
    assert shown["parties"][0]["gender"] == "male"
    assert service.register(collective_doc, mediator).case_no.endswith("第2号")


def test_numbers_restart_each_year(service, mediator, single_doc):
    single_doc["received_on"] = "2025-12-30"
    single_doc["dispute_arose_on"] = "2025-12-01"
    assert service.register(single_doc, mediator).case_no.endswith("〔2025〕第1号")
    single_doc["received_on"] = "2026-01-05"
    assert service.register(single_doc, mediator).case_no.endswith("〔2026〕第1号")
    assert service.register(single_doc, mediator).case_no.endswith("〔2026〕第2号")


def _roster(station, name="王建国"):
    from desktop.services import roster
    from desktop.services.auth import User
    roster.add_mediator(station, User("admin", "admin", "admin"), name)


def test_full_mediation_path_to_archive(service, mediator, collective_doc, station):
    """R4 as reviewed (DOMAIN.md §7.3): representatives sign with the workers' recorded
    authorisation, the assigned mediator signs, the seal goes on last."""
    _roster(station)
    case_no = service.register(collective_doc, mediator).case_no
    steps = [("accept", {"occurred_on": "2026-11-17"}), ("start", {"occurred_on": "2026-11-17"}),
             ("assign", {"occurred_on": "2026-11-17", "mediator": "王建国"}),
             ("authorise_representatives", {"occurred_on": "2026-11-17",
                                            "document": "全体劳动者签署的授权委托书"}),
             ("session", {"occurred_on": "2026-11-18", "place": "调解室", "notes": "首次调解"}),
             ("agree", {**AGREE, "occurred_on": "2026-11-19"})]
    for event, data in steps:
        service.record_event(case_no, event, data, mediator)
    with pytest.raises(TransitionError) as err:
        service.record_event(case_no, "perform", {}, mediator)
    assert "调解组织印章" in err.value.zh
    for signer in ("applicant", "respondent", "mediator"):
        service.record_event(case_no, "sign", {"signer": signer, "occurred_on": "2026-11-19"},
                             mediator)
    assert service.show(case_no, mediator).as_dict()["effective_on"] is None
    service.record_event(case_no, "sign", {"signer": "org_seal", "occurred_on": "2026-11-20"},
                         mediator)
    shown = service.show(case_no, mediator).as_dict()
    assert shown["effective_on"] == "2026-11-20"  # the last of the four marks
    assert shown["deadlines"]["arbitration_review_due"]["due_on"] == "2026-12-07"  # 12-05 Sat
    assert shown["deadlines"]["judicial_confirmation_due"]["due_on"] == "2026-12-21"  # 12-20 Sun
    assert shown["deadlines"]["mediation_due"]["status"] == "met"
    assert shown["deadlines"]["acceptance_due"]["status"] == "met"
    for event in ("perform", "performed", "archive"):
        service.record_event(case_no, event, {}, mediator)
    shown = service.show(case_no, mediator).as_dict()
    assert shown["status"] == "archived"
    assert shown["agreed_fen"] == 19_200_000
    assert shown["agreement"]["terms"][0]["method"] == "银行转账"
    assert [e["event"] for e in shown["events"]][:2] == ["register", "accept"]


def test_illegal_transition_is_refused_and_nothing_written(service, mediator, single_doc):
    case_no = service.register(single_doc, mediator).case_no
    before = (_count(service, "events"), _count(service, "audit_log"),
              _count(service, "case_deadlines"))
    with pytest.raises(TransitionError) as err:
        service.record_event(case_no, "agree", AGREE, mediator)
    assert "已登记" in err.value.zh and "调解中" in err.value.zh
    assert (_count(service, "events"), _count(service, "audit_log"),
            _count(service, "case_deadlines")) == before
    assert service.show(case_no, mediator).as_dict()["status"] == "registered"


def test_extension_needs_both_consents_and_moves_the_deadline(service, mediator, single_doc):
    case_no = service.register(single_doc, mediator).case_no
    service.record_event(case_no, "accept", {"occurred_on": "2026-11-16"}, mediator)
    service.record_event(case_no, "start", {"occurred_on": "2026-11-16"}, mediator)
    assert service.show(case_no, mediator).as_dict()["deadlines"]["mediation_due"]["due_on"] == \
        "2026-12-01"
    with pytest.raises(TransitionError) as err:
        service.record_event(case_no, "extend", {"new_due_on": "2026-12-15",
                                                 "applicant_consent": True}, mediator)
    assert "双方当事人同意" in err.value.zh
    with pytest.raises(ValidationError):
        service.record_event(case_no, "extend", {"new_due_on": "2026-11-30",
                                                 "applicant_consent": True,
                                                 "respondent_consent": True}, mediator)
    service.record_event(case_no, "extend", {"new_due_on": "2026-12-15",
                                             "applicant_consent": True,
                                             "respondent_consent": True}, mediator)
    assert service.show(case_no, mediator).as_dict()["deadlines"]["mediation_due"]["due_on"] == \
        "2026-12-15"


def test_negotiation_settlement_archives_only_with_consent(service, mediator, single_doc):
    single_doc["source"] = "negotiation"
    case_no = service.register(single_doc, mediator).case_no
    shown = service.show(case_no, mediator).as_dict()
    assert shown["status"] == "negotiation_requested"
    assert shown["deadlines"]["negotiation_reply_due"]["due_on"] == "2026-11-23"  # 11-21 Sat
    service.record_event(case_no, "negotiation_accept", {"occurred_on": "2026-11-18"}, mediator)
    service.record_event(case_no, "settle", {**AGREE, "occurred_on": "2026-11-19"}, mediator)
    consent = {"applicant_consent": True, "respondent_consent": True}
    with pytest.raises(TransitionError) as err:  # R11 (§7.7): signed by both first
        service.record_event(case_no, "archive", consent, mediator)
    assert "签署" in err.value.zh
    for signer in ("applicant", "respondent"):
        service.record_event(case_no, "sign", {"signer": signer}, mediator)
    with pytest.raises(TransitionError):
        service.record_event(case_no, "archive", {"applicant_consent": True}, mediator)
    service.record_event(case_no, "archive", {"applicant_consent": True,
                                              "respondent_consent": True}, mediator)
    assert service.show(case_no, mediator).as_dict()["status"] == "archived"


def test_assign_uses_the_roster(service, mediator, single_doc, station, admin):
    _roster(station)
    case_no = service.register(single_doc, mediator).case_no
    with pytest.raises(ValidationError) as err:
        service.record_event(case_no, "assign", {"mediator": "无此人"}, mediator)
    assert err.value.where == "mediator"
    service.record_event(case_no, "assign", {"mediator": "王建国"}, mediator)
    assert service.show(case_no, mediator).case.mediator_name == "王建国"
    assert service.list(mediator).rows[0].mediator_name == "王建国"


def test_viewer_cannot_write_but_can_read(service, viewer, mediator, single_doc):
    with pytest.raises(PermissionDenied):
        service.register(single_doc, viewer)
    case_no = service.register(single_doc, mediator).case_no
    assert service.show(case_no, viewer).as_dict()["case_no"] == case_no
    with pytest.raises(PermissionDenied):
        service.record_event(case_no, "accept", {}, viewer)


def test_every_write_reaches_the_outbox_and_audit(service, mediator, single_doc):
    from desktop.storage import outbox

    db = service.station.read()
    case_no = service.register(single_doc, mediator).case_no
    assert [(c.table, c.pk) for c in outbox.changed_since(db, 0) if c.table == "cases"] == [
        ("cases", 1)]
    closed = service.station.write(outbox.close_epoch)  # a batch goes out ...
    service.station.write(outbox.acknowledge, closed)  # ... and the county confirms it
    assert outbox.changed_since(db, closed) == []
    service.record_event(case_no, "accept", {}, mediator)
    changed = outbox.changed_since(db, closed)
    assert [c.table for c in changed] == ["cases"] and changed[0].change_seq > closed
    actions = [r[0] for r in db.execute("SELECT action FROM audit_log ORDER BY seq")]
    assert actions[-2:] == ["case.register", "case.accept"]
    assert service.show(case_no, mediator).case.updated_by == "mediator"


def test_bad_document_writes_nothing(service, mediator, collective_doc):
    bad = copy.deepcopy(collective_doc)
    bad["applicants"][5]["id_number"] = "371522196803126052"
    before = _count(service, "cases"), _count(service, "counters")
    with pytest.raises(ValidationError) as err:
        service.register(bad, mediator)
    assert err.value.where == "applicants[5].id_number"
    assert (_count(service, "cases"), _count(service, "counters")) == before


def test_show_is_json_serialisable(service, mediator, collective_doc):
    case_no = service.register(collective_doc, mediator).case_no
    text = json.dumps(service.show(case_no, mediator).as_dict(), ensure_ascii=False)
    assert "acceptance_due" in text


def _to_agreement(service, mediator, doc, day="2026-11-19"):
    _roster(service.station)
    case_no = service.register(doc, mediator).case_no
    for event in ("accept", "start"):
        service.record_event(case_no, event, {"occurred_on": "2026-11-17"}, mediator)
    service.record_event(case_no, "assign", {"occurred_on": "2026-11-17", "mediator": "王建国"},
                         mediator)
    service.record_event(case_no, "agree", {**AGREE, "occurred_on": day}, mediator)
    return case_no


def test_events_must_follow_the_case_in_date_order(service, mediator, single_doc):
    case_no = service.register(single_doc, mediator).case_no
    service.record_event(case_no, "accept", {"occurred_on": "2026-11-20"}, mediator)
    with pytest.raises(ValidationError) as err:
        service.record_event(case_no, "start", {"occurred_on": "2026-11-18"}, mediator)
    assert err.value.where == "occurred_on" and "2026-11-20" in err.value.zh


def test_effective_day_is_the_last_marks_day(service, mediator, single_doc):
    """LDMAL 14 ¶2: effective with the last mark; the seal goes on last (DOMAIN.md §7.3)."""
    case_no = _to_agreement(service, mediator, single_doc)
    for signer, day in (("party:0", "2026-11-19"), ("mediator", "2026-11-20"),
                        ("party:1", "2026-11-21")):
        service.record_event(case_no, "sign", {"signer": signer, "occurred_on": day}, mediator)
    assert service.show(case_no, mediator).as_dict()["effective_on"] is None
    service.record_event(case_no, "sign", {"signer": "org_seal", "occurred_on": "2026-11-22"},
                         mediator)
    shown = service.show(case_no, mediator).as_dict()
    assert shown["effective_on"] == "2026-11-22"
    assert shown["signed"] == ["mediator", "org_seal", "party:0", "party:1"]


def test_sealing_before_every_signature_is_refused_LDMAL14(service, mediator, single_doc):
    case_no = _to_agreement(service, mediator, single_doc)
    service.record_event(case_no, "sign", {"signer": "party:0"}, mediator)
    with pytest.raises(TransitionError) as err:
        service.record_event(case_no, "sign", {"signer": "org_seal"}, mediator)
    assert "最后" in err.value.zh or "之后" in err.value.zh


def test_party_backing_out_before_signing_voids_the_draft(service, mediator, single_doc):
    case_no = _to_agreement(service, mediator, single_doc)
    service.record_event(case_no, "sign", {"signer": "applicant"}, mediator)
    service.record_event(case_no, "fail", {"reason": "被申请人拒绝签字"}, mediator)
    shown = service.show(case_no, mediator).as_dict()
    assert shown["status"] == "failed" and shown["agreement"] is None
    assert shown["agreed_fen"] is None
    assert shown["deadlines"]["limitation_expires"]["status"] == "running"


def test_an_effective_agreement_cannot_be_failed(service, mediator, single_doc):
    case_no = _to_agreement(service, mediator, single_doc)
    for signer in ("applicant", "respondent", "mediator", "org_seal"):
        service.record_event(case_no, "sign", {"signer": signer}, mediator)
    with pytest.raises(TransitionError) as err:
        service.record_event(case_no, "terminate", {"reason": "other"}, mediator)
    assert "已生效" in err.value.zh


def test_settlements_have_no_review_clocks_and_only_party_signatures(service, mediator,
                                                                    single_doc):
    single_doc["source"] = "negotiation"
    case_no = service.register(single_doc, mediator).case_no
    service.record_event(case_no, "negotiation_accept", {"occurred_on": "2026-11-18"}, mediator)
    service.record_event(case_no, "settle", {**AGREE, "occurred_on": "2026-11-19"}, mediator)
    with pytest.raises(TransitionError):
        service.record_event(case_no, "sign", {"signer": "org_seal"}, mediator)
    for signer in ("applicant", "respondent"):
        service.record_event(case_no, "sign", {"signer": signer}, mediator)
    shown = service.show(case_no, mediator).as_dict()
    assert shown["effective_on"] == "2026-11-22"
    assert "arbitration_review_due" not in shown["deadlines"]
    with pytest.raises(TransitionError):
        service.record_event(case_no, "review_filed", {}, mediator)
    for event in ("perform", "performed"):
        service.record_event(case_no, event, {}, mediator)
    with pytest.raises(TransitionError):  # consent binds the settlement after performance too
        service.record_event(case_no, "archive", {}, mediator)


def test_lapsed_period_cannot_be_extended(service, mediator, single_doc, station):
    case_no = service.register(single_doc, mediator).case_no  # received 2026-11-16, due 12-01
    for event in ("accept", "start"):
        service.record_event(case_no, event, {"occurred_on": "2026-11-17"}, mediator)
    station.today_override = date(2026, 12, 10)
    with pytest.raises(ValidationError) as err:
        service.record_event(case_no, "extend", {"new_due_on": "2026-12-31",
                                                 "applicant_consent": True,
                                                 "respondent_consent": True}, mediator)
    assert "届满" in err.value.zh


def test_unknown_event_fields_are_refused(service, mediator, single_doc):
    case_no = service.register(single_doc, mediator).case_no
    with pytest.raises(ValidationError) as err:
        service.record_event(case_no, "accept", {"ocurred_on": "2026-11-17"}, mediator)
    assert err.value.where == "ocurred_on"
    for event in ("accept", "start"):
        service.record_event(case_no, event, {}, mediator)
    with pytest.raises(ValidationError) as err:
        service.record_event(case_no, "session", {"participants": ["a"]}, mediator)
    assert err.value.where == "participants"


def test_optional_filing_windows_lapse_and_close(service, mediator, single_doc, station):
    case_no = _to_agreement(service, mediator, single_doc)
    for signer in ("applicant", "respondent", "mediator", "org_seal"):
        service.record_event(case_no, "sign", {"signer": signer}, mediator)
    service.record_event(case_no, "perform", {}, mediator)
    station.today_override = date(2026, 12, 15)
    shown = service.show(case_no, mediator).as_dict()["deadlines"]
    assert shown["arbitration_review_due"]["status"] == "lapsed"
    assert shown["judicial_confirmation_due"]["status"] == "pending"
    service.record_event(case_no, "performed", {}, mediator)
    shown = service.show(case_no, mediator).as_dict()["deadlines"]
    assert shown["judicial_confirmation_due"]["status"] == "closed"


def test_outbox_reads_in_change_order_for_sync(service, mediator, single_doc):
    from desktop.storage import outbox

    numbers = [service.register(single_doc, mediator).case_no for _ in range(6)]
    first = service.station.write(outbox.close_epoch)
    service.record_event(numbers[0], "accept", {}, mediator)  # the oldest case changes last
    service.record_event(numbers[0], "start", {}, mediator)  # twice: still sent once
    db = service.station.read()
    cases = [c for c in outbox.changed_since(db, 0, limit=10_000) if c.table == "cases"]
    assert [c.pk for c in cases] == [2, 3, 4, 5, 6, 1]
    assert [c.change_seq for c in cases] == [first] * 5 + [first + 1]
    # Closing an epoch fixes what a batch holds: case 1 moved on to the next one.
    assert [c.pk for c in outbox.changed_since(db, 0, upto=first) if c.table == "cases"] == [
        2, 3, 4, 5, 6]
    assert [c.pk for c in outbox.changed_since(db, first)] == [1]
    assert all(len(c.uid) == 36 for c in cases)  # global UUIDs


def test_a_write_made_outside_the_program_after_a_receipt_is_still_sent(service, mediator,
                                                                        single_doc):
    """No write path can forget change capture, not even another tool's."""
    import sqlite3

    from desktop.storage import outbox

    service.register(single_doc, mediator)
    closed = service.station.write(outbox.close_epoch)
    service.station.write(outbox.acknowledge, closed)
    service.station.write(outbox.close_epoch)  # nothing open yet: epoch after the receipt
    service.station.write(outbox.acknowledge, closed + 1)
    with sqlite3.connect(service.station.paths.database) as other:
        other.execute("UPDATE parties SET phone = '13800000000' WHERE case_pk = 1")
    db = service.station.read()
    changed = outbox.changed_since(db, closed + 1)
    assert [(c.table, c.pk) for c in changed] == [("cases", 1)]


def test_a_declined_negotiation_goes_on_to_a_linked_mediation_case(service, mediator,
                                                                  single_doc):
    """DOMAIN.md §7.7 (R10/R11): 转调解 opens a mediation case with the same parties and
    claims, linked both ways, and the negotiation is closed as transferred."""
    single_doc["source"] = "negotiation"
    negotiation = service.register(single_doc, mediator).case_no
    service.record_event(negotiation, "negotiation_decline", {}, mediator)
    assert service.record_event(negotiation, "to_mediation",
                                {"reason": "对方不愿协商，申请调解"}, mediator) == "transferred"
    old = service.show(negotiation, mediator)
    new = service.show(old.case.linked_case_no, mediator)
    assert new.case.kind == "mediation" and new.case.status == "registered"
    assert new.case.linked_case_no == negotiation
    assert [p.name for p in new.parties] == [p.name for p in old.parties]
    assert [(c.item, c.amount_fen) for c in new.claims] == [
        (c.item, c.amount_fen) for c in old.claims]
    assert "acceptance_due" in new.clocks
    assert old.events[-1].data["linked_case_no"] == new.case.case_no
    # both cases' stored records match the digests their audit entries carry
    from desktop.storage import audit

    states = audit.verify_case_states(service.station.read())
    assert states.ok and states.cases == 2 and states.uncovered == 0
