"""Sync throughput: building envelopes, the county's ingest, and the two end to end over HTTPS,
each against a floor measured in the same run on the same bytes.

Usage: python bench/sync.py [--cases 10000] [--root DIR] [--pg] [--profile]

A demo station of N cases is built once into ``DIR`` (default
``$TMPDIR/tiaojie-bench-sync-N``) and copied for each part, so every part starts from N
changed cases that were never sent:

* **build** — ``SyncService.build`` on the station: read every changed aggregate, hash it,
  write canonical JSON, compress (zstd), encrypt (HPKE, AES-256-GCM), sign (Ed25519) and
  keep the envelopes until receipted; raw JSON bytes per second, against AES-256-GCM alone
  (``cryptography``'s ``AESGCM``) over the same payload bytes.  Target: at least 0.25 of the
  raw rate.  ``seal`` alone (compress + encrypt + sign of the same payloads) is shown too;
* **ingest** — ``County.ingest`` of those envelopes (verify, decrypt, check every record,
  upsert, state hash, sealed receipt) on SQLite, and on PostgreSQL with ``--pg`` (a
  throwaway cluster, see ``tests/servers.py``) or ``TIAOJIE_BENCH_PG_URL`` (an existing
  server: a fresh database is made there and dropped); against a raw ``executemany`` of
  the same rows into a table of the same shape, one transaction per envelope as the
  county commits.  Target: at least 0.5 of the raw rate;
* **end to end** — a second copy of the station enrolled online with a county served by
  ``tiaojie-county serve`` (uvicorn, HTTPS) in its own process on loopback; one ``push``
  (build, send, receipts) timed as cases per second, through a counting relay for the
  bytes on the wire (TLS included, both ways).  Target: 5,000 cases/s.

``--profile`` ends with cProfile's view of one build and one SQLite ingest.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

PG_ENV = "TIAOJIE_BENCH_PG_URL"


def arguments() -> argparse.Namespace:
    """The command line, read before the project (and its dependencies) is imported,
    so ``--help`` and a wrong size answer from any Python."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000, help="cases on the station")
    parser.add_argument("--root", type=Path, help="folder of the demo station (default "
                        "under $TMPDIR, reused by later runs)")
    parser.add_argument("--pg", action="store_true", help="also on a throwaway PostgreSQL "
                        f"(or set {PG_ENV} to use a running server)")
    parser.add_argument("--profile", action="store_true", help="print where build and "
                        "ingest spend their time (cProfile)")
    args = parser.parse_args()
    if args.cases < 1:
        parser.error("--cases must be at least 1")
    return args


ARGS = arguments() if __name__ == "__main__" else None

from common import ROOT, default_root, demo_station, ratio_line  # noqa: E402

from county import service as county_service  # noqa: E402
from county.service import County  # noqa: E402
from county.store import Store  # noqa: E402
from desktop.paths import Paths  # noqa: E402
from desktop.services.auth import User  # noqa: E402
from desktop.services.station import Station, open_station  # noqa: E402
from desktop.services.sync_io import SyncService  # noqa: E402
from desktop.sync import batches, envelope, transport  # noqa: E402

COUNTY_PASS = "bench-county-1"
STATION_PASS = "bench-station-1"
STATION_ID = "S01"
ADMIN = User("admin", "admin", "admin")
TARGETS = {"build": 0.25, "ingest": 0.5, "e2e": 5000.0}


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    """Best-of-``repeat`` wall time of ``fn`` in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def station_copy(demo: Paths, into: Path) -> Station:
    shutil.copytree(demo.root, into)
    return open_station(Paths(into), accept_location=True)


def new_county(home: Path, url: str | None = None) -> County:
    county = County.init(home, county_id="370100", name="基准测试县仲裁院", url=url,
                         passphrase=COUNTY_PASS)
    county.add_station(STATION_ID, "王舍人街道调解中心", "bench")
    return county


# --- build -------------------------------------------------------------------------------


def measure_build(station: Station, county: County) -> dict[str, Any]:
    sync = SyncService(station)
    request = sync.enrol(county.enrol_file(STATION_ID, "bench"), STATION_PASS, ADMIN)
    pairs = sync.unlock(STATION_PASS)
    sync.finish_enrol(county.enrol(request), pairs)
    enrolled = county.station(STATION_ID)  # as enrolled: nothing received yet
    start = time.perf_counter()
    built = sync.build(pairs)
    seconds = time.perf_counter() - start
    out = [data for _, data in sync.outgoing()]
    assert len(out) == built
    parsed = [envelope.parse(d) for d in out]
    payloads = [envelope.decrypt(e, county.pairs.box) for e in parsed if e.kind == "batch"]
    raw = sum(len(p) for p in payloads)
    records = sum(e.meta.get("records", 0) for e in parsed if e.kind == "batch")

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    aead, nonce = AESGCM(os.urandom(32)), os.urandom(12)
    aes = best(lambda: [aead.encrypt(nonce, p, None) for p in payloads])
    box = county.pairs.public.box

    def seal_all() -> None:
        for i, p in enumerate(payloads):
            envelope.seal(kind="batch", county="370100", station=STATION_ID, seq=i + 1,
                          message_id=f"m{i}", created="2026-11-22T00:00:00+00:00", meta={},
                          payload=p, sender=pairs.sign, recipient=box)
    seal = best(seal_all)
    return {"seconds": seconds, "envelopes": built, "raw": raw, "records": records,
            "wire": sum(len(d) for d in out), "aes": aes, "seal": seal, "out": out,
            "payloads": payloads, "station_row": enrolled, "sync": sync, "pairs": pairs,
            "local_hash": sync.status().local_hash}


# --- ingest ------------------------------------------------------------------------------


@contextlib.contextmanager
def postgres(enabled: bool) -> Iterator[Callable[[], str] | None]:
    """A function making fresh PostgreSQL databases (dropped afterwards), or None."""
    url = os.environ.get(PG_ENV)
    if not enabled and not url:
        yield None
        return
    import secrets

    import psycopg
    from psycopg import sql
    made: list[str] = []
    with contextlib.ExitStack() as stack:
        if url:
            from urllib.parse import urlsplit, urlunsplit
            parts = urlsplit(url)

            def at(name: str) -> str:
                return urlunsplit(parts._replace(path="/" + name))
            admin_url = url
        else:
            from tests.servers import postgres_server
            server = stack.enter_context(postgres_server())
            at, admin_url = server.url, server.url()

        def fresh() -> str:
            name = f"tj_bench_{secrets.token_hex(4)}"
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            made.append(name)
            return at(name)
        try:
            yield fresh
        finally:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                for name in made:
                    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                                 .format(sql.Identifier(name)))


def put_station(store: Store, row: dict[str, Any]) -> None:
    names = list(row)
    store.execute(f"INSERT INTO stations ({', '.join(names)}) VALUES"
                  f" ({', '.join('?' * len(names))})", [row[n] for n in names])


def record_rows(payloads: list[bytes]) -> list[list[tuple[Any, ...]]]:
    """The rows the county writes for each envelope (what ``_apply_records`` makes)."""
    at = "2026-11-22T00:00:00+00:00"
    out = []
    for payload in payloads:
        _, records = batches.parse_batch(envelope.json_payload(payload))
        out.append([(STATION_ID, r.type, r.uid, r.version, int(r.deleted), r.hash,
                     *county_service.case_summary(r), r.canonical_data.decode("utf-8"), at)
                    for r in records])
    return out


def measure_ingest(home: Path, url: str, raw_url: str, built: dict[str, Any],
                   rows: list[list[tuple[Any, ...]]]) -> dict[str, Any]:
    """``County.ingest`` of every envelope into a fresh database at ``url``, and the same
    rows by ``executemany`` into a fresh one at ``raw_url``."""
    county = County(home, COUNTY_PASS, url)
    put_station(county.store, built["station_row"])
    _ = county.pairs  # the key is unlocked before the clock starts, as in the service
    start = time.perf_counter()
    for data in built["out"]:
        answer = county.ingest(data)
        assert answer.status == 200 and answer.receipt, answer
    seconds = time.perf_counter() - start
    state = county.state_hash(STATION_ID)
    county.store.close()

    raw = Store(raw_url)  # the county's own schema: the same table shape and indexes
    sql = ("INSERT INTO records (station, type, uid, version, deleted, hash, title, search,"
           " status, received_on, data, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
           " ?, ?)")
    start = time.perf_counter()
    for part in rows:
        if raw.dialect == "sqlite":
            raw.conn.execute("BEGIN")
            raw.conn.executemany(sql, part)
            raw.conn.commit()
        else:
            with raw.conn.cursor() as cur:
                cur.executemany(sql.replace("?", "%s"), part)
            raw.conn.commit()
    raw_seconds = time.perf_counter() - start
    raw.close()
    return {"seconds": seconds, "raw": raw_seconds, "state": state}


# --- end to end --------------------------------------------------------------------------


class CountingRelay:
    """A TCP relay on loopback that counts the bytes each way (TLS passes through)."""

    def __init__(self, upstream: int) -> None:
        self.upstream = upstream
        self.up = self.down = self.connections = 0
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    def _relay(self, client: socket.socket) -> None:
        server = socket.create_connection(("127.0.0.1", self.upstream))
        for end in (client, server):  # no Nagle delay: the relay must not cost a round trip
            end.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def copy(src: socket.socket, dst: socket.socket, upward: bool) -> None:
            with contextlib.suppress(OSError):
                while data := src.recv(262144):
                    dst.sendall(data)
                    with self.lock:  # counted as it passes: a kept connection stays open
                        if upward:
                            self.up += len(data)
                        else:
                            self.down += len(data)
                dst.shutdown(socket.SHUT_WR)

        back = threading.Thread(target=copy, args=(server, client, False), daemon=True)
        back.start()
        copy(client, server, True)
        back.join(60)
        client.close()
        server.close()

    def close(self) -> None:
        self.listener.close()


def serve(home: Path) -> tuple[subprocess.Popen[bytes], int]:
    """``tiaojie-county serve`` in its own process on a free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "TIAOJIE_COUNTY_PASSPHRASE": COUNTY_PASS}
    log = open(home / "serve.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "county.cli", "--home", str(home), "serve",
                             "--host", "127.0.0.1", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    pin = County(home).config["tls_sha256"]
    probe = transport.HttpsTransport(f"https://127.0.0.1:{port}", pin, attempts=1, timeout=2)
    while True:
        if proc.poll() is not None:
            raise SystemExit((home / "serve.log").read_text()[-2000:])
        with contextlib.suppress(transport.Unreachable):
            if probe.get("/v1/health").status == 200:
                return proc, port
        if time.monotonic() > deadline:
            proc.kill()
            raise SystemExit("the county service did not start")
        time.sleep(0.05)


def measure_e2e(demo: Paths, work: Path, cases: int) -> dict[str, Any]:
    home = work / "county-e2e"
    county = new_county(home)
    proc, port = serve(home)
    relay = CountingRelay(port)
    try:
        county.config["url"] = f"https://127.0.0.1:{relay.port}"
        station = station_copy(demo, work / "station-e2e")
        sync = SyncService(station)
        request = sync.enrol(county.enrol_file(STATION_ID, "bench"), STATION_PASS, ADMIN)
        pairs = sync.unlock(STATION_PASS)
        link = sync.https()
        sync.enrol_online(request, pairs, link)
        relay.up = relay.down = relay.connections = 0
        start = time.perf_counter()
        built = sync.build(pairs)  # what push does first, timed apart
        build = time.perf_counter() - start
        result = sync.push(pairs, link)
        seconds = time.perf_counter() - start
        status = sync.status()
        assert result.receipted == result.sent == built and status.pending == 0
        assert status.local_hash == county.state_hash(STATION_ID), "hashes differ"
        station.close()
        return {"seconds": seconds, "up": relay.up, "down": relay.down,
                "connections": relay.connections, "envelopes": built, "cases": cases,
                "build": build}
    finally:
        relay.close()
        proc.terminate()
        proc.wait(10)
        county.store.close()


# --- profile -----------------------------------------------------------------------------


def profile(built: dict[str, Any], home: Path, work: Path) -> None:
    import cProfile
    import pstats
    sync, pairs = built["sync"], built["pairs"]
    sync.request_full_resend(ADMIN)
    # The build runs on the station's writer thread: profile it there (a write made on
    # the writer thread joins the open transaction).
    for title, fn in (("build (a full re-send of every record)",
                       lambda prof: sync.station.write(lambda db: prof.runcall(sync.build,
                                                                               pairs))),
                      ("county ingest, SQLite",
                       lambda prof: prof.runcall(ingest_all, home, work, built))):
        prof = cProfile.Profile()
        fn(prof)
        print(f"\n--- cProfile: {title} ---")
        pstats.Stats(prof).sort_stats("tottime").print_stats(16)


def ingest_all(home: Path, work: Path, built: dict[str, Any]) -> None:
    county = County(home, COUNTY_PASS, str(work / "profile-ingest.db"))
    put_station(county.store, built["station_row"])
    _ = county.pairs
    for data in built["out"]:
        county.ingest(data)
    county.store.close()


# --- report ------------------------------------------------------------------------------


def verdict(ratio: float, target: float) -> str:
    return "met" if ratio >= target else "NOT met"


def main(args: argparse.Namespace) -> None:
    root = args.root or default_root("sync", args.cases)
    demo = demo_station(root, args.cases)
    with tempfile.TemporaryDirectory(prefix="tiaojie-sync-") as tmp, \
            postgres(args.pg) as pg_db:
        work = Path(tmp)
        home = work / "county"
        county = new_county(home)
        station = station_copy(demo, work / "station")
        built = measure_build(station, county)
        rows = record_rows(built["payloads"])
        ingests = {"SQLite": measure_ingest(home, str(work / "ingest.db"),
                                            str(work / "raw.db"), built, rows)}
        if pg_db is not None:
            ingests["PostgreSQL"] = measure_ingest(home, pg_db(), pg_db(), built, rows)
        e2e = measure_e2e(demo, work, args.cases)
        report(args, built, ingests, e2e)
        if args.profile:
            profile(built, home, work)
        station.close()
        county.store.close()


def report(args: argparse.Namespace, built: dict[str, Any], ingests: dict[str, Any],
           e2e: dict[str, Any]) -> None:
    n = built["records"]
    local = built["local_hash"]
    mb = 1024 * 1024
    raw = built["raw"]
    build_rate, aes_rate = raw / built["seconds"], raw / built["aes"]
    build_ratio = build_rate / aes_rate
    print(f"sync benchmark: {args.cases} cases ({n} records: cases, mediators, organisation),"
          f" {built['envelopes']} envelopes, {raw / mb:.1f} MiB of JSON "
          f"({raw / n:,.0f} B a record) -> {built['wire'] / mb:.1f} MiB sealed")
    print(f"{'':<46}{'ours':>12}{'floor':>12}{'ratio':>9}{'target':>9}  verdict")
    print(f"{'build (MiB/s of JSON) vs AES-256-GCM':<46}{build_rate / mb:>12.1f}"
          f"{aes_rate / mb:>12.1f}{build_ratio:>9.3f}{TARGETS['build']:>9.2f}  "
          f"{verdict(build_ratio, TARGETS['build'])}")
    seal_rate = raw / built["seal"]
    print(f"{'  of which seal alone (zstd+HPKE+Ed25519)':<46}{seal_rate / mb:>12.1f}"
          f"{aes_rate / mb:>12.1f}{seal_rate / aes_rate:>9.3f}{'':>9}  (not a target)")
    ratios = {"build vs raw AES-GCM": build_ratio}
    for name, m in ingests.items():
        ratio = m["raw"] / m["seconds"]
        ratios[f"ingest {name} vs raw executemany"] = ratio
        label = f"ingest {name} (records/s) vs executemany"
        print(f"{label:<46}{n / m['seconds']:>12,.0f}{n / m['raw']:>12,.0f}{ratio:>9.3f}"
              f"{TARGETS['ingest']:>9.2f}  {verdict(ratio, TARGETS['ingest'])}")
        if m["state"] != local:
            raise SystemExit(f"the county's state hash on {name} differs from the station's")
    rate = e2e["cases"] / e2e["seconds"]
    wire = e2e["up"] + e2e["down"]
    print(f"{'end to end over HTTPS (cases/s)':<46}{rate:>12,.0f}{'':>12}{'':>9}"
          f"{TARGETS['e2e']:>9,.0f}  {verdict(rate, TARGETS['e2e'])}")
    print(f"{'  bytes on the wire per case (up + down)':<46}{wire / e2e['cases']:>12,.0f}"
          f"   ({e2e['up']:,} up, {e2e['down']:,} down, {e2e['connections']} connections, "
          f"{e2e['envelopes']} envelopes)")
    print(f"{'  time: build, then send and receipts (s)':<46}{e2e['build']:>12.2f}"
          f"{e2e['seconds'] - e2e['build']:>12.2f}   ({e2e['seconds']:.2f} s in all)")
    ratios["end to end cases/s against the 5,000 target"] = rate / TARGETS["e2e"]
    for name, ratio in ratios.items():
        # Three decimals: the build's share of the raw cipher rate is well below 0.01.
        print(ratio_line(name, ratio).replace(f"{ratio:.2f}x", f"{ratio:.3f}x"))


if __name__ == "__main__":
    main(ARGS)
