"""Sync over a transport: HTTPS to the county (push, pull, online enrolment) and files on
removable media (export, import).  The same envelopes travel either way."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from desktop.domain.errors import InputError, TiaojieError
from desktop.services import runner
from desktop.services.auth import User
from desktop.services.sync import (
    DOWN_BATCH,
    NotEnrolled,
    PullResult,
    PushResult,
    Revoked,
    SyncCore,
)
from desktop.sync import envelope, keys, transport
from desktop.sync.envelope import EnvelopeError

STATION_TO_COUNTY = ("batch", "blob", "down-receipt", "enrol")
PROBE_TIMEOUT = 5.0  # seconds the automatic sync waits to learn the county is there


class SyncService(SyncCore):
    """One station's sync, with its transports."""

    def https(self, **options: Any) -> transport.HttpsTransport:
        st = self.state()
        if st is None:
            raise NotEnrolled()
        if not st["url"]:
            raise InputError("注册文件中没有县级服务地址：只能用 U 盘交换文件",
                             "no county address in the enrolment: use files instead")
        return transport.HttpsTransport(st["url"], st["tls_sha256"], **options)

    def enrol_online(self, request: bytes, pairs: keys.KeyPairs,
                     link: transport.HttpsTransport | None = None,
                     user: User | None = None) -> None:
        link = link or self.https()
        with self._exchange():  # a failure shows as the last error, as for push and pull
            reply = link.post("/v1/enrol", request)
            if reply.status != 200:
                raise transport.CountyRefused(reply.status, reply.json())
            self.finish_enrol(reply.body, pairs, user)

    def reachable(self) -> bool:
        """One quick look (no retries, a short timeout): is the county's service there?
        The automatic sync asks first, so an office without a connection costs nothing."""
        try:
            return self.https(attempts=1, timeout=PROBE_TIMEOUT).get("/v1/health").status == 200
        except transport.PinMismatch:
            raise  # someone else answers at the county's address: say so
        except TiaojieError:
            return False

    def push(self, pairs: keys.KeyPairs, link: transport.HttpsTransport | None = None
             ) -> PushResult:
        """Build, then send every unreceipted envelope in order until all are receipted."""
        result = PushResult(built=self.build(pairs))
        if not self.outgoing():
            return result  # nothing to send: no exchange, and none counted as contact
        link = link or self.https()
        with self._exchange():
            self._send_all(pairs, link, result)
        return result

    @contextmanager
    def _exchange(self) -> Iterator[None]:
        """One exchange with the county: its failure is noted for the status (a revocation
        locks the station), its success clears the last error and counts as contact."""
        try:
            yield
        except transport.CountyRefused as exc:
            self._note_error(exc.line(), revoked=exc.code == "revoked")
            if exc.code == "revoked":
                raise Revoked() from exc
            raise
        except TiaojieError as exc:
            self._note_error(exc.line())
            raise
        self._contact()

    def _send_all(self, pairs: keys.KeyPairs, link: transport.HttpsTransport,
                  result: PushResult) -> None:
        rounds = 0
        resent = False
        while True:
            pending = self.outgoing()
            if not pending:
                return
            rounds += 1
            if rounds > 3 + len(pending):
                raise transport.Unreachable("县级服务一直未确认，稍后再试",
                                            "the county keeps not confirming; try later")
            for i, (seq, data) in enumerate(pending, start=1):
                reply = link.post("/v1/up", data)
                result.sent += 1
                runner.report(i, len(pending))
                if reply.status == 200:
                    self.take_receipt(reply.body, pairs)
                    result.receipted += 1
                    result.duplicates += reply.headers.get("x-duplicate") == "1"
                elif reply.status == 202:
                    expected = reply.json().get("expected")
                    result.waiting_for = expected if isinstance(expected, int) else None
                    if isinstance(expected, int) and expected < seq:
                        if not any(s == expected for s, _ in pending):
                            # The county lost envelopes it had receipted (restored from a
                            # backup, say): everything goes again, as a restart.
                            if resent:
                                self._lost(expected)
                            resent = True
                            self.request_full_resend(None)
                            result.built += self.build(pairs)
                        break  # start again from the first unreceipted
                else:
                    raise transport.CountyRefused(reply.status, reply.json())

    def _lost(self, expected: int) -> None:
        raise InputError(f"县级服务缺少第 {expected} 号批次，而本站已收到它的回执："
                         "请在同步页面选择“全部重新发送”",
                         f"the county lacks envelope {expected} although this station holds "
                         "its receipt: request a full re-send")

    def pull(self, pairs: keys.KeyPairs, link: transport.HttpsTransport | None = None
             ) -> PullResult:
        """Fetch and apply downlink in order, then tell the county what was applied."""
        st = self._enrolled()
        link = link or self.https()
        total = PullResult()
        with self._exchange():
            for _ in range(DOWN_BATCH):
                st = self._enrolled()
                reply = link.get(f"/v1/down/{st['station']}?after={st['down_next'] - 1}")
                if reply.status == 204:
                    break
                if reply.status != 200:
                    raise transport.CountyRefused(reply.status, reply.json())
                one = self.take_down(reply.body, pairs)
                _merge(total, one)
                if one.skipped:
                    break
            answer = link.post("/v1/up", self.down_receipt(pairs))
            if answer.status != 200:
                raise transport.CountyRefused(answer.status, answer.json())
        return total

    def export_files(self, folder: Path, pairs: keys.KeyPairs) -> list[Path]:
        """Build, then write every unreceipted envelope and a downlink receipt to ``folder``
        (see :func:`transport.check_folder`)."""
        transport.check_folder(folder)
        self.build(pairs)
        st = self._enrolled()
        items = [(f"{st['station']}-up-{seq:08d}", data) for seq, data in self.outgoing()]
        items.append((f"{st['station']}-ack-{st['down_next'] - 1:08d}",
                      self.down_receipt(pairs)))
        return transport.write_files(folder, items)

    def import_files(self, paths: list[Path], pairs: keys.KeyPairs,
                     user: User | None = None) -> dict[str, Any]:
        """Read receipts, downlink and an enrolment answer from files, in sequence order."""
        found = transport.read_files(paths)
        parsed: list[tuple[Path, bytes, envelope.Envelope]] = []
        problems: list[str] = []
        for path, data in found:
            try:
                parsed.append((path, data, envelope.parse(data)))
            except EnvelopeError as exc:
                problems.append(f"{path.name}: {exc.line()}")
        parsed.sort(key=lambda p: ({"enrolled": 0, "receipt": 1, "down": 2}.get(p[2].kind, 3),
                                   p[2].seq))
        out: dict[str, Any] = {"receipts": 0, "down": PullResult(), "enrolled": False,
                               "problems": problems}
        for path, data, env in parsed:
            try:
                if env.kind == "enrolled":
                    out["enrolled"] = self.finish_enrol(data, pairs, user) or out["enrolled"]
                elif env.kind == "receipt":
                    self.take_receipt(data, pairs)
                    out["receipts"] += 1
                elif env.kind == "down":
                    _merge(out["down"], self.take_down(data, pairs))
                elif env.kind not in STATION_TO_COUNTY:
                    problems.append(f"{path.name}: 不是给工作站的文件 / not for a station "
                                    f"({env.kind})")
                # This station's own outgoing files (one folder used both ways): left alone.
            except TiaojieError as exc:
                problems.append(f"{path.name}: {exc.line()}")
        return out


def _merge(total: PullResult, one: PullResult) -> None:
    total.received += one.received
    total.applied += one.applied
    total.refused += one.refused
    total.skipped += one.skipped
    total.duplicates += one.duplicates
    total.messages.extend(one.messages)
