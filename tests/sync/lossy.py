"""The pieces of the fault test (test_faults.py): the county service in a process of its
own (so it can be killed with SIGKILL and started again on the same port and folder), and
the lossy proxy between the station and it, with the modes that module describes; and the
counting relay test_transport.py puts in front of the county."""

from __future__ import annotations

import contextlib
import http.client
import os
import random
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.sync import transport
from tests.sync.conftest import COUNTY_PASS

ROOT = Path(__file__).resolve().parents[2]
# How often the proxy picks each mode when faults are on (weights).
MODES = {"pass": 34, "delay": 12, "drop_before": 12, "drop_after": 14, "duplicate": 14,
         "reorder": 14}


# --- the county in its own process ------------------------------------------------------


class CountyProcess:
    """``tiaojie-county serve`` on a fixed loopback port, killable and restartable."""

    def __init__(self, home: Path, port: int, pin: str) -> None:
        self.home, self.port, self.pin = home, port, pin
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = home / "serve.log"
        self.kills = 0

    def start(self) -> None:
        env = {**os.environ, "TIAOJIE_COUNTY_PASSPHRASE": COUNTY_PASS}
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "county.cli", "--home", str(self.home), "serve",
                 "--host", "127.0.0.1", "--port", str(self.port)],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        link = transport.HttpsTransport(f"https://127.0.0.1:{self.port}", self.pin,
                                        attempts=1, timeout=2)
        deadline = time.monotonic() + 30
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the county service exited:\n{self.log.read_text()[-2000:]}")
            with contextlib.suppress(transport.Unreachable):
                if link.get("/v1/health").status == 200:
                    return
            if time.monotonic() > deadline:
                raise RuntimeError("the county service did not start")
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no cleanup, whatever the service was doing."""
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        self.kills += 1

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def abort(sock: socket.socket, *, read_elsewhere: bool = False) -> None:
    """Close with a reset (the peer sees the connection broken, not a clean end).  A socket
    another thread is blocked reading is shut down first: closing it alone would wait for
    that read to end (the kernel keeps it open meanwhile), so the peer would see nothing."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    if read_elsewhere:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


# --- the lossy proxy --------------------------------------------------------------------


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


def _read_request(conn: ssl.SSLSocket) -> Request:
    stream = conn.makefile("rb")
    line = stream.readline(65537).decode("latin-1").rstrip("\r\n")
    method, path, _version = line.split(" ", 2)
    headers: dict[str, str] = {}
    while True:
        header = stream.readline(65537).decode("latin-1").rstrip("\r\n")
        if not header:
            break
        name, _, value = header.partition(":")
        headers[name.strip().lower()] = value.strip()
    body = stream.read(int(headers.get("content-length", "0")))
    return Request(method, path, headers, body)


class Proxy:
    """A TCP proxy on loopback that misbehaves per connection (see the module docstring)."""

    def __init__(self, upstream_port: int, cert: Path, key: Path, seed: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.rng = random.Random(seed)
        self.faults = False
        self.script: list[str] = []  # modes for the next connections, before any random one
        self.counts: Counter[str] = Counter()
        self.connected = threading.Event()
        self.held: list[Request] = []
        self.lock = threading.Lock()
        self.tls_server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.tls_server.load_cert_chain(str(cert), str(key))
        self.tls_client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        self.tls_client.check_hostname = False
        self.tls_client.verify_mode = ssl.CERT_NONE
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.threads: list[threading.Thread] = []
        self.closed = False
        self.acceptor = threading.Thread(target=self._accept, daemon=True)
        self.acceptor.start()

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self.closed:
            try:
                sock, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                if self.script:
                    mode = self.script.pop(0)
                elif self.faults:
                    mode = self.rng.choices(list(MODES), weights=list(MODES.values()))[0]
                else:
                    mode = "pass"
                rng = random.Random(self.rng.random())
                self.counts[mode] += 1
            self.connected.set()
            thread = threading.Thread(target=self._handle, args=(sock, mode, rng), daemon=True)
            self.threads.append(thread)
            thread.start()

    def _handle(self, sock: socket.socket, mode: str, rng: random.Random) -> None:
        sock.settimeout(15)
        try:
            if mode == "drop_before":
                abort(sock)
                return
            if mode in ("pass", "delay"):
                if mode == "delay":
                    time.sleep(rng.uniform(0.02, 0.25))
                self._pipe(sock)
                return
            self._terminated(sock, mode, rng)
        except OSError:
            abort(sock)
        finally:
            if mode != "reorder":
                self.release()

    # TLS untouched: bytes both ways until each side is done.
    def _pipe(self, client: socket.socket) -> None:
        try:
            server = socket.create_connection(self.upstream, timeout=15)
        except OSError:
            abort(client)  # the county is down: the station sees a broken connection
            return

        def copy(src: socket.socket, dst: socket.socket) -> None:
            try:
                while data := src.recv(65536):
                    dst.sendall(data)
                dst.shutdown(socket.SHUT_WR)
            except OSError:
                abort(src)
                abort(dst)

        back = threading.Thread(target=copy, args=(server, client), daemon=True)
        back.start()
        copy(client, server)
        back.join(20)
        for s in (client, server):
            with contextlib.suppress(OSError):
                s.close()

    # TLS ended here with the county's certificate: requests seen whole.
    def _terminated(self, sock: socket.socket, mode: str, rng: random.Random) -> None:
        conn = self.tls_server.wrap_socket(sock, server_side=True)
        try:
            request = _read_request(conn)
        except (OSError, ValueError):
            abort(conn)
            return
        if mode == "reorder":
            with self.lock:
                self.held.append(request)
            abort(conn)
            return
        if mode == "drop_after":
            with contextlib.suppress(OSError, http.client.HTTPException):
                self.forward(request)
            abort(conn)
            return
        # duplicate: two copies, one after the other or both at once
        answers: list[Any] = [None, None]

        def deliver(i: int) -> None:
            with contextlib.suppress(OSError, http.client.HTTPException):
                answers[i] = self.forward(request)

        if rng.random() < 0.5:
            deliver(0)
            deliver(1)
        else:
            twins = [threading.Thread(target=deliver, args=(i,)) for i in (0, 1)]
            for t in twins:
                t.start()
            for t in twins:
                t.join(30)
        got = [a for a in answers if a is not None]
        if not got:
            abort(conn)
            return
        status, reason, headers, body = rng.choice(got)
        head = [f"HTTP/1.1 {status} {reason}"]
        head += [f"{k}: {v}" for k, v in headers if k.lower() not in (
            "content-length", "connection", "transfer-encoding", "date", "server")]
        head += [f"Content-Length: {len(body)}", "Connection: close", "", ""]
        conn.sendall("\r\n".join(head).encode("latin-1") + body)
        with contextlib.suppress(OSError):
            conn.close()

    def forward(self, request: Request) -> tuple[int, str, list[tuple[str, str]], bytes]:
        """One copy of a request to the county over a new TLS connection; its answer."""
        up = http.client.HTTPSConnection(*self.upstream, context=self.tls_client, timeout=15)
        try:
            headers = {k: v for k, v in request.headers.items()
                       if k in ("content-type", "accept-encoding")}
            up.request(request.method, request.path, body=request.body or None,
                       headers=headers)
            response = up.getresponse()
            answer = response.status, response.reason, response.getheaders(), response.read()
        finally:
            up.close()
        if response.getheader("x-duplicate") == "1":
            with self.lock:
                self.counts["answered as a duplicate"] += 1
        return answer

    def release(self) -> None:
        """Deliver the held requests (late), their answers going nowhere."""
        with self.lock:
            held, self.held = self.held, []
        for request in held:
            with contextlib.suppress(OSError, http.client.HTTPException):
                self.forward(request)

    def close(self) -> None:
        self.closed = True
        with contextlib.suppress(OSError):
            self.listener.close()
        for t in self.threads:
            t.join(5)


# --- a counting relay (test_transport.py) --------------------------------------------------------


@dataclass
class Piped:
    client: socket.socket
    server: socket.socket
    doomed: bool = False  # reset as soon as the station writes into it again
    closed: bool = False


class Relay:
    """Bytes both ways between the station and ``upstream``; counts the connections it
    accepts and can cut them (cleanly, or with a reset at the next request)."""

    def __init__(self, upstream: int, *, swallow_resets: bool = False) -> None:
        self.upstream = upstream
        self.swallow_resets = swallow_resets  # as a plain relay may: a reset goes no further
        self.accepted = 0
        self.links: list[Piped] = []
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"https://127.0.0.1:{self.port}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                self.accepted += 1
            try:
                server = socket.create_connection(("127.0.0.1", self.upstream), timeout=10)
            except OSError:
                abort(client)  # nothing there: the station sees a broken connection
                continue
            piped = Piped(client, server)
            with self.lock:
                self.links.append(piped)
            threading.Thread(target=self._copy, args=(piped, True), daemon=True).start()
            threading.Thread(target=self._copy, args=(piped, False), daemon=True).start()

    def _copy(self, piped: Piped, upward: bool) -> None:
        src, dst = (piped.client, piped.server) if upward else (piped.server, piped.client)
        try:
            while data := src.recv(65536):
                if upward and piped.doomed:
                    abort(piped.client)
                    abort(piped.server, read_elsewhere=True)
                    break
                dst.sendall(data)
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            if not self.swallow_resets:
                abort(src)
                abort(dst, read_elsewhere=True)
        finally:
            piped.closed = True

    def open(self) -> list[Piped]:
        with self.lock:
            return [p for p in self.links if not p.closed]

    def cut(self) -> None:
        """Close every connection cleanly (as a server closing idle connections does)."""
        for piped in self.open():
            for sock in (piped.client, piped.server):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    sock.close()

    def doom(self) -> None:
        """Reset every open connection when the station next writes into it: the station
        cannot see that coming before it sends (the race a stale connection can lose)."""
        for piped in self.open():
            piped.doomed = True

    def wait_closed(self) -> None:
        deadline = time.monotonic() + 5
        while self.open():
            assert time.monotonic() < deadline, "the relay's connections stay open"
            time.sleep(0.01)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.listener.close()
        self.cut()
