"""Sync under faults: a real county service, a lossy network, crashes.

The county runs as ``tiaojie-county serve`` in its own process (so it can be killed with
SIGKILL and started again on the same port and folder).  Between the station and the county
sits a small TCP proxy of our own that decides, per connection and at random (seeded):

* **pass** — bytes both ways, TLS untouched (the station pins the county's real endpoint);
* **delay** — the same after a pause;
* **drop before** — the connection is closed before anything reaches the county;
* **drop after** — the request reaches the county and is applied, the answer is thrown
  away and the station's connection reset (the county did it, the station never heard);
* **duplicate** — the request reaches the county twice (one after the other, or both at
  once), the station gets one of the answers;
* **reorder** — the request is held back, the station's connection reset; it reaches the
  county only after the next connection's request (a delayed copy arriving late).

A TLS connection cannot be replayed or cut at a request boundary from outside — that is
what TLS is for — so for the last three the proxy ends TLS itself with the county's own
certificate and key (the fingerprint the station pins is the same) and opens a new TLS
connection to the county for each copy it delivers.  The first three never touch TLS.

Rounds of station work (new cases, lifecycle steps), county delegations and push/pull run
through that; in a few rounds the county is killed mid-push.  With the faults off, the
station pushes and pulls until quiet, and then both sides must agree exactly: the same
records at the same versions and hashes, every delegated case once, nothing unreceipted,
nothing quarantined (a duplicate is a no-op, never a conflict).

Two single faults beside: an enrolment whose answer is lost, and a county database
restored from a backup (its downlink numbering behind the station's).

``TIAOJIE_FAULT_SEED`` picks another seed; the modes used are printed on failure.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from county.service import County
from desktop.services import attachments
from desktop.services.auth import User
from desktop.services.cases import CaseService
from desktop.services.station import Station
from desktop.services.sync_io import SyncService
from desktop.storage import sync as repo
from desktop.sync import batches, transport
from tests.servers import PgServer, free_port
from tests.sync.conftest import COUNTY_PASS, STATION_ID, STATION_PASS, delegated_case
from tests.sync.lossy import MODES, CountyProcess, Proxy

SEED = int(os.environ.get("TIAOJIE_FAULT_SEED", "20261122"))
# Rounds and county kills: SQLite (the county's default) gets the full run, PostgreSQL a
# shorter one (the same code above the store; together they stay under a minute).
RUNS = {"sqlite": (24, 3), "postgresql": (14, 2)}
FAULTS = set(MODES) - {"pass"}
NAMES = ("张三丰", "李四光", "王五一", "赵六合", "钱七星", "孙八方", "周九洲", "吴十全",
         "郑一鸣", "冯二虎", "陈三多", "褚四海")


# --- the scene ----------------------------------------------------------------------------


@dataclass
class Rig:
    """The county in its own process behind the proxy; not yet any station."""

    county: County
    process: CountyProcess
    proxy: Proxy


@dataclass
class Scene:
    county: County
    process: CountyProcess
    proxy: Proxy
    sync: SyncService
    pairs: Any
    link: transport.HttpsTransport


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """The county's database: SQLite in its folder, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield None
        return
    server: PgServer = request.getfixturevalue("pg_server")
    name = server.create_database()
    try:
        yield server.url(name)
    finally:
        server.drop_database(name)


@pytest.fixture
def rig(tmp_path: Path, db_url: str | None) -> Iterator[Rig]:
    home = tmp_path / "county"
    county = County.init(home, county_id="370100", name="测试县劳动人事争议仲裁院",
                         url=None, passphrase=COUNTY_PASS, db_url=db_url)
    county.add_station(STATION_ID, "王舍人街道调解中心", "test")
    process = CountyProcess(home, free_port(), county.config["tls_sha256"])
    process.start()
    proxy = Proxy(process.port, home / "keys" / "tls.crt", home / "keys" / "tls.key", SEED + 1)
    county.config["url"] = proxy.url  # the enrolment file names the proxy
    try:
        yield Rig(county, process, proxy)
    finally:
        proxy.close()
        process.stop()
        county.store.close()


def link_for(sync: SyncService) -> transport.HttpsTransport:
    """Few attempts, short pauses: a fault often outlasts the retries (the next round then
    resumes), and the test stays quick.  A connection per request (``idle=0``): the proxy
    picks its fault per connection, and a kept connection would see few of them."""
    return sync.https(attempts=3, base_delay=0.05, max_delay=0.4, timeout=10, idle=0)


@pytest.fixture
def scene(rig: Rig, station: Station, admin: User) -> Scene:
    sync = SyncService(station)
    request = sync.enrol(rig.county.enrol_file(STATION_ID, "test"), STATION_PASS, admin)
    pairs = sync.unlock(STATION_PASS)
    link = link_for(sync)
    assert link.port == rig.proxy.port and link.pin == rig.county.config["tls_sha256"]
    sync.enrol_online(request, pairs, link)  # through the proxy (TLS untouched), faults off
    return Scene(rig.county, rig.process, rig.proxy, sync, pairs, link)


NEXT_STEP = {"registered": "accept", "accepted": "start", "mediating": "session"}


def change_some(service: CaseService, station: Station, rng: random.Random, user: User,
                n: int) -> None:
    """Move ``n`` random open cases one lifecycle step on (accept, start, a session)."""
    open_cases = [tuple(r) for r in station.read().execute(
        "SELECT case_no, status FROM cases WHERE status IN (?, ?, ?) ORDER BY pk",
        list(NEXT_STEP))]
    for case_no, status in rng.sample(open_cases, min(n, len(open_cases))):
        service.record_event(case_no, NEXT_STEP[status], {}, user)


def case_nos(station: Station) -> list[str]:
    return [r[0] for r in station.read().execute("SELECT case_no FROM cases ORDER BY pk")]


def station_records(station: Station) -> dict[tuple[str, str], tuple[int, bool, str]]:
    """(type, uid) -> (version, deleted, hash) of every synced aggregate, as built."""
    with station.snapshot() as db:
        return {(r.type, r.uid): (r.version, r.deleted, r.hash) for r in
                (batches.Record.of(*row) for row in repo.changed_aggregates(db, -1, 2**62))}


def county_records(county: County) -> dict[tuple[str, str], tuple[int, bool, str]]:
    return {(r["type"], r["uid"]): (r["version"], bool(r["deleted"]), r["hash"])
            for r in county.store.rows("SELECT type, uid, version, deleted, hash FROM records"
                                       " WHERE station = ?", [STATION_ID])}


def sync_round(scene: Scene, log: list[str]) -> None:
    """One push and one pull; a failure is noted and left for the next round."""
    for name, step in (("push", scene.sync.push), ("pull", scene.sync.pull)):
        try:
            step(scene.pairs, scene.link)
        except (transport.Unreachable, transport.CountyRefused) as exc:
            log.append(f"{name}: {type(exc).__name__}: {exc.en[:120]}")


def test_sync_converges_through_faults_and_crashes(scene: Scene, station: Station,
                                                   single_doc: dict[str, Any],
                                                   mediator: User, tmp_path: Path,
                                                   db_url: str | None) -> None:
    rng = random.Random(SEED)
    service = CaseService(station)
    registered: list[str] = []
    delegated: list[str] = []
    rounds, kills = RUNS["sqlite" if db_url is None else "postgresql"]
    kill_rounds = set(rng.sample(range(2, rounds - 1), kills))
    log: list[str] = []
    scene.proxy.faults = True
    for n in range(rounds):
        for _ in range(rng.randint(1, 3)):
            doc = {**single_doc, "applicants": [{**single_doc["applicants"][0],
                                                 "name": rng.choice(NAMES)}]}
            registered.append(service.register(doc, mediator).case_id)
        change_some(service, station, rng, mediator, rng.randint(0, 3))
        if rng.random() < 0.3:  # a file: one blob envelope, or several chunks
            scan = tmp_path / f"scan-{n}.pdf"
            scan.write_bytes(b"%PDF-1.4\n" + rng.randbytes(rng.choice((3_000, 1_300_000))))
            attachments.attach_file(station, rng.choice(case_nos(station)), scan, mediator)
        if rng.random() < 0.35:
            court_no = f"（2026）鲁0112民初{1000 + n}号"
            scene.county.delegate(STATION_ID, delegated_case(rng.choice(NAMES), court_no),
                                  "clerk")
            delegated.append(court_no)
        killer = None
        if n in kill_rounds:
            scene.proxy.connected.clear()
            delay = rng.uniform(0.0, 0.04)

            def kill_and_restart(delay: float = delay) -> None:
                scene.proxy.connected.wait(5)  # the push has reached the network
                time.sleep(delay)
                scene.process.kill()
                scene.process.start()

            killer = threading.Thread(target=kill_and_restart)
            killer.start()
        sync_round(scene, log)
        if killer is not None:
            killer.join(60)
            log.append(f"round {n}: county killed and restarted")

    # Faults off, late copies delivered: push and pull until nothing moves.
    scene.proxy.faults = False
    scene.proxy.release()
    for _ in range(8):
        sync_round(scene, log)
        status = scene.sync.status()
        if not status.changes and not status.pending and scene.county.next_down(
                STATION_ID, status.down_next - 1) is None:
            break
    sync_round(scene, log)  # one more: the last downlink receipt, nothing else

    report = (f"seed {SEED}; modes {dict(scene.proxy.counts)}; kills {scene.process.kills}; "
              f"failures: {log}")
    print(report)  # shown with -s, or with the failure
    status = scene.sync.status()
    county, sync = scene.county, scene.sync
    # Nothing unreceipted, nothing waiting either way.
    assert status.pending == 0 and sync.outgoing() == [] and status.changes == 0, report
    assert county.next_down(STATION_ID, status.down_next - 1) is None, report
    st = county.station(STATION_ID)
    assert st["down_acked"] == st["down_next"] - 1 == status.down_next - 1, report
    assert st["up_next"] == status.up_next and st["waiting_for"] is None, report
    # No full re-send happens here, so the numbers have no gap (one enrolment: one
    # generation of them).
    messages = county.store.rows("SELECT seq, status FROM messages WHERE station = ?"
                                 " AND gen = ? ORDER BY seq", [STATION_ID, st["gen"]])
    assert [m["seq"] for m in messages] == list(range(1, status.up_next)), report
    assert {m["status"] for m in messages} == {"applied"}, report
    # The same records at the same versions and hashes on both sides.
    ours, theirs = station_records(station), county_records(county)
    assert {k: v[0] for k, v in theirs.items()} == {k: v[0] for k, v in ours.items()}, report
    assert theirs == ours, report
    assert county.state_hash(STATION_ID) == status.local_hash, report
    assert status.hashes_agree is True, report
    # Nothing lost: every case registered here is at the county.
    assert {("case", uid) for uid in registered} <= set(theirs), report
    # No duplicates: each delegated case arrived exactly once.
    counts = dict(station.read().execute(
        "SELECT court_case_no, count(*) FROM cases WHERE court_case_no IS NOT NULL"
        " GROUP BY court_case_no").fetchall())
    assert counts == {no: 1 for no in delegated}, report
    assert status.refused == 0, report
    # A duplicate or a late copy is a no-op, never a conflict: the quarantine is empty.
    assert county.quarantine("all") == [], report
    # Every file arrived whole, once.
    files = dict(station.read().execute("SELECT sha256, size FROM attachments").fetchall())
    blobs = {r["sha256"]: r["total"] for r in county.store.rows(
        "SELECT sha256, total FROM blobs WHERE complete = 1")}
    assert files and blobs == files, report
    assert county.store.value("SELECT count(*) FROM blob_chunks") == 0, report
    # The faults really happened.
    assert scene.process.kills == kills, report
    assert all(scene.proxy.counts[m] > 0 for m in FAULTS), report
    assert scene.proxy.counts["answered as a duplicate"] > 0, report


@pytest.mark.parametrize("db_url", [None], ids=["sqlite"])
def test_online_enrolment_survives_a_lost_answer(rig: Rig, station: Station,
                                                 admin: User) -> None:
    """The county enrols the station, the answer is lost on the way back; the transport
    sends the same request again, as it does for every failure, and must get the same
    answer (before commit 2b5b54d the retry was refused with ``bad_token``: the station
    stayed 'requested' while the county counted it enrolled)."""
    sync = SyncService(station)
    request = sync.enrol(rig.county.enrol_file(STATION_ID, "test"), STATION_PASS, admin)
    pairs = sync.unlock(STATION_PASS)
    rig.proxy.script = ["drop_after"]  # applied at the county, the answer thrown away
    sync.enrol_online(request, pairs, link_for(sync))
    assert rig.proxy.counts["drop_after"] == 1
    assert sync.status().enrolled
    assert rig.county.station(STATION_ID)["status"] == "enrolled"


@pytest.mark.parametrize("db_url", [None], ids=["sqlite"])
def test_a_county_restored_from_a_backup_loses_no_delegation(scene: Scene, station: Station,
                                                             single_doc: dict[str, Any],
                                                             mediator: User,
                                                             tmp_path: Path) -> None:
    """The county's disk is lost and its database restored from last night's copy: what
    it received and queued since is gone, the station still holds it all.  Sync must
    repair both directions: the station's records go up again, and a case the county
    delegates afterwards reaches the station."""
    service = CaseService(station)
    service.register(single_doc, mediator)
    sync_round(scene, [])
    home = scene.county.home
    backup = tmp_path / "backup.db"
    with contextlib.closing(sqlite3.connect(home / "county.db")) as src, \
            contextlib.closing(sqlite3.connect(backup)) as dst:
        src.backup(dst)
    scene.county.delegate(STATION_ID, delegated_case("赵铁柱", "（2026）鲁0112民初1号"), "clerk")
    sync_round(scene, [])  # the delegation arrives; the station sends it back up as its case
    sync_round(scene, [])
    # The restore: the service stopped, yesterday's database put back, started again.
    scene.process.kill()
    scene.county.store.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{home / 'county.db'}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(backup, home / "county.db")
    scene.process.start()
    county = scene.county = County(home, COUNTY_PASS)
    county.delegate(STATION_ID, delegated_case("钱多多", "（2026）鲁0112民初2号"), "clerk")
    service.register({**single_doc, "summary": "又一件：拖欠工资。"}, mediator)
    log: list[str] = []
    for _ in range(3):
        sync_round(scene, log)
    status = scene.sync.status()
    assert status.pending == 0 and status.changes == 0, log
    assert county.state_hash(STATION_ID) == status.local_hash, log  # the upward repair
    counts = dict(station.read().execute(
        "SELECT court_case_no, count(*) FROM cases WHERE court_case_no IS NOT NULL"
        " GROUP BY court_case_no").fetchall())
    assert counts == {"（2026）鲁0112民初1号": 1, "（2026）鲁0112民初2号": 1}, log
