"""Downward envelopes: what the county queues for a station (delegated cases, review
results, updates), the chain a station checks, and what a station's signed down-receipt
acknowledges — or shows the county's numbering went back (a restore from a backup)."""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from county.common import CHINA, Answer, now, today
from county.store import Store
from desktop.domain.errors import InputError
from desktop.sync import batches, envelope, keys
from desktop.sync.envelope import EnvelopeError

MAX_REFUSALS = 100  # the newest a station reports (its own list keeps them all)


class Downlink:
    """Downlink methods of :class:`county.service.County`."""

    store: Store

    if TYPE_CHECKING:
        @property
        def pairs(self) -> keys.KeyPairs: ...
        def station(self, station_id: str, missing_ok: bool = False) -> dict[str, Any]: ...
        def station_keys(self, st: dict[str, Any]) -> keys.PublicKeys: ...
        def audit(self, actor: str, action: str, target: str | None = None,
                  detail: Any = None) -> None: ...
        def _seal(self, kind: str, station: str, seq: int, payload: bytes,
                  recipient: Any, meta: dict[str, Any]) -> bytes: ...

    def _take_refusals(self, station_id: str, refused: Any) -> None:
        """The downlink items the station refuses now (its whole current list: one taken
        again since has left it), for the clerks to see."""
        if not isinstance(refused, list) or len(refused) > MAX_REFUSALS or not all(
                isinstance(r, dict) and all(isinstance(r.get(k), str) and 0 < len(r[k]) <= n
                                            for k, n in (("id", 64), ("type", 40),
                                                         ("reason", 500)))
                for r in refused):
            raise EnvelopeError(envelope.MALFORMED, "refused")
        self.store.execute("DELETE FROM down_refusals WHERE station = ?", [station_id])
        for r in refused:
            self.store.execute("INSERT INTO down_refusals (station, item_id, item_type, reason,"
                               " reported_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (station,"
                               " item_id) DO NOTHING",
                               [station_id, r["id"], r["type"], r["reason"], now()])

    def refusals(self, station_id: str) -> list[dict[str, Any]]:
        """What the station last said it refuses of the downlink, with its reasons."""
        return self.store.rows("SELECT item_id, item_type, reason, reported_at FROM"
                               " down_refusals WHERE station = ? ORDER BY item_id",
                               [station_id])

    def send_down(self, station_id: str, items: list[dict[str, Any]], actor: str,
                  summary: str) -> int:
        """Queue one downward envelope for a station; returns its sequence number."""
        with self.store.tx():
            st = self.station(station_id)
            if st["status"] != "enrolled":
                raise InputError(f"工作站 {station_id} 未注册或已吊销，不能下发",
                                 f"station {station_id} is not enrolled (or revoked)")
            seq = st["down_next"]
            meta: dict[str, Any] = {"items": len(items)}
            prev = self.store.one("SELECT id FROM downlink WHERE station = ? AND gen = ? AND"
                                  " seq = ?", [station_id, st["gen"], seq - 1])
            if prev is not None:  # the chain a station checks (a county restored from a
                meta["prev"] = prev["id"]  # backup numbers again; see _down_receipt)
            data = self._seal("down", station_id, seq, batches.down_payload(items),
                              self.station_keys(st).box, meta)
            self.store.execute(
                "INSERT INTO downlink (station, gen, seq, id, summary, items, envelope,"
                " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [station_id, st["gen"], seq, envelope.parse(data).id, summary,
                 json.dumps(items, ensure_ascii=False), data, now(), actor])
            self.store.execute("UPDATE stations SET down_next = ? WHERE id = ?",
                               [seq + 1, station_id])
            self.audit(actor, "down.queue", station_id, {"seq": seq, "summary": summary})
        return seq

    def delegate(self, station_id: str, case: dict[str, Any], actor: str, *,
                 mode: str = "court_delegated", again: bool = False) -> str:
        """Delegate a case to a station (委派/委托调解): checked with the station's own rules.

        The station is checked first, then the case.  The same ``court_case_no`` delegated
        to the same station before is refused (:class:`AlreadyDelegated`, naming the day)
        unless ``again``.
        """
        from desktop.domain.case_format import REFERRAL_SOURCES, parse_case
        st = self.station(station_id)
        if st["status"] != "enrolled":
            raise InputError(f"工作站 {station_id} 未注册或已吊销，不能委派",
                             f"station {station_id} is not enrolled (or revoked)", "station")
        if not isinstance(case, dict):
            raise InputError("案件应为一个 JSON 对象（{…}），不是数组或其他值",
                             "the case must be one JSON object ({...}), not an array or a "
                             "value")
        if mode not in REFERRAL_SOURCES:
            raise InputError(f"来源只能是 {'、'.join(REFERRAL_SOURCES)}",
                             f"source must be one of {list(REFERRAL_SOURCES)}", "source")
        doc = {**case, "source": mode}
        draft = parse_case(doc, today=today())  # raises ValidationError with the path
        number = draft.court_case_no or ""
        item_id = str(uuid.uuid4())
        names = "、".join(p.get("name", "") for p in doc.get("applicants", [])[:3])
        with self.store.tx():
            earlier = self._delegated(station_id, number)
            if earlier is not None and not again:
                raise AlreadyDelegated(station_id, number, earlier)
            self.send_down(station_id, [{"type": "delegation", "id": item_id, "case": doc}],
                           actor, f"委派案件：{names} 诉 "
                                  f"{(doc.get('respondents') or [{}])[0].get('name', '')}")
        return item_id

    def _delegated(self, station_id: str, number: str) -> dict[str, Any] | None:
        """The first delegation of ``court_case_no`` ``number`` to the station (its day,
        who sent it, the item's id), or None."""
        key = _case_no_key(number)
        if not key:
            return None
        for row in self.store.rows("SELECT created_at, created_by, items FROM downlink"
                                   " WHERE station = ? AND items LIKE ? ORDER BY created_at,"
                                   " gen, seq", [station_id, '%"delegation"%']):
            try:
                items = json.loads(row["items"])
            except ValueError:
                continue
            for item in items if isinstance(items, list) else ():
                if not isinstance(item, dict) or item.get("type") != "delegation":
                    continue
                case = item.get("case")
                if isinstance(case, dict) and _case_no_key(case.get("court_case_no")) == key:
                    return {"at": row["created_at"], "by": row["created_by"],
                            "item": item.get("id")}
        return None

    def review_result(self, station_id: str, case_uid: str, result: str, actor: str) -> str:
        from desktop.domain import vocab
        if result not in vocab.REVIEW_RESULTS:
            raise InputError(f"审查结果只能是 {'、'.join(vocab.REVIEW_RESULTS)}",
                             f"result must be one of {list(vocab.REVIEW_RESULTS)}", "result")
        item_id = str(uuid.uuid4())
        self.send_down(station_id, [{"type": "review", "id": item_id, "case_uid": case_uid,
                                     "result": result}], actor,
                       f"仲裁审查结果：{vocab.REVIEW_RESULTS[result]}")
        return item_id

    def next_down(self, station_id: str, after: int) -> bytes | None:
        row = self.store.one("SELECT d.envelope FROM downlink d JOIN stations s"
                             " ON s.id = d.station AND s.gen = d.gen WHERE d.station = ?"
                             " AND d.seq > ? ORDER BY d.seq LIMIT 1", [station_id, after])
        return None if row is None else row["envelope"]

    def _down_receipt(self, env: envelope.Envelope, st: dict[str, Any]) -> Answer:
        doc = envelope.json_payload(envelope.decrypt(env, self.pairs.box))
        acked = doc.get("acked")
        if not isinstance(acked, int) or isinstance(acked, bool) or acked < 0:
            raise EnvelopeError(envelope.MALFORMED, "acked")
        last = doc.get("last")
        if last is not None and not isinstance(last, str):
            raise EnvelopeError(envelope.MALFORMED, "last")
        self._take_refusals(st["id"], doc.get("refused", []))
        mine = self.store.one("SELECT id FROM downlink WHERE station = ? AND gen = ? AND"
                              " seq = ?", [st["id"], st["gen"], acked]) if acked else None
        if acked >= st["down_next"] or (last is not None and mine is not None
                                        and mine["id"] != last):
            # The station holds numbers this county never issued, or issued for another
            # envelope: its database was restored from a backup and numbered new downlink
            # again from where the copy stood.  The signed receipt proves how far the
            # station is; what is not acknowledged goes again after it (the station skips
            # items it already has, by id).
            self._renumber_down(st, acked)
            return Answer(200)
        self.store.execute("UPDATE downlink SET acked_at = ? WHERE station = ? AND gen = ?"
                           " AND seq <= ? AND acked_at IS NULL",
                           [now(), st["id"], st["gen"], acked])
        self.store.execute("UPDATE stations SET down_acked = ? WHERE id = ? AND down_acked < ?",
                           [acked, st["id"], acked])
        return Answer(200)

    def _renumber_down(self, st: dict[str, Any], acked: int) -> None:
        pending = self.store.rows(
            "SELECT seq, items, summary, created_by FROM downlink WHERE station = ? AND gen = ?"
            " AND acked_at IS NULL ORDER BY seq", [st["id"], st["gen"]])
        self.store.execute("DELETE FROM downlink WHERE station = ? AND gen = ? AND acked_at IS"
                           " NULL", [st["id"], st["gen"]])
        self.store.execute("UPDATE stations SET down_next = ?, down_acked = ? WHERE id = ?",
                           [acked + 1, acked, st["id"]])
        self.audit("station:" + st["id"], "down.renumber", st["id"],
                   {"station_acked": acked, "county_next": st["down_next"],
                    "requeued": len(pending)})
        for row in pending:
            self.send_down(st["id"], json.loads(row["items"]), row["created_by"],
                           row["summary"])


class AlreadyDelegated(InputError):
    """The same court case number was delegated to the station before."""

    def __init__(self, station: str, number: str, earlier: dict[str, Any]) -> None:
        day = _day(earlier["at"])
        super().__init__(f"委托机关案号 {number} 已于 {day} 委派给工作站 {station}，"
                         "不能重复委派", f"court case {number} was already delegated to "
                         f"station {station} on {day}", "court_case_no")
        self.earlier = earlier


def _case_no_key(value: Any) -> str:
    """A court case number as compared: full-width forms folded, spaces dropped."""
    if not isinstance(value, str):
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))


def _day(at: Any) -> str:
    """An ISO timestamp's day in China time (what a clerk reads)."""
    try:
        moment = datetime.fromisoformat(str(at))
    except ValueError:
        return str(at)[:10]
    if moment.tzinfo is None:
        return moment.date().isoformat()
    return moment.astimezone(CHINA).date().isoformat()
