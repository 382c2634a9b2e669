"""Schema v6: issued documents, captured signature images.

* ``documents``: every issued PDF, one row per version (re-issuing adds a version and never
  overwrites).  The file itself lives in the content-addressed file store under its
  SHA-256 (the attachments folder), like an attachment; ``content_sha256`` is the digest of
  the filled-in text the QR code names (a file cannot carry its own hash).  ``uid`` is the
  document's short code (printed under the QR code).  A signed scan, once linked, is an
  attachment of the case named here.
* ``captured_signatures``: images drawn on the signature-capture pad, per case and signer
  key (``party:<n>``, ``mediator``, ...), stored in the same file store.

Both are owned by a case and stamp it for sync, as the other case children do.

Frozen: a released schema step never changes.
"""

from __future__ import annotations

import sqlite_utils

from desktop.storage.sqlscript import run_script

SQL = r"""
CREATE TABLE documents (
    pk INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    case_pk INTEGER NOT NULL REFERENCES cases(pk),
    form_code TEXT NOT NULL,
    title TEXT NOT NULL,
    number TEXT NOT NULL,
    version INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    pages INTEGER NOT NULL,
    form_origin TEXT NOT NULL,          -- builtin | station
    form_sha256 TEXT NOT NULL,
    sealed INTEGER NOT NULL DEFAULT 0,  -- the seal image was placed
    captured INTEGER NOT NULL DEFAULT 0, -- captured signature images were placed
    cert_sha256 TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    issued_by TEXT NOT NULL,
    scan_attachment_pk INTEGER REFERENCES attachments(pk),
    scan_linked_at TEXT,
    scan_linked_by TEXT,
    change_seq INTEGER NOT NULL DEFAULT 0,
    UNIQUE (case_pk, form_code, version)
);
CREATE INDEX documents_case ON documents(case_pk);

CREATE TABLE captured_signatures (
    pk INTEGER PRIMARY KEY,
    case_pk INTEGER NOT NULL REFERENCES cases(pk),
    signer TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    captured_at TEXT NOT NULL,
    captured_by TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX captured_signatures_case ON captured_signatures(case_pk, signer);
"""


def _stamp_triggers() -> str:
    out = []
    for table in ("documents", "captured_signatures"):
        for op in ("INSERT", "UPDATE"):
            out.append(f"""
CREATE TRIGGER {table}_stamp_{op.lower()} AFTER {op} ON {table}
WHEN (SELECT c.change_seq IS NOT s.seq OR s.seq <= s.acked FROM cases AS c, sync_clock AS s
      WHERE c.pk = NEW.case_pk) BEGIN
    UPDATE sync_clock SET seq = seq + 1 WHERE seq <= acked;
    UPDATE cases SET change_seq = (SELECT seq FROM sync_clock) WHERE pk = NEW.case_pk;
END;""")
    out.append("""
CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents
BEGIN SELECT RAISE(ABORT, 'issued documents are kept'); END;""")
    return "\n".join(out)


def upgrade(db: sqlite_utils.Database) -> None:
    """Apply the step inside the caller's transaction."""
    run_script(db, SQL)
    run_script(db, _stamp_triggers())
