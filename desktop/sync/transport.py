"""Carrying envelopes: HTTPS to the county (certificate pinned from enrolment, retries with
backoff and jitter) and files on removable media.  Both carry the same bytes."""

from __future__ import annotations

import hashlib
import http.client
import json
import logging
import random
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from desktop.domain.errors import EnvironmentProblem, InputError, TiaojieError

log = logging.getLogger(__name__)
SUFFIX = ".tjsync"
TIMEOUT = 30.0


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


class HttpsTransport:
    """Requests to the county over HTTPS with the certificate pinned by its SHA-256.

    The certificate is self-signed by the county and named in the enrolment file, so it
    is checked by its fingerprint (before anything is sent) rather than by a CA chain.
    Failures to connect, resets and 5xx answers are retried with exponential backoff and
    full jitter; a request is safe to repeat because every envelope is idempotent.
    """

    def __init__(self, url: str, tls_sha256: str | None, *, attempts: int = 5,
                 base_delay: float = 0.5, max_delay: float = 20.0, timeout: float = TIMEOUT,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise InputError(f"县级服务地址不对：{url}", f"bad county address: {url}", "url")
        if parts.scheme == "https" and not tls_sha256:
            raise InputError("缺少县级服务证书指纹", "no pinned TLS fingerprint for the county")
        self.scheme, self.host = parts.scheme, parts.hostname
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.prefix = parts.path.rstrip("/")
        self.pin = (tls_sha256 or "").lower()
        self.attempts, self.base_delay, self.max_delay = attempts, base_delay, max_delay
        self.timeout, self.sleep = timeout, sleep

    def _connect(self) -> http.client.HTTPConnection:
        if self.scheme == "http":
            conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            conn.connect()
            return conn
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # checked by the pinned fingerprint below
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        tls = http.client.HTTPSConnection(self.host, self.port, timeout=self.timeout,
                                          context=context)
        tls.connect()
        der = tls.sock.getpeercert(binary_form=True)  # type: ignore[union-attr]
        if not der or hashlib.sha256(der).hexdigest() != self.pin:
            tls.close()
            raise PinMismatch("县级服务的证书与注册文件中的不一致，已停止连接（可能被冒充）",
                              "the county's TLS certificate does not match the enrolment "
                              "file; not connecting (possible impersonation)")
        return tls

    def request(self, method: str, path: str, body: bytes | None = None) -> Reply:
        """One request, retried on network failures and 5xx answers."""
        last: BaseException | None = None
        for attempt in range(self.attempts):
            if attempt:
                delay = random.uniform(0, min(self.max_delay, self.base_delay * 2 ** attempt))
                self.sleep(delay)
            try:
                conn = self._connect()
                try:
                    headers = {"Content-Type": "application/octet-stream"} if body else {}
                    conn.request(method, self.prefix + path, body=body, headers=headers)
                    response = conn.getresponse()
                    reply = Reply(response.status, response.read(),
                                  {k.lower(): v for k, v in response.getheaders()})
                finally:
                    conn.close()
            except PinMismatch:
                raise
            except (OSError, http.client.HTTPException) as exc:
                last = exc
                log.info("county request %s %s failed (attempt %d): %s", method, path,
                         attempt + 1, type(exc).__name__)
                continue
            if reply.status >= 500:
                last = RuntimeError(f"HTTP {reply.status}")
                continue
            return reply
        raise Unreachable(f"无法连接县级服务（{self.host}:{self.port}），稍后会再试",
                          f"cannot reach the county service at {self.host}:{self.port}: "
                          f"{type(last).__name__}: {last}")

    def post(self, path: str, body: bytes) -> Reply:
        return self.request("POST", path, body)

    def get(self, path: str) -> Reply:
        return self.request("GET", path)


def write_file(path: Path, data: bytes) -> Path:
    """Write one file atomically (a partial file, flushed to disk, then renamed)."""
    import os
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        with open(tmp, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise EnvironmentProblem(f"无法写入 {path}：{exc.strerror}",
                                 f"cannot write {path}: {exc.strerror}") from exc
    return path


def write_files(folder: Path, items: list[tuple[str, bytes]]) -> list[Path]:
    """Write envelopes as files (``name``.tjsync), each atomically; returns the paths."""
    return [write_file(folder / f"{name}{SUFFIX}", data) for name, data in items]


def read_files(paths: list[Path]) -> list[tuple[Path, bytes]]:
    """Read envelope files; a folder stands for the .tjsync files in it."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.glob(f"*{SUFFIX}")))
        else:
            found.append(path)
    out = []
    for path in found:
        try:
            out.append((path, path.read_bytes()))
        except OSError as exc:
            raise InputError(f"无法读取 {path}：{exc.strerror}",
                             f"cannot read {path}: {exc.strerror}", str(path)) from exc
    return out
