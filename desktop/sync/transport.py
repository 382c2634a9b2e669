"""Carrying envelopes: HTTPS to the county (certificate pinned from enrolment, one connection
kept alive, retries with backoff and jitter) and files on removable media.  Both carry the
same bytes."""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import logging
import random
import select
import ssl
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from urllib.parse import SplitResult, urlsplit

from desktop.domain.errors import EnvironmentProblem, InputError, TiaojieError
from desktop.sync.envelope import MAX_HEADER, MAX_SEALED, SIG_LEN

log = logging.getLogger(__name__)
SUFFIX = ".tjsync"
MAX_FILE = 12 + MAX_HEADER + SIG_LEN + MAX_SEALED  # the largest envelope there can be
TIMEOUT = 30.0
# Seconds a kept connection may sit unused before the station closes it.  Below uvicorn's
# keep-alive timeout (5 s), so that the station, not the county, normally ends it.  It
# matters beyond saving a socket: the county's graceful shutdown waits for every open TLS
# connection to be closed by its peer (up to 30 s), and a station that merely holds an idle
# socket never answers that.
IDLE = 2.0


class Unreachable(EnvironmentProblem):
    """The county could not be reached (after the retries)."""


class CountyRefused(TiaojieError):
    """The county answered with a protocol error (``code``, HTTP ``status``)."""

    exit_code = 7

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        self.status = status
        self.code = str(body.get("error") or f"http_{status}")
        self.body = body
        super().__init__(str(body.get("message_zh") or f"县级服务拒绝（{self.code}）"),
                         str(body.get("message_en") or f"the county refused ({self.code})"))


class PinMismatch(EnvironmentProblem):
    """The server's TLS certificate is not the one named in the enrolment file."""


@dataclass
class Reply:
    status: int
    body: bytes
    headers: dict[str, str]

    def json(self) -> dict[str, Any]:
        try:
            value = json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return {}
        return value if isinstance(value, dict) else {}


# How a kept-alive connection shows that the county closed it while it sat idle (uvicorn
# closes one after a few idle seconds, and any restart closes them all): the request
# written into it is refused with a reset or a broken pipe, or the answer is an empty read.
_STALE: tuple[type[BaseException], ...] = (
    ConnectionError,  # BrokenPipe, ConnectionReset (and http.client's RemoteDisconnected)
    ssl.SSLEOFError, ssl.SSLZeroReturnError)


class _PinnedConnection(http.client.HTTPSConnection):
    """An HTTPS connection that checks the county's certificate by its SHA-256 each time it
    connects, before a byte of a request is written."""

    def __init__(self, host: str, port: int, pin: str, timeout: float) -> None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # checked by the pinned fingerprint below
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        super().__init__(host, port, timeout=timeout, context=context)
        self.pin = pin

    def connect(self) -> None:
        super().connect()
        der = cast(ssl.SSLSocket, self.sock).getpeercert(binary_form=True)
        if not der or hashlib.sha256(der).hexdigest() != self.pin:
            self.close()
            raise PinMismatch("县级服务的证书与注册文件中的不一致，已停止连接（可能被冒充）",
                              "the county's TLS certificate does not match the enrolment "
                              "file; not connecting (possible impersonation)")


def _dropped(conn: http.client.HTTPConnection) -> bool:
    """Whether an idle kept-alive connection can no longer carry a request: closed here, or
    readable while nothing was asked (the county's FIN or TLS close_notify, or stray bytes)."""
    sock = conn.sock
    if sock is None:
        return True
    try:
        if isinstance(sock, ssl.SSLSocket) and sock.pending():
            return True
        if hasattr(select, "poll"):
            poller = select.poll()
            poller.register(sock, select.POLLIN | select.POLLERR | select.POLLHUP)
            return bool(poller.poll(0))
        return bool(select.select([sock], [], [], 0)[0])
    except (OSError, ValueError):
        return True


def _close(conn: http.client.HTTPConnection) -> None:
    """Close a connection with TLS's close_notify and a FIN, never with a reset.

    Closing a socket that holds unread bytes (typically the county's own close_notify,
    sent when it shut down or timed the connection out) makes the kernel answer with a
    reset, and a relay or proxy on the way may drop that rather than pass it on; uvicorn
    then waits for our close_notify until its TLS shutdown times out (30 s), holding up
    the county's restart.  So the close_notify is read and answered here, without waiting
    for anything (the socket is made non-blocking first)."""
    sock = conn.sock
    if isinstance(sock, ssl.SSLSocket):
        with contextlib.suppress(OSError, ValueError):
            sock.setblocking(False)
            sock.unwrap()  # sends ours; reads the county's if it came (SSLWantRead if not)
    conn.close()


class _Kept:
    """The one idle connection a transport keeps between requests, closed after ``idle``
    seconds unused.  Apart from the transport so that a finalizer (and the idle timer) can
    close it without keeping the transport alive."""

    def __init__(self, idle: float) -> None:
        self.idle = idle
        self.lock = threading.Lock()
        self.conn: http.client.HTTPConnection | None = None
        self.timer: threading.Timer | None = None

    def take(self) -> http.client.HTTPConnection | None:
        with self.lock:
            conn, self.conn = self.conn, None
            timer, self.timer = self.timer, None
        if timer is not None:
            timer.cancel()
        return conn

    def put(self, conn: http.client.HTTPConnection) -> None:
        if self.idle > 0:
            with self.lock:
                if self.conn is None:
                    self.conn = conn
                    self.timer = threading.Timer(self.idle, self._expire, (conn,))
                    self.timer.daemon = True
                    self.timer.start()
                    return
        _close(conn)  # keep-alive off, or another thread's connection is kept already

    def _expire(self, conn: http.client.HTTPConnection) -> None:
        with self.lock:
            if self.conn is not conn:
                return  # taken again meanwhile
            self.conn = self.timer = None
        _close(conn)

    def close(self) -> None:
        conn = self.take()
        if conn is not None:
            _close(conn)


class HttpsTransport:
    """Requests to the county over HTTPS with the certificate pinned by its SHA-256.

    The certificate is self-signed by the county and named in the enrolment file, so it
    is checked by its fingerprint (before anything is sent) rather than by a CA chain.
    Failures to connect, resets and 5xx answers are retried with exponential backoff and
    full jitter; a request is safe to repeat because every envelope is idempotent.

    One connection is kept open between requests (HTTP/1.1 keep-alive), so a push of many
    envelopes pays one TLS handshake.  It is dropped, and the next request opens a new one
    (checking the pin again), after a failure, after a 5xx answer, when the county says
    ``Connection: close`` and when the county has closed it while it was idle.  Several
    threads may share a transport: a request takes the kept connection or opens its own.

    The kept connection is closed after ``idle`` seconds unused (``idle=0``: none is
    kept), by ``close()`` (or at the end of a ``with`` block) and when the transport is
    collected: ``SyncService`` makes one per push or pull and simply drops it.  After
    ``close()`` the transport can still be used (it connects again).
    """

    def __init__(self, url: str, tls_sha256: str | None, *, attempts: int = 5,
                 base_delay: float = 0.5, max_delay: float = 20.0, timeout: float = TIMEOUT,
                 idle: float = IDLE, sleep: Callable[[float], None] = time.sleep) -> None:
        parts = check_url(url)
        if parts.scheme == "https" and not tls_sha256:
            raise InputError("缺少县级服务证书指纹", "no pinned TLS fingerprint for the county")
        self.scheme, self.host = parts.scheme, parts.hostname or ""
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.prefix = parts.path.rstrip("/")
        self.pin = (tls_sha256 or "").lower()
        self.attempts, self.base_delay, self.max_delay = attempts, base_delay, max_delay
        self.timeout, self.sleep = timeout, sleep
        self._kept = _Kept(idle)
        weakref.finalize(self, self._kept.close)

    def close(self) -> None:
        """Close the kept connection, if any."""
        self._kept.close()

    def __enter__(self) -> HttpsTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _connect(self) -> http.client.HTTPConnection:
        """A new connection, connected (and for HTTPS its certificate checked)."""
        conn: http.client.HTTPConnection
        if self.scheme == "http":
            conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        else:
            conn = _PinnedConnection(self.host, self.port, self.pin, self.timeout)
        conn.auto_open = 0  # never reconnect behind our back (and past the pin check)
        try:
            conn.connect()
        except BaseException:
            _close(conn)
            raise
        return conn

    def _exchange(self, method: str, path: str, body: bytes | None) -> Reply:
        """One request and its answer, on the kept connection or a new one."""
        conn = self._kept.take()
        if conn is not None and _dropped(conn):
            _close(conn)
            conn = None
        reused = conn is not None
        if conn is None:
            conn = self._connect()
        try:
            try:
                reply, reusable = self._round_trip(conn, method, path, body)
            except _STALE as exc:
                if not reused:
                    raise
                # The county closed the kept connection while it sat idle (the check in
                # _dropped can lose that race).  This is once more at once, on a new
                # connection, not counted as an attempt: nothing is known to be wrong with
                # the county, so it must neither eat one of the attempts (a transport made
                # with attempts=1, like the health probe, would report an idle timeout as
                # the county being unreachable) nor wait out a backoff.  It is at most once
                # per request: a new connection that fails goes to the retry loop as
                # usual.  Sending again is safe because every request is idempotent (the
                # county may have received it before closing).
                log.debug("kept connection to the county was closed (%s); reconnecting",
                          type(exc).__name__)
                _close(conn)
                conn = self._connect()
                reply, reusable = self._round_trip(conn, method, path, body)
        except BaseException:
            _close(conn)
            raise
        if reusable and reply.status < 500:
            self._kept.put(conn)
        else:
            _close(conn)
        return reply

    def _round_trip(self, conn: http.client.HTTPConnection, method: str, path: str,
                    body: bytes | None) -> tuple[Reply, bool]:
        headers = {"Content-Type": "application/octet-stream"} if body else {}
        conn.request(method, self.prefix + path, body=body, headers=headers)
        response = conn.getresponse()
        reply = Reply(response.status, response.read(),  # read whole: the connection is free
                      {k.lower(): v for k, v in response.getheaders()})
        return reply, not response.will_close and conn.sock is not None

    def request(self, method: str, path: str, body: bytes | None = None) -> Reply:
        """One request, retried on network failures and 5xx answers."""
        # What went wrong last, as text: an exception kept here would hold this frame (by
        # its traceback) in a reference cycle, and with it the transport and its socket
        # until the garbage collector runs.
        last = "no attempt made"
        for attempt in range(self.attempts):
            if attempt:
                delay = random.uniform(0, min(self.max_delay, self.base_delay * 2 ** attempt))
                self.sleep(delay)
            try:
                reply = self._exchange(method, path, body)
            except PinMismatch:
                raise
            except (OSError, http.client.HTTPException) as exc:
                last = f"{type(exc).__name__}: {exc}"
                log.info("county request %s %s failed (attempt %d): %s", method, path,
                         attempt + 1, type(exc).__name__)
                continue
            if reply.status >= 500:
                last = f"RuntimeError: HTTP {reply.status}"
                continue
            return reply
        raise Unreachable(f"无法连接县级服务（{self.host}:{self.port}），稍后会再试",
                          f"cannot reach the county service at {self.host}:{self.port}: "
                          f"{last}")

    def post(self, path: str, body: bytes) -> Reply:
        return self.request("POST", path, body)

    def get(self, path: str) -> Reply:
        return self.request("GET", path)


def check_url(url: str, where: str = "url") -> SplitResult:
    """The county service's address, parsed: ``https://`` (or ``http://`` behind a proxy), a
    host, a port 1–65535 if given, an optional path prefix; no query, fragment or spaces."""
    try:
        parts = urlsplit(url)
        port = parts.port  # ValueError when it is not a number in range
    except ValueError:
        parts, port = None, None
    if (parts is None or parts.scheme not in ("https", "http") or not parts.hostname
            or parts.query or parts.fragment or (port is not None and port < 1)
            or any(c.isspace() for c in url)):
        raise InputError(f"县级服务地址不对：{url[:100]}（应形如 https://10.0.0.5:8443）",
                         f"bad county address {url[:100]!r} (like https://10.0.0.5:8443)",
                         where)
    return parts


def check_folder(folder: Path) -> Path:
    """A folder to write to on removable media: an existing folder, or a new one in an
    existing folder — a mistyped path, or a stick not mounted, must not become a tree of
    folders on the local disk."""
    if not (folder.is_dir() or (not folder.exists() and folder.parent.is_dir())):
        raise InputError(f"{folder} 不是可用的文件夹：它所在的文件夹不存在，或它是一个文件"
                         "（U 盘插好了吗？）",
                         f"{folder} is not a usable folder: its parent does not exist, or "
                         "it is a file (is the USB stick mounted?)", str(folder))
    return folder


def write_file(path: Path, data: bytes) -> Path:
    """Write one file atomically (a partial file, flushed to disk, then renamed)."""
    import os
    tmp = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):  # a full stick keeps no half-written file
            tmp.unlink()
        raise EnvironmentProblem(f"无法写入 {path}：{exc.strerror}",
                                 f"cannot write {path}: {exc.strerror}") from exc
    return path


def write_files(folder: Path, items: list[tuple[str, bytes]]) -> list[Path]:
    """Write envelopes as files (``name``.tjsync), each atomically; returns the paths."""
    return [write_file(folder / f"{name}{SUFFIX}", data) for name, data in items]


def read_files(paths: list[Path], max_bytes: int = MAX_FILE) -> list[tuple[Path, bytes]]:
    """Read envelope files (each at most ``max_bytes``); a folder stands for the .tjsync
    files in it and in its folders one level down."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():  # and its folders one level down (回执/ beside 发往县里/)
            found.extend(sorted(path.glob(f"*{SUFFIX}")) + sorted(path.glob(f"*/*{SUFFIX}")))
        else:
            found.append(path)
    out = []
    for path in found:
        try:
            if path.stat().st_size > max_bytes:  # not read into memory to find out
                raise InputError(f"{path.name} 太大（{path.stat().st_size} 字节），不是同步文件",
                                 f"{path.name} is too large ({path.stat().st_size} bytes) "
                                 "for a sync file", str(path))
            out.append((path, path.read_bytes()))
        except OSError as exc:
            raise InputError(f"无法读取 {path}：{exc.strerror}",
                             f"cannot read {path}: {exc.strerror}", str(path)) from exc
    return out
