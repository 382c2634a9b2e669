"""``tiaojie check``: is the database file sound and the audit chain unbroken?"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.domain.errors import InputError
from desktop.paths import Paths
from desktop.storage import audit
from desktop.storage.db import open_database


@dataclass
class CheckReport:
    """Findings of one check run."""

    database: str
    integrity_problems: list[str] = field(default_factory=list)
    chain: audit.ChainReport | None = None

    @property
    def ok(self) -> bool:
        """True when the file is sound and the chain holds."""
        return not self.integrity_problems and self.chain is not None and self.chain.ok


def check_station(paths: Paths) -> CheckReport:
    """Run ``PRAGMA integrity_check`` and walk the audit chain."""
    if not paths.database.exists():
        raise InputError(f"找不到数据库 {paths.database}", f"no database at {paths.database}")
    db = open_database(paths.database)
    try:
        return CheckReport(str(paths.database), audit.integrity_check(db),
                           audit.verify_chain(db))
    finally:
        db.close()
