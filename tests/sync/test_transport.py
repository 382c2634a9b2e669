"""The HTTPS transport keeps one connection open across requests (HTTP/1.1 keep-alive) and
opens a new one, checking the pinned certificate again, whenever the old one cannot carry
the next request: closed by the county while idle, after a restart, after a failure, after
a 5xx or a ``Connection: close``.

Real servers only: the county service under uvicorn on loopback, a counting TCP relay in
front of it (TLS untouched, so the station still pins the county's certificate), and for
scripted statuses a small HTTP/1.1 server of our own over TLS with the county's key.
"""

from __future__ import annotations

import gc
import http.server
import logging
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from county.service import County
from desktop.services.cases import CaseService
from desktop.sync import transport
from tests.servers import free_port
from tests.sync.conftest import COUNTY_PASS, STATION_ID, Enrolled, Served, serve
from tests.sync.lossy import Relay


@pytest.fixture
def relay(served: Served) -> Iterator[Relay]:
    r = Relay(int(served.url.rsplit(":", 1)[1]))
    yield r
    r.close()


def pin_of(county: County) -> str:
    return str(county.config["tls_sha256"])


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def link_to(url: str, pin: str | None, **options: object) -> tuple[transport.HttpsTransport,
                                                                      Sleeps]:
    sleeps = Sleeps()
    return transport.HttpsTransport(url, pin, sleep=sleeps, **options), sleeps  # type: ignore[arg-type]


# --- against the county service ------------------------------------------------------------


def test_many_requests_share_one_connection(served: Served, relay: Relay) -> None:
    link, sleeps = link_to(relay.url, pin_of(served.county), attempts=2)
    for _ in range(25):
        assert link.get("/v1/health").status == 200
    # A refusal (4xx) answers on the same connection and leaves it open.
    for _ in range(5):
        refused = link.post("/v1/up", b"not an envelope")
        assert 400 <= refused.status < 500 and refused.json()["error"]
    assert link.get("/v1/health").status == 200
    assert relay.accepted == 1 and len(relay.open()) == 1 and sleeps == []
    link.close()
    relay.wait_closed()
    assert relay.accepted == 1


def test_a_push_and_pull_use_one_connection(enrolled: Enrolled, served: Served, relay: Relay,
                                            single_doc: dict[str, object],
                                            mediator: object) -> None:
    service = CaseService(enrolled.station)
    for n in range(3):
        service.register({**single_doc, "summary": f"第{n}件：拖欠工资。"}, mediator)  # type: ignore[arg-type]
    with transport.HttpsTransport(relay.url, pin_of(served.county)) as link:
        result = enrolled.sync.push(enrolled.pairs, link)
        assert result.receipted == result.sent >= 1
        enrolled.sync.pull(enrolled.pairs, link)
        assert relay.accepted == 1
    relay.wait_closed()
    assert enrolled.sync.status().local_hash == served.county.state_hash(STATION_ID)


def stale_retries(caplog: pytest.LogCaptureFixture) -> int:
    return sum("kept connection to the county was closed" in r.getMessage()
               for r in caplog.records)


def test_a_connection_the_county_closed_while_idle_is_replaced(
        served: Served, relay: Relay, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger=transport.__name__)
    link, sleeps = link_to(relay.url, pin_of(served.county), attempts=1)
    assert link.get("/v1/health").status == 200
    relay.cut()
    relay.wait_closed()
    assert link.get("/v1/health").status == 200
    assert link.get("/v1/health").status == 200
    assert relay.accepted == 2 and sleeps == []
    assert stale_retries(caplog) == 0  # noticed before sending, nothing sent into it


def test_a_reset_on_a_kept_connection_is_retried_at_once_uncounted(
        served: Served, relay: Relay, caplog: pytest.LogCaptureFixture) -> None:
    """The county closes the kept connection just as the request goes out: with a single
    attempt the request still succeeds, on a new connection, without a backoff."""
    caplog.set_level(logging.DEBUG, logger=transport.__name__)
    link, sleeps = link_to(relay.url, pin_of(served.county), attempts=1)
    assert link.get("/v1/health").status == 200
    relay.doom()
    assert link.get("/v1/health").status == 200
    assert relay.accepted == 2 and sleeps == [] and stale_retries(caplog) == 1
    # Once only: a new connection that breaks too goes to the retry loop and counts.
    relay.doom()
    link2, sleeps2 = link_to(relay.url, pin_of(served.county), attempts=1)
    assert link2.get("/v1/health").status == 200  # its own (third) connection
    relay.upstream = free_port()  # nothing listens there: new connections are broken
    relay.doom()
    with pytest.raises(transport.Unreachable):
        link2.get("/v1/health")
    assert relay.accepted == 4 and sleeps2 == []


def test_the_county_restarted_on_the_same_port(county: County) -> None:
    """The county is restarted while the station holds an idle connection: the old service
    stops listening and says close_notify at once, then waits for the station to close its
    end; the new one listens on the same port.  The next request notices the dead
    connection, connects anew (to the new service) and so also lets the old one finish."""
    port = free_port()
    first = serve(county, port)
    link, sleeps = link_to(f"https://127.0.0.1:{port}", pin_of(county), attempts=3,
                           base_delay=0.01, idle=60)
    second: Served | None = None
    try:
        assert link.get("/v1/health").status == 200
        kept = link._kept.conn
        assert kept is not None
        stopping = threading.Thread(target=first.stop, daemon=True)
        stopping.start()
        deadline = time.monotonic() + 10
        while True:  # until the old service no longer listens
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            except ConnectionRefusedError:
                break
            assert time.monotonic() < deadline
            time.sleep(0.02)
        second = serve(county, port)
        assert link.get("/v1/health").status == 200
        assert link._kept.conn is not None and link._kept.conn is not kept
        assert kept.sock is None and sleeps == []
        stopping.join(5)
        assert not stopping.is_alive()  # the old service saw its last connection closed
    finally:
        link.close()
        if second is not None:
            second.stop()


def test_closing_lets_the_county_stop_at_once(county: County) -> None:
    """The county shuts down (it says close_notify, then waits for the station to close its
    end) while the station holds an idle connection through a relay that does not pass
    resets on.  Closing the transport must end the connection with close_notify and a FIN;
    a plain close would answer the unread close_notify with a reset, lost in the relay, and
    the county would wait out its TLS shutdown timeout (30 s)."""
    port = free_port()
    server = serve(county, port)
    relay = Relay(port, swallow_resets=True)
    try:
        link = transport.HttpsTransport(relay.url, pin_of(county), idle=60)
        assert link.get("/v1/health").status == 200
        stopping = threading.Thread(target=server.stop, daemon=True)
        stopping.start()
        time.sleep(0.5)  # the county's close_notify is waiting, unread, at the station
        assert stopping.is_alive()
        started = time.monotonic()
        link.close()
        stopping.join(10)
        assert not stopping.is_alive() and time.monotonic() - started < 5
    finally:
        relay.close()


def test_uvicorn_idle_timeout_is_survived(county: County) -> None:
    """uvicorn closes a kept-alive connection after ``timeout_keep_alive`` idle seconds."""
    port = free_port()
    server = serve(county, port, keep_alive=1)
    try:
        link, sleeps = link_to(f"https://127.0.0.1:{port}", pin_of(county), attempts=1)
        assert link.get("/v1/health").status == 200
        first = link._kept.conn
        time.sleep(1.6)
        assert link.get("/v1/health").status == 200
        assert link._kept.conn is not first and sleeps == []
        link.close()
    finally:
        server.stop()


def test_the_pin_is_checked_on_every_new_connection(served: Served, relay: Relay,
                                                    tmp_path: Path) -> None:
    other = County.init(tmp_path / "impostor", county_id="370100", name="冒充的县级服务",
                        url=None, passphrase=COUNTY_PASS)
    impostor = serve(other)
    try:
        assert pin_of(other) != pin_of(served.county)
        link, sleeps = link_to(relay.url, pin_of(served.county), attempts=5)
        assert link.get("/v1/health").status == 200
        # The relay now leads to another server (another certificate); the kept connection
        # still reaches the county, a new one must be refused before anything is sent.
        relay.upstream = int(impostor.url.rsplit(":", 1)[1])
        assert link.get("/v1/health").status == 200
        assert relay.accepted == 1
        relay.cut()
        relay.wait_closed()
        with pytest.raises(transport.PinMismatch):
            link.get("/v1/health")
        assert sleeps == [] and relay.accepted == 2  # raised at once, never retried
        # The same when the kept connection breaks as the request goes out.
        relay.upstream = int(served.url.rsplit(":", 1)[1])
        assert link.get("/v1/health").status == 200
        relay.upstream = int(impostor.url.rsplit(":", 1)[1])
        relay.doom()
        with pytest.raises(transport.PinMismatch):
            link.get("/v1/health")
        assert sleeps == [] and relay.accepted == 4
        assert link._kept.conn is None
    finally:
        impostor.stop()
        other.store.close()


def test_close_context_manager_and_collection_close_the_connection(served: Served,
                                                                   relay: Relay) -> None:
    pin = pin_of(served.county)
    with transport.HttpsTransport(relay.url, pin) as link:
        assert link.get("/v1/health").status == 200
        assert len(relay.open()) == 1
    relay.wait_closed()
    assert link.get("/v1/health").status == 200  # usable again after close: reconnects
    link.close()
    relay.wait_closed()

    # A transport simply dropped (as SyncService does with the one it makes per push).
    dropped = transport.HttpsTransport(relay.url, pin)
    assert dropped.get("/v1/health").status == 200
    conn = dropped._kept.conn
    assert conn is not None and conn.sock is not None
    del dropped
    gc.collect()
    assert conn.sock is None
    relay.wait_closed()
    assert relay.accepted == 3


def test_an_idle_connection_is_closed_by_the_station(served: Served, relay: Relay) -> None:
    link, sleeps = link_to(relay.url, pin_of(served.county), idle=0.3)
    assert link.get("/v1/health").status == 200
    assert link.get("/v1/health").status == 200
    assert relay.accepted == 1
    relay.wait_closed()  # after 0.3 s unused, without the transport being touched
    assert link._kept.conn is None
    assert link.get("/v1/health").status == 200 and relay.accepted == 2
    # idle=0: nothing is kept, a connection per request (as before keep-alive).
    once, _ = link_to(relay.url, pin_of(served.county), idle=0)
    for _ in range(3):
        assert once.get("/v1/health").status == 200
    assert relay.accepted == 5 and sleeps == []


def test_threads_sharing_a_transport(served: Served, relay: Relay) -> None:
    link = transport.HttpsTransport(relay.url, pin_of(served.county), attempts=2)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(10):
                assert link.get("/v1/health").status == 200
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    # Only one is kept: a thread that finishes while another's is kept closes its own.
    deadline = time.monotonic() + 5
    while len(relay.open()) > 1:
        assert time.monotonic() < deadline, f"{len(relay.open())} connections stay open"
        time.sleep(0.01)
    assert len(relay.open()) == 1 and link._kept.conn is not None
    link.close()
    relay.wait_closed()


# --- a scripted HTTP/1.1 server: 5xx, Connection: close, plain HTTP ------------------------


class Scripted(http.server.ThreadingHTTPServer):
    """Answers each request with the next scripted status (200 when none is left), keeps
    connections alive unless told otherwise, and counts the connections it accepts."""

    daemon_threads = True

    def __init__(self, tls: ssl.SSLContext | None) -> None:
        self.script: list[tuple[int, bool]] = []  # (status, close the connection)
        self.accepted = 0
        self.requests = 0
        self.tls = tls
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), Handler)
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def get_request(self) -> tuple[socket.socket, object]:
        sock, address = super().get_request()
        with self.lock:
            self.accepted += 1
        if self.tls is not None:
            sock = self.tls.wrap_socket(sock, server_side=True)
        return sock, address

    def next_answer(self) -> tuple[int, bool]:
        with self.lock:
            self.requests += 1
            return self.script.pop(0) if self.script else (200, False)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Scripted

    def log_message(self, format: str, *args: object) -> None:
        pass

    def answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        status, close = self.server.next_answer()
        body = b'{"ok": true}'
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        if close:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = answer


@pytest.fixture
def scripted(county: County) -> Iterator[Scripted]:
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(str(county.home / "keys" / "tls.crt"),
                        str(county.home / "keys" / "tls.key"))
    server = Scripted(tls)
    yield server
    server.shutdown()
    server.server_close()


def test_a_5xx_is_retried_on_a_new_connection(county: County, scripted: Scripted) -> None:
    link, sleeps = link_to(f"https://127.0.0.1:{scripted.port}", pin_of(county), attempts=4,
                           base_delay=0.01)
    assert link.get("/a").status == 200
    scripted.script = [(503, False), (500, False)]
    assert link.post("/b", b"payload").status == 200
    assert scripted.requests == 4 and scripted.accepted == 3 and len(sleeps) == 2
    assert link.get("/c").status == 200 and scripted.accepted == 3  # kept again
    scripted.script = [(502, False)] * 4
    with pytest.raises(transport.Unreachable) as caught:
        link.get("/d")
    assert "HTTP 502" in caught.value.en
    assert scripted.accepted == 6 and len(sleeps) == 5
    assert link._kept.conn is None


def test_connection_close_is_honoured(county: County, scripted: Scripted) -> None:
    link, sleeps = link_to(f"https://127.0.0.1:{scripted.port}", pin_of(county), attempts=1)
    scripted.script = [(200, True), (404, False)]
    assert link.get("/a").status == 200
    assert link._kept.conn is None
    assert link.get("/b").status == 404
    assert link.get("/c").status == 200
    assert scripted.accepted == 2 and sleeps == []


def test_plain_http_keeps_its_connection_too() -> None:
    server = Scripted(None)
    try:
        link, sleeps = link_to(f"http://127.0.0.1:{server.port}/prefix", None, attempts=2,
                               base_delay=0.01)
        for _ in range(10):
            assert link.get("/x").status == 200
        server.script = [(500, False)]
        assert link.post("/y", b"z").status == 200
        assert server.accepted == 2 and server.requests == 12 and len(sleeps) == 1
    finally:
        server.shutdown()
        server.server_close()


def test_a_dead_county_is_unreachable_after_the_attempts() -> None:
    link, sleeps = link_to(f"https://127.0.0.1:{free_port()}", "ab" * 32, attempts=3,
                           base_delay=0.01, timeout=2)
    with pytest.raises(transport.Unreachable):
        link.get("/v1/health")
    assert len(sleeps) == 2
