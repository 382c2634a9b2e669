"""Build tests/data/schema-v1.db: a station as the first released schema stored it.

Run once when the file must be rebuilt (``python tests/data/make_schema_v1.py``); the
committed file is what the upgrade test opens.  Rows are written with plain SQL
against schema v1 so later changes to the repositories cannot alter the fixture.
"""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.services.auth import hash_password
from desktop.storage import audit
from desktop.storage.db import open_database, write_transaction

TARGET = Path(__file__).with_name("schema-v1.db")
STATION = "7d1c2a52-5f43-4f0e-9a55-7c0f4d1e0001"
CASE = "7d1c2a52-5f43-4f0e-9a55-7c0f4d1e0101"
AT = "2026-03-02T09:30:00"


def build(target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    db = open_database(target, upto=1)
    with write_transaction(db):
        db.execute("INSERT INTO organisation (id, station_id, name, short_name, org_type, "
                   "case_no_pattern, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                   [STATION, STATION, "章丘区明水街道劳动人事争议调解中心", "明水",
                    "township_center", "{简称}劳人调字〔{YYYY}〕第{N}号", AT, AT])
        db.execute("INSERT INTO users (id, login, display_name, role, password_hash, "
                   "created_at, updated_at) VALUES (?,?,?,?,?,?,?)",
                   ["u1", "admin", "管理员", "admin", hash_password("old-admin-1"), AT, AT])
        db.execute("INSERT INTO counters (series, year, next_no) VALUES ('case', 2026, 2)")
        db.execute("INSERT INTO cases (id, station_id, case_no, series, year, seq_no, kind, "
                   "source, status, received_on, dispute_arose_on, dispute_types, "
                   "primary_type, summary, claimed_fen, worker_count, flags, created_at, "
                   "created_by, updated_at, updated_by) VALUES "
                   "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                   [CASE, STATION, "明水劳人调字〔2026〕第1号", "case", 2026, 1, "mediation",
                    "application", "accepted", "2026-03-02", "2026-02-10", '["wages"]',
                    "wages", "申请人在被申请人处从事保洁工作，被申请人拖欠两个月工资。",
                    860000, 1, "[]", AT, "admin", AT, "admin"])
        for i, (side, kind, name, extra) in enumerate([
                ("applicant", "worker", "韩梅", {"id_number": "370181198805062224",
                                                 "id_type": "resident_id",
                                                 "phone": "13905312233"}),
                ("respondent", "employer", "章丘明泉物业服务有限公司",
                 {"uscc": "91370181MA3C5X1T2Q"})]):
            db.execute("INSERT INTO parties (id, station_id, case_id, position, side, kind, "
                       "name, id_type, id_number, uscc, phone, updated_at) "
                       "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                       [f"p{i}", STATION, CASE, i, side, kind, name, extra.get("id_type"),
                        extra.get("id_number"), extra.get("uscc"), extra.get("phone"), AT])
        db.execute("INSERT INTO claims (id, station_id, case_id, position, item, amount_fen, "
                   "updated_at) VALUES ('c0', ?, ?, 0, '支付拖欠工资', 860000, ?)",
                   [STATION, CASE, AT])
        for event, before, after in (("register", "registered", "registered"),
                                     ("accept", "registered", "accepted")):
            db.execute("INSERT INTO case_events (id, station_id, case_id, event, occurred_on, "
                       "recorded_at, actor, from_status, to_status, updated_at) "
                       "VALUES (?,?,?,?,?,?,?,?,?,?)",
                       [f"e-{event}", STATION, CASE, event, "2026-03-02", AT, "admin", before,
                        after, AT])
        audit.append(db, "setup", "station.init", STATION, {}, at=AT)
        audit.append(db, "admin", "case.register", "明水劳人调字〔2026〕第1号", {}, at=AT)
        audit.append(db, "admin", "case.accept", "明水劳人调字〔2026〕第1号", {}, at=AT)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET)
