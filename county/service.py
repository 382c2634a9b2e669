"""The county court's side of sync: stations, enrolment, ingest with receipts.  Its
downlink (county/downlink.py), quarantine (county/quarantine.py) and reading
(county/reports.py) are methods of the same :class:`County`, kept in modules of their own.
Transport-free: the web app and the CLI both call this.

Ingest rules (docs/sync-protocol.md §8), per station, in sequence order:

* the next expected sequence number is verified, decrypted, checked whole, applied in one
  transaction and answered with a signed receipt;
* the same envelope again (same id and body hash) is a no-op answered with the stored
  receipt;
* another envelope claiming a used sequence number is a conflict — quarantined with its
  reason (a replay, or a copied station folder), nothing applied;
* a later number is held (signature checked) and the gap reported; it is applied as soon
  as the gap is filled;
* anything that fails to parse, verify, decrypt or check is refused with a protocol error
  code and, when it names a known station, quarantined; nothing of it is applied.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from county import pki
from county.common import (  # noqa: F401  (names the CLI, the console and tests import)
    _CONTROL,
    BAD_TOKEN,
    CODE_TEXT,
    CONFLICT,
    GAP,
    MAX_ID,
    MAX_NAME,
    MAX_REASON,
    NOT_ENROLLED,
    PERMISSIONS,
    REVOKED,
    ROLES,
    STATUS_TEXT,
    UNEXPECTED_KIND,
    UNKNOWN_STATION,
    WRONG_COUNTY,
    Answer,
    Refused,
    check_name,
    check_reason,
    now,
)
from county.downlink import AlreadyDelegated, Downlink, _case_no_key, _day  # noqa: F401
from county.enrolment import ENROL_DAYS, Enrolment  # noqa: F401
from county.quarantine import Quarantine
from county.reports import Reports, case_summary
from county.store import Store
from desktop.domain.errors import AuthError, InputError, NotFoundError
from desktop.sync import batches, envelope, keys
from desktop.sync.envelope import EnvelopeError

CONFIG = "county.json"
KEY_FILE = "county-keys.json"


class BlobMismatch(EnvelopeError):
    """The chunks of a file, joined, do not hash to the file's name."""

    def __init__(self, sha256: str) -> None:
        super().__init__(envelope.MALFORMED, f"file {sha256[:12]} does not match its hash")
        self.sha256 = sha256


class County(Enrolment, Downlink, Quarantine, Reports):
    """One county service: its folder (keys, config) and its database."""

    def __init__(self, home: Path, passphrase: str | None = None, db_url: str | None = None
                 ) -> None:
        self.home = Path(home)
        try:
            self.config = json.loads((self.home / CONFIG).read_text("utf-8"))
        except FileNotFoundError as exc:
            raise InputError(f"{self.home} 还不是县级服务目录：先运行 tiaojie-county init",
                             f"{self.home} is not a county folder: run tiaojie-county init first"
                             ) from exc
        self.id: str = self.config["id"]
        self.name: str = self.config["name"]
        self.passphrase = passphrase
        self._keys: keys.KeyPairs | None = None
        self.public = keys.PublicKeys.from_json(self.config["keys"])
        self.store = Store(db_url or self.config.get("database")
                           or str(self.home / "county.db"))

    # -- setup ------------------------------------------------------------------------

    @classmethod
    def init(cls, home: Path, *, county_id: str, name: str, url: str | None,
             passphrase: str, db_url: str | None = None, host: str = "127.0.0.1"
             ) -> County:
        home = Path(home)
        if (home / CONFIG).exists():
            raise InputError(f"{home} 已经设置过县级服务", f"{home} is already a county folder")
        if db_url and _in_use(db_url):  # never two counties, two keys, on one database
            raise InputError("这个数据库已经属于一个县级服务，不能再用于新的县级服务",
                             "this database already belongs to a county service; a new one "
                             "needs its own", "--database")
        home.mkdir(parents=True, exist_ok=True)
        pairs = keys.KeyPairs.generate()
        keys.save(home / "keys" / KEY_FILE, pairs, passphrase, {"county": county_id})
        pki.make_ca(home / "keys", name, passphrase)
        tls_sha = pki.make_tls_certificate(home / "keys", host)
        config = {"id": county_id, "name": name, "url": url, "keys": pairs.public.to_json(),
                  "tls_sha256": tls_sha, "database": db_url, "created_at": now()}
        keys.write_private(home / CONFIG, json.dumps(config, ensure_ascii=False,
                                                     indent=1).encode("utf-8"))
        county = cls(home, passphrase, db_url)
        county.audit("system", "county.init", county_id)
        return county

    @property
    def pairs(self) -> keys.KeyPairs:
        if self._keys is None:
            if not self.passphrase:
                raise AuthError("需要县级密钥口令（TIAOJIE_COUNTY_PASSPHRASE）",
                                "the county key passphrase is needed "
                                "(TIAOJIE_COUNTY_PASSPHRASE)")
            try:
                self._keys = keys.load(self.home / "keys" / KEY_FILE, self.passphrase)
            except AuthError as exc:
                raise AuthError("县级密钥口令不对（TIAOJIE_COUNTY_PASSPHRASE）",
                                "wrong county key passphrase (TIAOJIE_COUNTY_PASSPHRASE)"
                                ) from exc
        return self._keys

    @property
    def ca_pem(self) -> str:
        return (self.home / "keys" / pki.CA_CERT).read_text("ascii")

    def audit(self, actor: str, action: str, target: str | None = None,
              detail: Any = None) -> None:
        self.store.execute("INSERT INTO audit (at, actor, action, target, detail)"
                           " VALUES (?, ?, ?, ?, ?)",
                           [now(), actor, action, target,
                            None if detail is None else json.dumps(detail, ensure_ascii=False)])

    # -- clerks -------------------------------------------------------------------------

    def add_clerk(self, login: str, name: str, role: str, password: str, actor: str) -> None:
        from desktop.services import auth
        if role not in ROLES:
            raise InputError(f"角色只能是 {'、'.join(ROLES)}", f"role must be one of {list(ROLES)}")
        auth.check_login_name(login)
        auth.check_new_password(password)
        if self.store.one("SELECT login FROM clerks WHERE login = ?", [login]):
            raise InputError(f"账户 {login} 已存在", f"account {login} exists")
        self.store.execute("INSERT INTO clerks (login, name, role, password_hash, active,"
                           " created_at) VALUES (?, ?, ?, ?, 1, ?)",
                           [login, name, role, auth.hash_password(password), now()])
        self.audit(actor, "clerk.add", login, {"role": role})

    def login(self, login: str, password: str) -> dict[str, Any]:
        """A clerk's credentials.  Five wrong passwords in a row for one login lock it for
        15 minutes (counted from the audit log, so a restart does not lift it)."""
        from desktop.services import auth
        login = login[:64]
        if self._login_locked(login):
            self.audit(login or "-", "login.locked")
            raise AuthError(f"连续输错密码 {auth.MAX_ATTEMPTS} 次，该账户已锁定 "
                            f"{auth.LOCK_MINUTES} 分钟，请稍后再试",
                            f"too many wrong passwords: locked for {auth.LOCK_MINUTES} min")
        row = self.store.one("SELECT * FROM clerks WHERE login = ? AND active = 1", [login])
        if not auth.verify_password(password, row["password_hash"] if row else ""):
            self.audit(login or "-", "login.failed")
            raise AuthError("用户名或密码不对", "wrong login or password")
        self.audit(login, "login")
        return {"login": row["login"], "name": row["name"], "role": row["role"]}  # type: ignore[index]

    def _login_locked(self, login: str) -> bool:
        from desktop.services import auth
        since = (datetime.now(UTC) - timedelta(minutes=auth.LOCK_MINUTES)).isoformat(
            timespec="seconds")
        last_good = self.store.value("SELECT max(id) FROM audit WHERE actor = ? AND"
                                     " action = 'login'", [login or "-"]) or 0
        failed = self.store.value("SELECT count(*) FROM audit WHERE actor = ? AND"
                                  " action = 'login.failed' AND at >= ? AND id > ?",
                                  [login or "-", since, last_good])
        return int(failed or 0) >= auth.MAX_ATTEMPTS

    # -- stations -----------------------------------------------------------------------

    def add_station(self, station_id: str, name: str, actor: str) -> dict[str, Any]:
        station_id = station_id.strip()
        if not batches._UID.match(station_id):
            raise InputError("工作站编号只能用字母、数字、点、下划线、横线和冒号，以字母或数字开头"
                             f"（不超过 {MAX_ID} 个字符）",
                             "station id: letters, digits, . _ - : starting with a letter or "
                             f"digit (at most {MAX_ID} characters)", "station")
        name = check_name(name, "工作站名称", "station name", "name")
        if self.station(station_id, missing_ok=True):
            raise InputError(f"工作站 {station_id} 已存在", f"station {station_id} exists")
        self.store.execute("INSERT INTO stations (id, name, status, created_at)"
                           " VALUES (?, ?, 'created', ?)", [station_id, name, now()])
        self.audit(actor, "station.add", station_id, {"name": name})
        return self.station(station_id)

    def station(self, station_id: str, missing_ok: bool = False) -> dict[str, Any]:
        row = self.store.one("SELECT * FROM stations WHERE id = ?", [station_id])
        if row is None and not missing_ok:
            raise NotFoundError(f"没有工作站 {station_id}", f"no station {station_id}", "station")
        return row  # type: ignore[return-value]

    def stations(self) -> list[dict[str, Any]]:
        return self.store.rows(
            "SELECT s.*, (SELECT count(*) FROM records r WHERE r.station = s.id"
            " AND r.type = 'case' AND r.deleted = 0) AS cases,"
            " (SELECT count(*) FROM quarantine q WHERE q.station = s.id"
            " AND q.status = 'open') AS quarantined FROM stations s ORDER BY s.id")

    def revoke(self, station_id: str, reason: str, actor: str) -> None:
        reason = check_reason(reason, "吊销", "revoking")
        with self.store.tx():
            st = self.station(station_id)
            if st["status"] == "revoked":
                raise InputError(
                    f"工作站 {station_id} 已于 {str(st['revoked_at'] or '')[:10]} 吊销"
                    f"（原因：{st['revoked_reason'] or '—'}），不能再次吊销",
                    f"station {station_id} was already revoked on "
                    f"{str(st['revoked_at'] or '')[:10]}", "station")
            self.store.execute("UPDATE stations SET status = 'revoked', revoked_at = ?,"
                               " revoked_reason = ?, token_hash = NULL WHERE id = ?",
                               [now(), reason, station_id])
            self.audit(actor, "station.revoke", station_id, {"reason": reason})

    def _seal(self, kind: str, station: str, seq: int, payload: bytes,
              recipient: Any, meta: dict[str, Any]) -> bytes:
        return envelope.seal(kind=kind, county=self.id, station=station, seq=seq,
                             message_id=str(uuid.uuid4()), created=now(), meta=meta,
                             payload=payload, sender=self.pairs.sign, recipient=recipient)

    def station_keys(self, st: dict[str, Any]) -> keys.PublicKeys:
        return keys.PublicKeys.from_json({"sign": st["sign_key"], "box": st["box_key"]})

    # -- ingest -------------------------------------------------------------------------

    def ingest(self, data: bytes) -> Answer:
        """Take one upward envelope (see the module's rules).

        Raises:
            Refused: with the protocol error code and HTTP status; quarantined if the
                envelope names a known station.
        """
        try:
            env = envelope.parse(data)
        except EnvelopeError as exc:
            raise Refused(exc.code, 400, exc.detail) from exc
        st = self.station(env.header["station"], missing_ok=True)
        if st is None:
            raise Refused(UNKNOWN_STATION, 403, env.header["station"][:64])
        try:
            with self.store.tx():
                answer = self._ingest(env, self.station(st["id"]), data)
        except Refused as exc:
            if exc.code != GAP:
                exc.quarantined = self._quarantine(st["id"], env, data, exc.code, exc.detail)
            raise
        except EnvelopeError as exc:
            if isinstance(exc, BlobMismatch):
                # Chunks are shared by every station sending the same file (first one
                # wins): a damaged one must not stay to spoil the others' uploads.
                self.store.execute("DELETE FROM blob_chunks WHERE sha256 = ?", [exc.sha256])
            qid = self._quarantine(st["id"], env, data, exc.code, exc.detail)
            raise Refused(exc.code, 422 if exc.code == envelope.MALFORMED else 400,
                          exc.detail, qid) from exc
        if answer.status == 200 and not answer.duplicate:
            self._apply_held(st["id"])
        return answer

    def _ingest(self, env: envelope.Envelope, st: dict[str, Any], data: bytes) -> Answer:
        if st["sign_key"]:
            envelope.verify(env, self.station_keys(st).sign)  # before anything else
        if env.header["county"] != self.id:
            raise Refused(WRONG_COUNTY, 400, env.header["county"][:64])
        if st["status"] == "revoked":
            raise Refused(REVOKED, 403)
        if st["status"] != "enrolled":
            raise Refused(NOT_ENROLLED, 403)
        if env.kind not in ("batch", "blob", "down-receipt"):
            raise Refused(UNEXPECTED_KIND, 400, env.kind)
        self.store.execute("UPDATE stations SET last_contact = ? WHERE id = ?",
                           [now(), st["id"]])
        if env.kind == "down-receipt":
            return self._down_receipt(env, st)
        seq = env.seq
        known = self.store.one("SELECT id, sealed_sha256, status, receipt FROM messages"
                               " WHERE station = ? AND gen = ? AND seq = ?",
                               [st["id"], st["gen"], seq])
        if known is not None:
            if known["id"] == env.id and known["sealed_sha256"] == env.header["sealed_sha256"]:
                if known["status"] == "applied":
                    return Answer(200, known["receipt"], duplicate=True)
                return Answer(202, expected=st["up_next"])
            raise Refused(CONFLICT, 409, f"序号 {seq} / seq {seq}")
        if seq < st["up_next"] or seq < 1:
            raise Refused(CONFLICT, 409, f"序号 {seq} / seq {seq}")
        if seq > st["up_next"] and env.kind == "batch" and env.meta.get("restart") is True:
            # A full re-send starts a new run of numbers: what it supersedes is dropped.
            self.store.execute("DELETE FROM messages WHERE station = ? AND gen = ?"
                               " AND status = 'held' AND seq < ?", [st["id"], st["gen"], seq])
            self.store.execute("UPDATE stations SET up_next = ? WHERE id = ?", [seq, st["id"]])
            st = self.station(st["id"])
        if seq > st["up_next"]:
            envelope.decrypt(env, self.pairs.box)  # only well-formed envelopes are held
            self.store.execute(
                "INSERT INTO messages (station, gen, seq, id, kind, batch, sealed_sha256,"
                " received_at, status, bytes, envelope) VALUES (?, ?, ?, ?, ?, '', ?, ?,"
                " 'held', ?, ?)", [st["id"], st["gen"], seq, env.id, env.kind,
                                   env.header["sealed_sha256"], now(), len(data), data])
            self.store.execute("UPDATE stations SET waiting_for = ? WHERE id = ?",
                               [st["up_next"], st["id"]])
            return Answer(202, expected=st["up_next"])
        return Answer(200, self._apply(env, st, data))

    def _apply_held(self, station_id: str) -> None:
        """Apply held envelopes the gap no longer blocks, each in its own transaction: one
        that fails is quarantined (the station sends it again) and blocks nothing else."""
        while True:
            st = self.station(station_id)
            held = self.store.one("SELECT envelope FROM messages WHERE station = ? AND gen = ?"
                                  " AND seq = ? AND status = 'held'",
                                  [station_id, st["gen"], st["up_next"]])
            if held is None:
                self.store.execute(
                    "UPDATE stations SET waiting_for = NULL WHERE id = ? AND NOT EXISTS"
                    " (SELECT 1 FROM messages WHERE station = ? AND gen = ? AND status = 'held')",
                    [station_id, station_id, st["gen"]])
                return
            env = envelope.parse(held["envelope"])
            try:
                with self.store.tx():
                    self.store.execute("DELETE FROM messages WHERE station = ? AND gen = ?"
                                       " AND seq = ?", [station_id, st["gen"], env.seq])
                    self._apply(env, st, held["envelope"])
            except (EnvelopeError, Refused) as exc:
                code = exc.code
                detail = exc.detail
                self.store.execute("DELETE FROM messages WHERE station = ? AND gen = ?"
                                   " AND seq = ?", [station_id, st["gen"], env.seq])
                self._quarantine(station_id, env, held["envelope"], code, detail)
                return

    def _apply(self, env: envelope.Envelope, st: dict[str, Any], data: bytes) -> bytes:
        payload = envelope.decrypt(env, self.pairs.box)
        at = now()
        if env.kind == "batch":
            info, records = batches.parse_batch(envelope.json_payload(payload))
            manifest = self._apply_records(st["id"], records, at, info["batch"],
                                           full=info["full"])
            if info["full"] and info["part"] == info["parts"]:
                # The station's whole state arrived: what it no longer has goes.
                self.store.execute("DELETE FROM records WHERE station = ? AND batch != ?",
                                   [st["id"], info["batch"]])
            state = self.state_hash(st["id"]) if info["part"] == info["parts"] else ""
            batch_id, audit_head = info["batch"], info["audit_head"]
        else:
            sha, offset, total = batches.parse_blob_meta(env.meta, len(payload))
            self._apply_chunk(sha, offset, total, payload)
            manifest, state, batch_id, audit_head = [], "", sha, st["audit_head"] or ""
        missing = self._missing_blobs(records) if env.kind == "batch" else []
        receipt = self._seal("receipt", st["id"], env.seq, batches.receipt_payload(
            message_id=env.id, seq=env.seq, batch=batch_id, records=manifest,
            audit_head=audit_head, state_hash_=state, at=at, held_blobs=missing),
            self.station_keys(st).box, {"for": env.id})
        self.store.execute(
            "INSERT INTO messages (station, gen, seq, id, kind, batch, sealed_sha256,"
            " received_at, status, records, bytes, receipt) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
            " 'applied', ?, ?, ?)",
            [st["id"], st["gen"], env.seq, env.id, env.kind, batch_id,
             env.header["sealed_sha256"], at, len(manifest), len(data), receipt])
        sets = ["up_next = ?"]
        params: list[Any] = [env.seq + 1]
        if env.kind == "batch":
            sets.append("audit_head = ?")
            params.append(audit_head)
            if state:
                sets.append("state_hash = ?")
                params.append(state)
        self.store.execute(f"UPDATE stations SET {', '.join(sets)} WHERE id = ?",
                           [*params, st["id"]])
        return receipt

    def _apply_records(self, station: str, records: list[batches.Record], at: str,
                       batch: str, *, full: bool = False) -> list[list[Any]]:
        """Upsert records; an older version never overwrites a newer one, except in a full
        re-send, which is the station's state as it stands.  The data is stored as the
        canonical JSON text its hash was checked over (compact, keys sorted)."""
        rows = []
        for r in records:
            title, search, status, received_on = case_summary(r)
            rows.append((station, r.type, r.uid, r.version, int(r.deleted), r.hash, title,
                         search, status, received_on, r.canonical_data.decode("utf-8"), at,
                         batch))
        self.store.executemany(
            "INSERT INTO records (station, type, uid, version, deleted, hash, title, search,"
            " status, received_on, data, received_at, batch)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (station, type, uid) DO UPDATE SET version = excluded.version,"
            " deleted = excluded.deleted, hash = excluded.hash, title = excluded.title,"
            " search = excluded.search, status = excluded.status,"
            " received_on = excluded.received_on, data = excluded.data,"
            " received_at = excluded.received_at, batch = excluded.batch"
            + ("" if full else " WHERE excluded.version >= records.version"), rows)
        return [r.manifest for r in records]

    def _apply_chunk(self, sha: str, offset: int, total: int, data: bytes) -> None:
        done = self.store.one("SELECT complete FROM blobs WHERE sha256 = ?", [sha])
        if done and done["complete"]:
            return
        if done is None:
            self.store.execute("INSERT INTO blobs (sha256, total, complete) VALUES (?, ?, 0)",
                               [sha, total])
        self.store.execute("INSERT INTO blob_chunks (sha256, offset_, data) VALUES (?, ?, ?)"
                           " ON CONFLICT (sha256, offset_) DO NOTHING", [sha, offset, data])
        chunks = self.store.rows("SELECT offset_, data FROM blob_chunks WHERE sha256 = ?"
                                 " ORDER BY offset_", [sha])
        if sum(len(c["data"]) for c in chunks) < total:
            return
        whole = b"".join(c["data"] for c in chunks)
        if hashlib.sha256(whole).hexdigest() != sha or len(whole) != total:
            raise BlobMismatch(sha)  # its chunks are dropped after the rollback
        self.store.execute("UPDATE blobs SET complete = 1, data = ? WHERE sha256 = ?",
                           [whole, sha])
        self.store.execute("DELETE FROM blob_chunks WHERE sha256 = ?", [sha])

    def _missing_blobs(self, records: list[batches.Record]) -> list[str]:
        wanted = sorted({sha for r in records for sha, _ in batches.blob_refs(r)})
        if not wanted:
            return []
        have: set[str] = set()
        for i in range(0, len(wanted), 500):
            part = wanted[i:i + 500]
            have.update(r["sha256"] for r in self.store.rows(
                f"SELECT sha256 FROM blobs WHERE complete = 1 AND sha256 IN"
                f" ({','.join('?' * len(part))})", part))
        return [w for w in wanted if w not in have]

    def state_hash(self, station: str) -> str:
        return batches.state_hash(
            (r["type"], r["uid"], r["version"]) for r in self.store.rows(
                "SELECT type, uid, version FROM records WHERE station = ?", [station]))

    def check_station_request(self, station_id: str) -> dict[str, Any]:
        """A station that may fetch its downlink (known, enrolled, not revoked)."""
        st = self.station(station_id, missing_ok=True)
        if st is None:
            raise Refused(UNKNOWN_STATION, 403)
        if st["status"] == "revoked":
            raise Refused(REVOKED, 403)
        if st["status"] != "enrolled":
            raise Refused(NOT_ENROLLED, 403)
        return st


def _in_use(db_url: str) -> bool:
    """Whether a database named for a new county already holds a county's data."""
    store = Store(db_url)
    try:
        return bool(store.value("SELECT count(*) FROM audit")
                    or store.value("SELECT count(*) FROM stations"))
    finally:
        store.close()
