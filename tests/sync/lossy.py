"""The pieces of the fault test (test_faults.py): the county service in a process of its
own (so it can be killed with SIGKILL and started again on the same port and folder), and
the lossy proxy between the station and it, with the modes that module describes."""

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


# --- the lossy proxy --------------------------------------------------------------------


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


def _abort(sock: socket.socket) -> None:
    """Close with a reset (the peer sees the connection broken, not a clean end)."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    with contextlib.suppress(OSError):
        sock.close()


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
                _abort(sock)
                return
            if mode in ("pass", "delay"):
                if mode == "delay":
                    time.sleep(rng.uniform(0.02, 0.25))
                self._pipe(sock)
                return
            self._terminated(sock, mode, rng)
        except OSError:
            _abort(sock)
        finally:
            if mode != "reorder":
                self.release()

    # TLS untouched: bytes both ways until each side is done.
    def _pipe(self, client: socket.socket) -> None:
        try:
            server = socket.create_connection(self.upstream, timeout=15)
        except OSError:
            _abort(client)  # the county is down: the station sees a broken connection
            return

        def copy(src: socket.socket, dst: socket.socket) -> None:
            try:
                while data := src.recv(65536):
                    dst.sendall(data)
                dst.shutdown(socket.SHUT_WR)
            except OSError:
                _abort(src)
                _abort(dst)

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
            _abort(conn)
            return
        if mode == "reorder":
            with self.lock:
                self.held.append(request)
            _abort(conn)
            return
        if mode == "drop_after":
            with contextlib.suppress(OSError, http.client.HTTPException):
                self.forward(request)
            _abort(conn)
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
            _abort(conn)
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
