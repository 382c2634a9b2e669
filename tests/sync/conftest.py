"""A real county service (its own folder, keys and SQLite database) and, where asked, served
over HTTPS by uvicorn on a loopback port; a station enrolled with it."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from county.service import County
from desktop.services.station import Station
from desktop.services.sync_io import SyncService
from desktop.sync import keys
from tests.conftest import ADMIN_PASSWORD  # noqa: F401  (the station's admin, for CLI tests)
from tests.servers import free_port

COUNTY_PASS = "county-pass-1"
STATION_PASS = "station-pass-1"
STATION_ID = "S01"


@pytest.fixture
def county(tmp_path: Path) -> Iterator[County]:
    c = County.init(tmp_path / "county", county_id="370100", name="测试县劳动人事争议仲裁院",
                    url=None, passphrase=COUNTY_PASS)
    c.add_station(STATION_ID, "王舍人街道调解中心", "test")
    yield c
    c.store.close()


@dataclass
class Served:
    county: County
    url: str
    thread: threading.Thread
    server: object

    def stop(self) -> None:
        self.server.should_exit = True  # type: ignore[attr-defined]
        self.thread.join(10)
        assert not self.thread.is_alive(), "the county service did not stop"


def serve(county: County, port: int | None = None, keep_alive: int = 5) -> Served:
    """The county under uvicorn over HTTPS on loopback (on ``port``, so that it can be
    stopped and started again on the same one; a free one by default)."""
    import uvicorn

    from county.web import create_app
    port = port or free_port()
    config = uvicorn.Config(create_app(county), host="127.0.0.1", port=port,
                            log_level="warning", timeout_keep_alive=keep_alive,
                            ssl_certfile=str(county.home / "keys" / "tls.crt"),
                            ssl_keyfile=str(county.home / "keys" / "tls.key"))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the county service did not start")
        time.sleep(0.02)
    return Served(county, f"https://127.0.0.1:{port}", thread, server)


@pytest.fixture
def served(county: County) -> Iterator[Served]:
    """The county over HTTPS on loopback; its enrolment files name that address."""
    s = serve(county)
    county.config["url"] = s.url
    yield s
    s.stop()


@dataclass
class Enrolled:
    sync: SyncService
    pairs: keys.KeyPairs
    station: Station


def enrol_online(station: Station, county: County, admin: object) -> Enrolled:
    sync = SyncService(station)
    request = sync.enrol(county.enrol_file(STATION_ID, "test"), STATION_PASS, admin)  # type: ignore[arg-type]
    pairs = sync.unlock(STATION_PASS)
    sync.enrol_online(request, pairs, sync.https(attempts=2, base_delay=0.01))
    return Enrolled(sync, pairs, station)


@pytest.fixture
def enrolled(station: Station, served: Served, admin: object) -> Enrolled:
    return enrol_online(station, served.county, admin)


def county_versions(county: County, station: str = STATION_ID) -> dict[str, int]:
    return {r["uid"]: r["version"] for r in county.store.rows(
        "SELECT uid, version FROM records WHERE station = ? AND type = 'case'", [station])}


def county_case(county: County, uid: str) -> dict[str, object]:
    row = county.store.one("SELECT data FROM records WHERE uid = ?", [uid])
    assert row is not None
    return json.loads(row["data"])


def delegated_case(name: str = "赵铁柱", court_no: str = "（2026）鲁0112民初1234号"
                   ) -> dict[str, Any]:
    return {"received_on": "2026-11-20", "dispute_arose_on": "2026-10-01",
            "dispute_types": ["wages"], "summary": "被申请人拖欠工资，法院委派调解。",
            "court_case_no": court_no,
            "claims": [{"item": "支付拖欠工资", "amount_fen": 1_200_000}],
            "applicants": [{"kind": "worker", "name": name, "id_type": "resident_id",
                            "id_number": "371522196803126051", "phone": "13800138000"}],
            "respondents": [{"kind": "employer", "name": "济南某建筑有限公司",
                             "uscc": "91370100MA3C5EXU2B"}]}
