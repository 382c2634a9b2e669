"""Issued documents and captured signature images (schema v6)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils

from desktop.storage.rows import fetch, insert


@dataclass(frozen=True)
class IssuedDocument:
    """One issued version of a document."""

    pk: int
    uid: str
    case_pk: int
    form_code: str
    title: str
    number: str
    version: int
    sha256: str
    content_sha256: str
    size: int
    pages: int
    form_origin: str
    form_sha256: str
    sealed: bool
    captured: bool
    cert_sha256: str
    issued_on: str
    issued_at: str
    issued_by: str
    scan_attachment_pk: int | None
    scan_linked_at: str | None
    scan_linked_by: str | None

    @property
    def short_code(self) -> str:
        """The code printed under the QR code: ``ABCDE-FGHJK``."""
        return f"{self.uid[:5]}-{self.uid[5:]}"


_COLUMNS = ("pk, uid, case_pk, form_code, title, number, version, sha256, content_sha256, "
            "size, pages, form_origin, form_sha256, sealed, captured, cert_sha256, issued_on, "
            "issued_at, issued_by, scan_attachment_pk, scan_linked_at, scan_linked_by")


def _doc(row: dict[str, Any]) -> IssuedDocument:
    row = dict(row)
    row["sealed"], row["captured"] = bool(row["sealed"]), bool(row["captured"])
    return IssuedDocument(**row)


def insert_document(db: sqlite_utils.Database, row: dict[str, Any]) -> int:
    return insert(db, "documents", row)


def next_version(db: sqlite_utils.Database, case_pk: int, form_code: str) -> tuple[int, str | None]:
    """The version the next issue of ``form_code`` gets, and the number it keeps (the
    first version's; None for a first issue)."""
    row = db.execute("SELECT max(version), min(number) FROM documents "
                     "WHERE case_pk = ? AND form_code = ?", [case_pk, form_code]).fetchone()
    return (row[0] or 0) + 1, row[1]


def documents(db: sqlite_utils.Database, case_pk: int) -> list[IssuedDocument]:
    """Every issued version of the case's documents, oldest first."""
    return [_doc(r) for r in fetch(db, f"SELECT {_COLUMNS} FROM documents WHERE case_pk = ? "
                                       "ORDER BY pk", [case_pk])]


def by_uid(db: sqlite_utils.Database, uid: str) -> IssuedDocument | None:
    rows = fetch(db, f"SELECT {_COLUMNS} FROM documents WHERE uid = ?", [uid])
    return _doc(rows[0]) if rows else None


def by_sha256(db: sqlite_utils.Database, sha256: str) -> IssuedDocument | None:
    rows = fetch(db, f"SELECT {_COLUMNS} FROM documents WHERE sha256 = ? ORDER BY pk DESC "
                     "LIMIT 1", [sha256])
    return _doc(rows[0]) if rows else None


def link_scan(db: sqlite_utils.Database, pk: int, attachment_pk: int, actor: str,
              at: str) -> None:
    db.execute("UPDATE documents SET scan_attachment_pk = ?, scan_linked_at = ?, "
               "scan_linked_by = ? WHERE pk = ?", [attachment_pk, at, actor, pk])


def insert_capture(db: sqlite_utils.Database, *, case_pk: int, signer: str, sha256: str,
                   actor: str, at: str) -> int:
    db.execute("UPDATE captured_signatures SET deleted = 1 WHERE case_pk = ? AND signer = ? "
               "AND deleted = 0", [case_pk, signer])
    return insert(db, "captured_signatures", {"case_pk": case_pk, "signer": signer,
                                              "sha256": sha256, "captured_at": at,
                                              "captured_by": actor})


def remove_capture(db: sqlite_utils.Database, case_pk: int, signer: str) -> int:
    return db.execute("UPDATE captured_signatures SET deleted = 1 WHERE case_pk = ? AND "
                      "signer = ? AND deleted = 0", [case_pk, signer]).rowcount


def captures(db: sqlite_utils.Database, case_pk: int) -> dict[str, str]:
    """The case's captured signature images in force: signer key → SHA-256."""
    return {r[0]: r[1] for r in db.execute(
        "SELECT signer, sha256 FROM captured_signatures WHERE case_pk = ? AND deleted = 0",
        [case_pk])}
