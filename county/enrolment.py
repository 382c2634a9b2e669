"""Enrolment at the county: the enrolment file a station is given (its one-time token),
and the answer to a station's request — its certificate, a new generation of sequence
numbers, the downlink it had not acknowledged queued again for its new key."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import serialization

from county import pki
from county.common import (
    BAD_TOKEN,
    REVOKED,
    UNEXPECTED_KIND,
    UNKNOWN_STATION,
    WRONG_COUNTY,
    Refused,
    now,
)
from county.store import Store
from desktop.domain.errors import InputError
from desktop.sync import enrolment, envelope, keys

ENROL_DAYS = 30


class Enrolment:
    """Enrolment methods of :class:`county.service.County`."""

    store: Store
    home: Path
    id: str
    name: str
    public: keys.PublicKeys
    config: dict[str, Any]
    passphrase: str | None

    if TYPE_CHECKING:
        @property
        def pairs(self) -> keys.KeyPairs: ...
        @property
        def ca_pem(self) -> str: ...
        def station(self, station_id: str, missing_ok: bool = False) -> dict[str, Any]: ...
        def station_keys(self, st: dict[str, Any]) -> keys.PublicKeys: ...
        def audit(self, actor: str, action: str, target: str | None = None,
                  detail: Any = None) -> None: ...
        def _seal(self, kind: str, station: str, seq: int, payload: bytes,
                  recipient: Any, meta: dict[str, Any]) -> bytes: ...
        def send_down(self, station_id: str, items: list[dict[str, Any]], actor: str,
                      summary: str) -> int: ...

    def enrol_file(self, station_id: str, actor: str, days: int = ENROL_DAYS, *,
                   write: Callable[[bytes], Any] | None = None) -> bytes:
        """A new enrolment file for the station (any earlier token stops working).

        ``write`` (the command line's file writer) is called with the file before the new
        token is committed: when it fails, the token is not replaced and the file handed out
        earlier still works.
        """
        st = self.station(station_id)
        if st["status"] == "revoked":
            raise InputError(f"工作站 {station_id} 已吊销", f"station {station_id} is revoked")
        signer = self.pairs.sign  # a wrong passphrase stops here, before anything changes
        token = secrets.token_bytes(32)
        expires = (datetime.now(UTC) + timedelta(days=days)).isoformat(timespec="seconds")
        county = {"id": self.id, "name": self.name, "url": self.config.get("url"),
                  "tls_sha256": self.config.get("tls_sha256"), "keys": self.public.to_json(),
                  "ca_pem": self.ca_pem}
        data = enrolment.make_enrol_file(
            county=county, station={"id": station_id, "name": st["name"]}, token=token,
            expires=expires, signer=signer)
        with self.store.tx():
            self.store.execute("UPDATE stations SET token_hash = ?, token_expires = ?"
                               " WHERE id = ?",
                               [hashlib.sha256(token).hexdigest(), expires, station_id])
            self.audit(actor, "station.enrol_file", station_id, {"expires": expires})
            if write is not None:
                write(data)  # raises: rolled back, the earlier token stays
        return data

    def enrol(self, data: bytes) -> bytes:
        """Answer a station's ``enrol`` envelope with its certificate (``enrolled``)."""
        env = envelope.parse(data)
        if env.kind != "enrol":
            raise Refused(UNEXPECTED_KIND, 400, env.kind)
        if env.header["county"] != self.id:
            raise Refused(WRONG_COUNTY, 400, env.header["county"])
        st = self.station(env.header["station"], missing_ok=True)
        if st is None:
            raise Refused(UNKNOWN_STATION, 403, env.header["station"])
        if st["status"] == "revoked":
            raise Refused(REVOKED, 403)
        if st["enrol_answer"] and st["enrol_request"] == env.header["sealed_sha256"]:
            # The same request again (its answer was lost on the way): the same answer.
            envelope.verify(env, self.station_keys(st).sign)
            return bytes(st["enrol_answer"])
        payload = envelope.decrypt(env, self.pairs.box)
        request = enrolment.parse_request(envelope.json_payload(payload))
        envelope.verify(env, request["keys"].sign)
        token_hash = hashlib.sha256(request["token"]).hexdigest()
        if not _token_ok(st, token_hash):  # before the CA key is unlocked for it
            self.audit("station:" + st["id"], "enrol.refused", st["id"], {"why": "token"})
            raise Refused(BAD_TOKEN, 403)
        cert = pki.issue_certificate(self.home / "keys", self.passphrase or "", request["csr"],
                                     st["id"], st["name"])
        cert_pem = cert.public_bytes(serialization.Encoding.PEM).decode("ascii")
        with self.store.tx():
            st = self.station(st["id"])  # again, under the lock: a token is used once
            if not _token_ok(st, token_hash):
                refused = True
            else:
                refused = False
                self._start_generation(st, request, cert_pem)
                answer = self._seal("enrolled", st["id"], 0, enrolment.response_payload(
                    certificate_pem=cert_pem, ca_pem=self.ca_pem, station=st["id"],
                    county=self.id, url=self.config.get("url")), request["keys"].box, {})
                self.store.execute("UPDATE stations SET enrol_request = ?, enrol_answer = ?"
                                   " WHERE id = ?",
                                   [env.header["sealed_sha256"], answer, st["id"]])
        if refused:
            self.audit("station:" + st["id"], "enrol.refused", st["id"], {"why": "token"})
            raise Refused(BAD_TOKEN, 403)
        return answer

    def _start_generation(self, st: dict[str, Any], request: dict[str, Any],
                          cert_pem: str) -> None:
        """A (re-)enrolment: new keys, sequence numbers from 1 in a new generation (the old
        generation's log stays for the inbox); downlink not yet delivered is queued again,
        encrypted to the new key."""
        undelivered = self.store.rows(
            "SELECT items, summary, created_by FROM downlink WHERE station = ? AND gen = ?"
            " AND acked_at IS NULL ORDER BY seq", [st["id"], st["gen"]])
        self.store.execute(
            "UPDATE stations SET status = 'enrolled', token_hash = NULL, sign_key = ?,"
            " box_key = ?, cert_pem = ?, install_id = ?, org = ?, enrolled_at = ?,"
            " last_contact = ?, up_next = 1, down_next = 1, down_acked = 0, gen = gen + 1,"
            " waiting_for = NULL, full_batch = NULL WHERE id = ?",
            [request["keys"].to_json()["sign"], request["keys"].to_json()["box"], cert_pem,
             request["install_id"], json.dumps(request["org"], ensure_ascii=False), now(),
             now(), st["id"]])
        self.audit("station:" + st["id"], "station.enrolled", st["id"],
                   {"install_id": request["install_id"], "requeued": len(undelivered)})
        for row in undelivered:
            self.send_down(st["id"], json.loads(row["items"]), row["created_by"],
                           row["summary"])


def _token_ok(st: dict[str, Any], token_hash: str) -> bool:
    """The station's enrolment token: issued, not yet used, not expired, not revoked."""
    return bool(st["status"] != "revoked" and st["token_hash"]
                and secrets.compare_digest(token_hash, st["token_hash"])
                and (st["token_expires"] or "") >= now())
