"""Read-only inspection of a database file for ``tiaojie check``."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from desktop.storage import attachments, audit
from desktop.storage.db import open_readonly, user_version


@dataclass
class Inspection:
    """What the file says about itself."""

    schema_version: int | None = None
    integrity_problems: list[str] = field(default_factory=list)
    chain: audit.ChainReport | None = None
    attachment_digests: list[str] = field(default_factory=list)


def inspect_database(path: Path) -> Inspection:
    """Integrity check, audit chain and attachment list, without changing the file."""
    found = Inspection()
    db = open_readonly(path)
    try:
        found.schema_version = user_version(db)
        found.integrity_problems = audit.integrity_check(db)
        found.chain = audit.verify_chain(db)
        found.attachment_digests = attachments.attachment_digests(db)
    except sqlite3.DatabaseError as exc:
        found.integrity_problems.append(f"无法读取：{exc} / unreadable: {exc}")
    finally:
        db.close()
    return found
