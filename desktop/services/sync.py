"""Sync with the county court, station side: enrolment, building upward envelopes from the
change epochs, receipts, downlink, status and drift, over HTTPS or files.

The station never needs the network: building envelopes, keeping them until receipted and
applying what comes down all happen in the station's own database; a transport only
carries bytes that are already safe here.  Sync keys are encrypted under a passphrase; an
operation that signs or decrypts takes the unlocked :class:`~desktop.sync.keys.KeyPairs`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from pathlib import Path
from typing import Any

from desktop.domain.errors import InputError, NotFoundError, TiaojieError
from desktop.services import auth, runner, sync_items
from desktop.services.auth import User
from desktop.services.station import Station
from desktop.services.sync_results import (  # noqa: F401  (the module's public names)
    NotEnrolled,
    PullResult,
    PushResult,
    Revoked,
    SyncStatus,
    utc_now,
)
from desktop.storage import audit, outbox
from desktop.storage import sync as repo
from desktop.storage.db import Database
from desktop.sync import batches, enrolment, envelope, keys
from desktop.sync.envelope import EnvelopeError

log = logging.getLogger(__name__)
KEY_FILE = "sync-keys.json"
DOWN_BATCH = 200  # downlink envelopes fetched per pull at most
REPORTED_REFUSALS = 100  # the refused downlink items a down-receipt names at most


class SyncCore:
    """One station's sync, without transports (see :mod:`desktop.services.sync_io`)."""

    def __init__(self, station: Station) -> None:
        self.station = station
        self.paths = station.paths

    @property
    def key_file(self) -> Path:
        return self.paths.keys / KEY_FILE

    def state(self) -> dict[str, Any] | None:
        return repo.state(self.station.read())

    def _enrolled(self) -> dict[str, Any]:
        st = self.state()
        if st is None:
            raise NotEnrolled()
        if st["status"] == "revoked":
            raise Revoked()
        if st["status"] != "enrolled":
            raise InputError("注册尚未完成：等待县仲裁院的回执文件（tiaojie sync import）",
                             "enrolment not finished: import the county's answer "
                             "(tiaojie sync import)")
        return st

    def county_keys(self, st: dict[str, Any]) -> keys.PublicKeys:
        return keys.PublicKeys.from_json(json.loads(st["county_keys"]), "county")

    def unlock(self, passphrase: str) -> keys.KeyPairs:
        """The station's sync keys (raises AuthError on a wrong passphrase)."""
        if not self.key_file.exists():
            raise NotEnrolled()
        return keys.load(self.key_file, passphrase)

    # -- enrolment ----------------------------------------------------------------------

    def enrol(self, enrol_file: bytes, passphrase: str, user: User, *,
              again: bool = False) -> bytes:
        """Read the county's enrolment file, make this station's keys and return the
        request envelope (to post to the county or carry to it on a stick).

        The same file again while the county's answer is awaited gives the same request
        (under the same passphrase), so a lost answer is asked for again rather than
        replaced by keys the county never saw.  An enrolled station enrols again only with
        ``again`` (a forgotten sync passphrase, a new county key): its receipts are archived
        and everything is sent to the county once more."""
        auth.authorize(self.station.store, user, "manage_station")
        info = enrolment.read_enrol_file(enrol_file)
        if info["expires"] < utc_now():
            raise InputError(f"注册文件已于 {info['expires'][:10]} 过期，请向县仲裁院重新索取",
                             f"the enrolment file expired on {info['expires'][:10]}; ask the "
                             "county for a new one")
        token = hashlib.sha256(info["token"]).hexdigest()
        current = self.state()
        if (current is not None and current["status"] == "requested"
                and current["enrol_token"] == token and current["enrol_request"]):
            self.unlock(passphrase)  # the keys of that request, under its passphrase
            return bytes(current["enrol_request"])
        if (current is not None and current["status"] == "requested"
                and current["enrol_request"] and not again):
            raise InputError("本站已有一份等待县仲裁院回执的注册请求，来自另一个注册文件。"
                             "若县仲裁院已作废那份、给了这个新文件，请确认后重新注册（命令行加 "
                             "--again）；否则请用原来的注册文件",
                             "a request from another enrolment file is awaiting the county's "
                             "answer; if the county replaced that file with this one, use "
                             "--again, else use the earlier file")
        if current is not None and current["status"] == "enrolled" and not again:
            raise InputError(f"本站已注册到 {current['county_name']}（{current['station']}）。"
                             "若要用县仲裁院新给的注册文件重新注册（例如忘记了同步密钥口令），"
                             "请确认后重新注册（命令行加 --again）：已有回执存档，全部数据重新发送",
                             f"already enrolled with {current['county']} as "
                             f"{current['station']}; to enrol again with a new file from the "
                             "county (a forgotten passphrase, say) use --again: receipts are "
                             "archived and everything is sent again")
        keys.check_passphrase(passphrase)
        from desktop.documents import signing
        org_name = self.station.org["name"]
        identity = signing.ensure_identity(self.paths.root, org_name)
        csr = signing.certificate_request(identity, org_name, info["station"]["id"])
        pairs = keys.KeyPairs.generate()
        keys.save(self.key_file, pairs, passphrase,
                  {"station": info["station"]["id"], "county": info["county"]["id"]})
        install_id = str(uuid.uuid4())
        county = info["county"]
        payload = enrolment.request_payload(
            token=info["token"], keys=pairs.public, csr_pem=csr, install_id=install_id,
            org={k: self.station.org.get(k) for k in ("name", "org_type", "division_code",
                                                      "station_id")})
        request = envelope.seal(kind="enrol", county=county["id"], station=info["station"]["id"],
                                seq=0, message_id=str(uuid.uuid4()), created=utc_now(),
                                meta={}, payload=payload, sender=pairs.sign,
                                recipient=info["county_keys"].box)

        def write(db: Database) -> None:
            archived = repo.start_over(db)
            repo.put_state(db, {
                "station": info["station"]["id"], "county": county["id"],
                "county_name": county["name"], "url": county.get("url"),
                "tls_sha256": county.get("tls_sha256"),
                "county_keys": json.dumps(info["county_keys"].to_json()),
                "install_id": install_id, "status": "requested",
                "enrol_request": request, "enrol_token": token})
            audit.append(db, user.login, "sync.enrol_request", info["station"]["id"],
                         {"county": county["id"], "archived_receipts": archived,
                          "again": bool(current and current["status"] == "enrolled")})
        self.station.write(write)
        return request

    def finish_enrol(self, answer: bytes, pairs: keys.KeyPairs, user: User | None = None
                     ) -> bool:
        """Apply the county's ``enrolled`` envelope: install the certificate.  Returns
        False when the station is enrolled already (the same answer read again changes
        nothing); a revoked station is not brought back by an old answer."""
        st = self.state()
        if st is None:
            raise NotEnrolled()
        if st["status"] == "revoked":
            raise Revoked()
        if st["status"] != "requested":
            return False
        env, payload = envelope.open_envelope(answer, self.county_keys(st).sign, pairs.box)
        if env.kind != "enrolled" or env.header["station"] != st["station"]:
            raise EnvelopeError(envelope.WRONG_RECIPIENT, "not this station's enrolment answer")
        doc = envelope.json_payload(payload)
        if not isinstance(doc.get("certificate"), str) or not isinstance(doc.get("ca"), str):
            raise EnvelopeError(envelope.MALFORMED, "enrolment answer")
        from desktop.documents import signing
        signing.install_county_certificate(self.paths.root, doc["certificate"].encode("ascii"),
                                           doc["ca"].encode("ascii"))

        def write(db: Database) -> None:
            repo.update_state(db, status="enrolled", enrolled_at=utc_now(),
                              last_contact=utc_now(), last_error=None, up_next=1, down_next=1,
                              built_epoch=0, enrol_request=None, enrol_token=None)
            audit.append(db, user.login if user else "sync", "sync.enrolled", st["station"],
                         {"county": st["county"]})
        self.station.write(write)
        return True

    # -- upward -------------------------------------------------------------------------

    def build(self, pairs: keys.KeyPairs) -> int:
        """Seal every change since the last build into numbered envelopes; returns how many."""
        st = self._enrolled()
        county = self.county_keys(st)

        def write(db: Database) -> int:
            state = repo.state(db)
            assert state is not None
            full = bool(state["full_resend"])
            after = 0 if full else state["built_epoch"]
            if not full and not repo.pending_changes(db, after):
                return 0
            epoch = outbox.close_epoch(db)
            records = [batches.Record.of(*row)
                       for row in repo.changed_aggregates(db, after, epoch)]
            if full:
                # Everything goes again: envelopes not yet receipted are superseded.
                repo.forget_blobs(db)
                repo.drop_unreceipted(db)
            audit_head = repo.audit_head(db)
            seq = state["up_next"]
            batch_id = str(uuid.uuid4())
            parts = list(batches.split_parts(records)) or [[]]
            built = 0
            for i, part in enumerate(parts, start=1):
                payload = batches.batch_payload(part, batch=batch_id, part=i, parts=len(parts),
                                                epochs=(after, epoch), audit_head=audit_head,
                                                full=full)
                meta = {"batch": batch_id, "part": i, "parts": len(parts),
                        "records": len(part)}
                if full and i == 1:
                    meta["restart"] = True  # the county may skip any gap before it
                seq = self._add(db, pairs, county, st, seq, "batch", batch_id, epoch, payload,
                                meta, [r.manifest for r in part])
                built += 1
                runner.report(i, len(parts))
            refs = sorted({ref for r in records for ref in batches.blob_refs(r)})
            queued = repo.queued_blobs(db, [sha for sha, _ in refs])
            for sha, size in refs:
                if sha in queued:
                    continue
                path = self.paths.attachment_file(sha)
                try:
                    data = path.read_bytes()
                except OSError:
                    log.warning("file %s named by a case is missing; not sent", sha[:12])
                    continue
                if hashlib.sha256(data).hexdigest() != sha:
                    # The county would refuse it; tiaojie check names the damaged file.
                    log.warning("file %s is damaged (its SHA-256 differs); not sent", sha[:12])
                    continue
                for offset in range(0, max(len(data), 1), batches.CHUNK_BYTES):
                    chunk = data[offset:offset + batches.CHUNK_BYTES]
                    seq = self._add(db, pairs, county, st, seq, "blob", sha, epoch, chunk,
                                    batches.blob_meta(sha, offset, len(data)), [])
                    built += 1
                repo.queue_blob(db, sha, size)
            repo.update_state(db, up_next=seq, built_epoch=epoch, full_resend=0)
            audit.append(db, "sync", "sync.build", batch_id,
                         {"envelopes": built, "records": len(records), "epoch": epoch})
            return built
        return int(self.station.write(write))

    def _add(self, db: Database, pairs: keys.KeyPairs, county: keys.PublicKeys,
             st: dict[str, Any], seq: int, kind: str, batch: str, epoch: int, payload: bytes,
             meta: dict[str, Any], manifest: list[Any]) -> int:
        message_id = str(uuid.uuid4())
        data = envelope.seal(kind=kind, county=st["county"], station=st["station"], seq=seq,
                             message_id=message_id, created=utc_now(), meta=meta,
                             payload=payload, sender=pairs.sign, recipient=county.box)
        repo.add_out(db, {"seq": seq, "id": message_id, "kind": kind, "batch": batch,
                          "epoch_to": epoch, "records": len(manifest), "bytes": len(data),
                          "envelope": data, "manifest": json.dumps(manifest)})
        return seq + 1

    def outgoing(self) -> list[tuple[int, bytes]]:
        """Envelopes waiting for a receipt, in sequence order."""
        return [(r["seq"], r["envelope"]) for r in repo.pending_out(self.station.read())
                if r["envelope"] is not None]

    def take_receipt(self, data: bytes, pairs: keys.KeyPairs) -> int:
        """Check a receipt and mark its envelope delivered; returns its sequence number."""
        st = self._enrolled()
        env, payload = envelope.open_envelope(data, self.county_keys(st).sign, pairs.box)
        if env.kind != "receipt" or env.header["station"] != st["station"]:
            raise EnvelopeError(envelope.WRONG_RECIPIENT, "not a receipt for this station")
        doc = batches.parse_receipt(envelope.json_payload(payload))
        if doc["seq"] != env.seq:
            raise EnvelopeError(envelope.MALFORMED, "receipt header and body name other seqs")

        def write(db: Database) -> int:
            row = repo.out_row(db, doc["seq"])
            if row is None or row["id"] != doc["for"]:
                raise EnvelopeError(envelope.MALFORMED,
                                    f"receipt for an envelope this station did not send "
                                    f"(seq {doc['seq']})")
            if row["receipted_at"] is not None:
                return int(doc["seq"])
            if json.loads(row["manifest"]) != doc["records"]:
                raise EnvelopeError(envelope.MALFORMED,
                                    f"receipt {doc['seq']} names other records than were sent")
            repo.mark_receipted(db, doc["seq"], data, doc["at"])
            changes: dict[str, Any] = {"last_receipt_at": doc["at"], "last_contact": utc_now(),
                                       "last_error": None}
            if doc["state_hash"]:
                changes["county_state_hash"] = doc["state_hash"]
            repo.update_state(db, **changes)
            state = repo.state(db)
            assert state is not None
            repo.acknowledge(db, state["built_epoch"])
            return int(doc["seq"])
        return int(self.station.write(write))

    def request_full_resend(self, user: User | None) -> None:
        """Send every record again on the next push (after a drift was found; ``None``: the
        sync itself asks, when the county lost envelopes it had receipted)."""
        if user is not None:
            auth.authorize(self.station.store, user, "manage_station")
        self._enrolled()

        def write(db: Database) -> None:
            repo.update_state(db, full_resend=1)
            audit.append(db, user.login if user else "sync", "sync.full_resend")
        self.station.write(write)

    # -- downward -----------------------------------------------------------------------

    def take_down(self, data: bytes, pairs: keys.KeyPairs) -> PullResult:
        """Apply one downward envelope: in sequence, each item in its own savepoint; an
        item the county may not send (or bad data) is refused and logged, never merged."""
        st = self._enrolled()
        env, payload = envelope.open_envelope(data, self.county_keys(st).sign, pairs.box)
        if env.kind != "down" or env.header["station"] != st["station"]:
            raise EnvelopeError(envelope.WRONG_RECIPIENT, "not downlink for this station")
        items = batches.parse_down(envelope.json_payload(payload))
        result = PullResult(received=1)

        def write(db: Database) -> None:
            state = repo.state(db)
            assert state is not None
            seen = repo.seen_in(db, env.seq)
            if seen is not None or env.seq < state["down_next"]:
                if seen is not None and seen["id"] != env.id:
                    raise EnvelopeError(envelope.MALFORMED,
                                        f"downlink {env.seq} replaced by another envelope")
                result.skipped += 1
                return
            if env.seq > state["down_next"]:
                result.skipped += 1
                result.messages.append(f"缺少第 {state['down_next']} 号下发包，第 {env.seq} 号"
                                       f"稍后再处理 / waiting for downlink {state['down_next']}")
                return
            before = repo.seen_in(db, env.seq - 1)
            prev = env.meta.get("prev")
            if before is not None and prev is not None and prev != before["id"]:
                # The county numbered its downlink again from an older copy of itself: this
                # envelope follows one this station never had.  Not applied; the
                # down-receipt names what this station holds, and the county renumbers.
                result.skipped += 1
                result.messages.append(f"县级服务的第 {env.seq} 号下发包接在另一个第 {env.seq - 1}"
                                       f" 号之后（县级服务可能已从备份恢复），等待重新编号 / "
                                       f"downlink {env.seq} follows another {env.seq - 1}: "
                                       "waiting for the county to renumber")
                return
            applied = refused = 0
            notes = []
            for item in items:
                if repo.item_seen(db, item["id"]):  # sent again under a new number
                    result.duplicates += 1
                    continue
                try:
                    with repo.savepoint(db, "down_item"):
                        notes.append(sync_items.apply_item(self.station, db, item))
                        repo.add_item(db, env.seq, item, "applied")
                    applied += 1
                except TiaojieError as exc:
                    refused += 1
                    repo.add_refused(db, env.seq, item["id"], item["type"], exc.line())
                    repo.add_item(db, env.seq, item, "refused")
                    audit.append(db, "county", "sync.down_refused", item["id"],
                                 {"type": item["type"], "reason": exc.en[:200]})
                    notes.append(f"已拒收：{exc.zh}")
            repo.add_in(db, {"seq": env.seq, "id": env.id, "kind": env.kind,
                             "items": len(items), "applied": applied, "refused": refused,
                             "summary": "；".join(notes)[:2000]})
            repo.update_state(db, down_next=env.seq + 1, last_contact=utc_now())
            result.applied += applied
            result.refused += refused
            result.messages.extend(notes)
        self.station.write(write)
        return result

    def retry_refused(self, item_id: str, user: User) -> str:
        """Take a refused downlink item again, once what made this station refuse it is
        put right (its clock, a missing case); what it did, or the same refusal again."""
        auth.authorize(self.station.store, user, "write")

        def write(db: Database) -> str:
            row = repo.refused_item(db, item_id)
            if row is None or not row["item"]:
                raise NotFoundError(f"没有被拒收的下发内容 {item_id}",
                                    f"no refused downlink item {item_id}")
            with repo.savepoint(db, "down_item"):
                note = sync_items.apply_item(self.station, db, json.loads(row["item"]))
                repo.item_taken(db, item_id)
                audit.append(db, user.login, "sync.down_retried", item_id,
                             {"type": row["item_type"]})
            return note
        try:
            return self.station.write(write)
        except NotFoundError:
            raise
        except TiaojieError as exc:  # refused again: the list shows today's reason
            reason = exc.line()
            self.station.write(lambda db: repo.refused_again(db, item_id, reason))
            raise

    def down_receipt(self, pairs: keys.KeyPairs) -> bytes:
        """A signed note to the county: every downlink up to ``down_next - 1`` is applied."""
        st = self._enrolled()
        acked = st["down_next"] - 1
        doc: dict[str, Any] = {"acked": acked}
        last = repo.seen_in(self.station.read(), acked) if acked else None
        if last is not None:  # lets a county restored from a backup see it numbered again
            doc["last"] = last["id"]
        # What this station refuses now, so the court sees it (a delegation refused stays
        # the county's business); the whole current list, newest first.
        doc["refused"] = [{"id": r["item_id"][:64], "type": r["item_type"][:40],
                           "reason": r["reason"][:500]}
                          for r in repo.refused(self.station.read(), REPORTED_REFUSALS)]
        return envelope.seal(kind="down-receipt", county=st["county"], station=st["station"],
                             seq=0, message_id=str(uuid.uuid4()), created=utc_now(), meta={},
                             payload=envelope.canonical(doc),
                             sender=pairs.sign, recipient=self.county_keys(st).box)

    # -- status -------------------------------------------------------------------------

    def status(self) -> SyncStatus:
        with self.station.snapshot() as db:
            st = repo.state(db)
            if st is None:
                return SyncStatus(enrolled=False)
            counts = repo.out_counts(db)
            local = batches.state_hash(repo.state_rows(db))
            return SyncStatus(
                enrolled=st["status"] == "enrolled", status=st["status"],
                station=st["station"], county=st["county"], county_name=st["county_name"],
                url=st["url"], changes=repo.pending_changes(db, st["built_epoch"]),
                pending=counts["pending"], pending_bytes=counts["pending_bytes"],
                last_receipt_at=st["last_receipt_at"], last_contact=st["last_contact"],
                up_next=st["up_next"], down_next=st["down_next"], local_hash=local,
                county_hash=st["county_state_hash"], last_error=st["last_error"],
                refused=repo.refused_count(db), full_resend=bool(st["full_resend"]))

    def _contact(self) -> None:
        """An exchange with the county went through (even one that carried nothing)."""
        self.station.write(lambda db: repo.update_state(db, last_contact=utc_now(),
                                                        last_error=None))

    def received(self, limit: int = 50) -> list[dict[str, Any]]:
        """Downward envelopes taken, newest first (what each applied and refused)."""
        with self.station.snapshot() as db:
            return repo.received(db, limit)

    def refused_items(self, limit: int = 50) -> list[dict[str, Any]]:
        """Downlink items refused (never merged), newest first."""
        with self.station.snapshot() as db:
            return repo.refused(db, limit)

    def _note_error(self, text: str | None, *, revoked: bool = False) -> None:
        def write(db: Database) -> None:
            changes: dict[str, Any] = {"last_error": text}
            if revoked:
                changes["status"] = "revoked"
            repo.update_state(db, **changes)
            if revoked:
                audit.append(db, "sync", "sync.revoked")
        self.station.write(write)
