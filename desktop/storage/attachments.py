"""Attachment records: files linked to a case, stored in the data folder by SHA-256."""

from __future__ import annotations

import sqlite_utils

from desktop.domain.records import Attachment
from desktop.storage.rows import insert


def insert_attachment(db: sqlite_utils.Database, *, case_pk: int, sha256: str, filename: str,
                      size: int, description: str | None, actor: str, at: str) -> int:
    """Link a stored file to a case; returns the record's key."""
    return insert(db, "attachments", {
        "case_pk": case_pk, "sha256": sha256, "filename": filename, "size": size,
        "description": description, "added_at": at, "added_by": actor})


def attachments(db: sqlite_utils.Database, case_pk: int) -> list[Attachment]:
    """The case's files, oldest first."""
    return [Attachment(*r) for r in db.execute(
        "SELECT pk, sha256, filename, size, added_at, added_by, description FROM attachments "
        "WHERE case_pk = ? AND deleted = 0 ORDER BY pk", [case_pk])]


def attachment_digests(db: sqlite_utils.Database) -> list[str]:
    """Every distinct stored file hash still referenced: live attachments, issued documents
    and captured signature images (schema v6 on)."""
    parts = ["SELECT sha256 FROM attachments WHERE deleted = 0"]
    tables = set(db.table_names())
    if "documents" in tables:
        parts.append("SELECT sha256 FROM documents")
    if "captured_signatures" in tables:
        parts.append("SELECT sha256 FROM captured_signatures WHERE deleted = 0")
    return [r[0] for r in db.execute(" UNION ".join(parts) + " ORDER BY sha256")]
