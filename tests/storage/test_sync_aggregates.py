"""The aggregates a build sends, read set-wise a page at a time
(:func:`desktop.storage.sync.changed_aggregates`), are exactly what reading each case alone,
query by query, gives: the same keys in the same order, the same children in the same
order, the same values."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import sqlite_utils

from desktop.paths import Paths
from desktop.services import attachments, seal
from desktop.services.auth import User
from desktop.services.demo import create_demo
from desktop.services.station import Station, open_station
from desktop.storage import documents as doc_repo
from desktop.storage import sync as repo
from desktop.storage.rows import fetch
from tests.conftest import TODAY

ADMIN = User("admin", "admin", "admin")
PNG = b"\x89PNG\r\n\x1a\n" + b"signature"


def one_case(db: sqlite_utils.Database, pk: int) -> tuple[str, int, bool, dict[str, Any]]:
    """A case aggregate read alone, seven queries (how builds read every case before they
    read a page of cases at once): the reference the set-wise reading must equal."""
    case = fetch(db, "SELECT c.*, m.uid AS mediator_uid, l.uid AS linked_case_uid FROM cases c"
                     " LEFT JOIN mediators m ON m.pk = c.mediator_pk"
                     " LEFT JOIN cases l ON l.pk = c.linked_case_pk WHERE c.pk = ?", [pk])[0]
    drop = ("pk", "mediator_pk", "linked_case_pk", "change_seq", "next_due_on", "next_due_key")
    data = {k: v for k, v in case.items() if k not in drop}
    data["parties"] = fetch(db, "SELECT position, side, kind, role, representative, name,"
                                " id_type, id_number, uscc, phone, address, legal_rep, gender,"
                                " birth_date, deleted FROM parties WHERE case_pk = ?"
                                " ORDER BY position", [pk])
    data["claims"] = fetch(db, "SELECT position, item, amount_fen FROM claims"
                               " WHERE case_pk = ? ORDER BY position", [pk])
    events = fetch(db, "SELECT seq, event, occurred_on, recorded_at, actor, to_status, data"
                       " FROM events WHERE case_pk = ? ORDER BY seq", [pk])
    for e in events:
        e["data"] = json.loads(e["data"]) if e["data"] else None
    data["events"] = events
    data["attachments"] = fetch(db, "SELECT sha256, filename, size, description, added_at,"
                                    " added_by, deleted FROM attachments WHERE case_pk = ?"
                                    " ORDER BY pk", [pk])
    data["documents"] = fetch(db, "SELECT uid, form_code, title, number, version, sha256,"
                                  " content_sha256, size, pages, sealed, captured, cert_sha256,"
                                  " issued_on, issued_at, issued_by FROM documents"
                                  " WHERE case_pk = ? ORDER BY pk", [pk])
    data["signatures"] = fetch(db, "SELECT signer, sha256, captured_at, deleted"
                                   " FROM captured_signatures WHERE case_pk = ? ORDER BY pk",
                               [pk])
    return case["uid"], case["change_seq"], bool(case["deleted"]), data


def _document(case_pk: int, n: int) -> dict[str, Any]:
    sha = f"{n:064x}"
    return {"uid": f"doc-{n}", "case_pk": case_pk, "form_code": "agreement", "title": "调解协议书",
            "number": f"（2026）第 {n} 号", "version": n, "sha256": sha, "content_sha256": sha,
            "size": 1000 + n, "pages": 2, "form_origin": "builtin", "form_sha256": sha,
            "sealed": n % 2, "captured": 1 - n % 2, "cert_sha256": sha,
            "issued_on": "2026-11-20", "issued_at": "2026-11-20T10:00:00", "issued_by": "admin"}


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station]:
    """A demo station whose cases own some of everything, added in an interleaved order
    (so rows of different cases alternate in each table), some of it deleted."""
    root = tmp_path_factory.mktemp("varied")
    paths = Paths(root / "station")
    create_demo(paths, cases=40, seed=7, today=TODAY)
    station = open_station(paths, accept_location=True)
    station.today_override = TODAY
    pks = [r[0] for r in station.read().execute("SELECT pk FROM cases ORDER BY pk")]
    case_no = {pk: no for pk, no in station.read().execute("SELECT pk, case_no FROM cases")}
    first, second, third = pks[0], pks[1], pks[-1]
    for i, pk in enumerate([second, first, second, third, first]):
        scan = root / f"扫描件-{i}.txt"
        scan.write_text(f"scan {i}", encoding="utf-8")
        attachments.attach_file(station, case_no[pk], scan, ADMIN,
                                description=None if i % 2 else f"第 {i} 页")
    for signer, pk in (("mediator", second), ("party:0", first), ("recorder", second)):
        seal.save_capture(station, pk, signer, PNG + signer.encode(), ADMIN)
    seal.remove_capture(station, second, "mediator", ADMIN)

    def extras(db: sqlite_utils.Database) -> None:
        for n, pk in enumerate([third, first, third], start=1):
            doc_repo.insert_document(db, _document(pk, n))
        mediator_pk = db.execute("SELECT pk FROM mediators ORDER BY pk LIMIT 1").fetchone()[0]
        db.execute("UPDATE cases SET mediator_pk = ?, linked_case_pk = ? WHERE pk = ?",
                   [mediator_pk, first, third])
        db.execute("UPDATE cases SET deleted = 1 WHERE pk = ?", [pks[5]])
        db.execute("UPDATE parties SET deleted = 1 WHERE case_pk = ? AND position = 0", [first])
        db.execute("UPDATE attachments SET deleted = 1 WHERE case_pk = ?", [second])
    station.write(extras)
    yield station
    station.close()


def _as_sent(aggregate: tuple[Any, ...]) -> str:
    """The aggregate as JSON with its keys in their order (so an order differs too)."""
    return json.dumps(aggregate, ensure_ascii=False)


@pytest.mark.parametrize("page", [2000, 7])
def test_cases_read_a_page_at_a_time_equal_cases_read_one_by_one(
        varied: Station, monkeypatch: pytest.MonkeyPatch, page: int) -> None:
    monkeypatch.setattr(repo, "AGGREGATE_PAGE", page)
    with varied.snapshot() as db:
        read = list(repo.changed_aggregates(db, -1, 2**62))
        pks = {uid: pk for pk, uid in db.execute("SELECT pk, uid FROM cases")}
        cases = [row for row in read if row[0] == "case"]
        assert len(cases) == len(pks) == 40
        for type_, *aggregate in cases:
            expected = one_case(db, pks[aggregate[0]])
            assert tuple(aggregate) == expected
            assert _as_sent((type_, *aggregate)) == _as_sent((type_, *expected))
            assert repo.case_aggregate(db, pks[aggregate[0]]) == expected  # alone
        # Every kind of child and of deletion is there to be compared.
        datas = [data for *_, data in cases]
        for key in ("parties", "claims", "events", "attachments", "documents", "signatures"):
            assert sum(len(d[key]) for d in datas) >= 3, key
        assert any(deleted for _, _, _, deleted, _ in cases)
        assert any(s["deleted"] for d in datas for s in d["signatures"])
        assert any(a["deleted"] for d in datas for a in d["attachments"])
        assert any(e["data"] for d in datas for e in d["events"])
        assert any(d["mediator_uid"] and d["linked_case_uid"] for d in datas)
        # In the order a build sends them: change epoch, then table, then row.
        order = [(t, uid) for t, uid in db.execute(
            "SELECT t, uid FROM (SELECT change_seq, 'case' AS t, pk, uid FROM cases"
            " UNION ALL SELECT change_seq, 'mediator', pk, uid FROM mediators"
            " UNION ALL SELECT change_seq, 'organisation', rowid, id FROM organisation)"
            " ORDER BY change_seq, t, pk")]
    assert [(t, uid) for t, uid, *_ in read] == order
