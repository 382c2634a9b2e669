"""The quarantine (隔离区): envelopes from known stations refused for a reason other than a
gap, kept with the reason for a clerk to retry or dismiss; unauthenticated ones as their
header only, one open item a station."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from county.common import CODE_TEXT, Answer, check_reason, now
from county.store import Store
from desktop.domain.errors import InputError, NotFoundError
from desktop.sync import envelope

log = logging.getLogger("county.service")


class Quarantine:
    """Quarantine methods of :class:`county.service.County`."""

    store: Store

    if TYPE_CHECKING:
        def station(self, station_id: str, missing_ok: bool = False) -> dict[str, Any]: ...
        def ingest(self, data: bytes) -> Answer: ...
        def audit(self, actor: str, action: str, target: str | None = None,
                  detail: Any = None) -> None: ...

    def _quarantine(self, station: str, env: envelope.Envelope, data: bytes, code: str,
                    detail: str) -> int:
        zh = (CODE_TEXT.get(code) or envelope.CODE_TEXT.get(code) or (code, code))[0]
        # Its own transaction, after the refused envelope's changes were rolled back.  An
        # envelope whose signature failed, or that names a station with no key yet, is
        # unauthenticated — anybody's: only its header is kept, and all of a station's
        # such envelopes share one open item (the latest), so they cannot flood it.
        st = self.station(station, missing_ok=True)
        anybodys = code == envelope.BAD_SIGNATURE or not (st and st["sign_key"])
        if anybodys:
            data = b""
        header = env.header_bytes.decode("utf-8")
        reason = zh + (f"：{detail}" if detail else "")
        with self.store.tx():
            if anybodys:
                same = self.store.one("SELECT id FROM quarantine WHERE station = ? AND"
                                      " status = 'open' AND envelope = ? ORDER BY id LIMIT 1",
                                      [station, b""])
            else:  # the same envelope again (the station retrying, a clerk's retry)
                same = self.store.one("SELECT id FROM quarantine WHERE station = ? AND"
                                      " status = 'open' AND header = ? AND envelope <> ?"
                                      " ORDER BY id LIMIT 1", [station, header, b""])
            if same is not None:
                self.store.execute("UPDATE quarantine SET received_at = ?, code = ?, reason = ?,"
                                   " header = ?, seq = ?, kind = ? WHERE id = ?",
                                   [now(), code, reason, header, env.seq, env.kind, same["id"]])
                return int(same["id"])
            self.store.execute(
                "INSERT INTO quarantine (station, seq, kind, received_at, code, reason, header,"
                " envelope) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [station, env.seq, env.kind, now(), code, reason, header, data])
            qid = int(self.store.value("SELECT max(id) FROM quarantine WHERE station = ?",
                                       [station]))
        log.warning("quarantined an envelope from %s: %s %s", station, code, detail)
        return qid

    def quarantine(self, status: str = "open") -> list[dict[str, Any]]:
        return self.store.rows("SELECT id, station, seq, kind, received_at, code, reason,"
                               " status FROM quarantine WHERE status = ? OR ? = 'all'"
                               " ORDER BY id DESC", [status, status])

    def quarantined(self, qid: int) -> dict[str, Any]:
        """One item; a dismissed one carries the clerk's reason (``dismiss_reason``, from
        the audit log)."""
        row = self.store.one("SELECT * FROM quarantine WHERE id = ?", [qid])
        if row is None:
            raise NotFoundError(f"隔离区没有第 {qid} 项", f"no quarantine item {qid}")
        if row["status"] == "dismissed":
            detail = self.store.value("SELECT detail FROM audit WHERE action ="
                                      " 'quarantine.dismiss' AND target = ? ORDER BY id DESC"
                                      " LIMIT 1", [str(qid)])
            try:
                row["dismiss_reason"] = json.loads(detail or "{}").get("reason")
            except (ValueError, AttributeError):
                row["dismiss_reason"] = None
        return row

    def retry(self, qid: int, actor: str) -> Answer:
        """Try a quarantined envelope again (after the station was re-enrolled, say).  One
        whose signature failed is unauthenticated (only its header is kept): it cannot be
        retried, only dismissed — the station sends it again if it was real."""
        row = self.quarantined(qid)
        if row["status"] != "open":
            raise InputError(f"第 {qid} 项已处理", f"item {qid} is already resolved")
        if row["code"] == envelope.BAD_SIGNATURE or not row["envelope"]:
            why = (("签名验证未通过", "failed its signature check")
                   if row["code"] == envelope.BAD_SIGNATURE else
                   ("来自当时尚无密钥的工作站", "came from a station with no key yet"))
            raise InputError(
                f"第 {qid} 项的数据包{why[0]}，来源无法确认，只保留了数据包头，不能重试，"
                "只能关闭；如果它确实来自该工作站，工作站会重新发送",
                f"item {qid} {why[1]}: an unauthenticated envelope (only its header is "
                "kept) cannot be retried, only dismissed; if it was real, the station sends "
                "it again", "quarantine")
        answer = self.ingest(row["envelope"])
        self.store.execute("UPDATE quarantine SET status = 'retried', resolved_at = ?,"
                           " resolved_by = ? WHERE id = ?", [now(), actor, qid])
        self.audit(actor, "quarantine.retry", str(qid), {"status": answer.status})
        return answer

    def dismiss(self, qid: int, reason: str, actor: str) -> None:
        """Close an open quarantine item without applying it (status ``dismissed``); the
        reason is audited."""
        reason = check_reason(reason, "关闭", "dismissing")
        with self.store.tx():
            row = self.quarantined(qid)
            if row["status"] != "open":
                raise InputError(f"第 {qid} 项已处理", f"item {qid} is already resolved")
            self.store.execute("UPDATE quarantine SET status = 'dismissed', resolved_at = ?,"
                               " resolved_by = ? WHERE id = ?", [now(), actor, qid])
            self.audit(actor, "quarantine.dismiss", str(qid),
                       {"reason": reason, "station": row["station"], "seq": row["seq"],
                        "code": row["code"]})
