"""``tiaojie check``: is the database file sound, the audit chain unbroken, every file intact?"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from desktop.domain.errors import InputError
from desktop.paths import Paths
from desktop.storage import audit, records
from desktop.storage.db import open_database


@dataclass
class CheckReport:
    """Findings of one check run."""

    database: str
    integrity_problems: list[str] = field(default_factory=list)
    chain: audit.ChainReport | None = None
    files_checked: int = 0
    bad_files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file is sound, the chain holds and every attachment matches."""
        return (not self.integrity_problems and self.chain is not None and self.chain.ok
                and not self.bad_files)


def check_station(paths: Paths) -> CheckReport:
    """Run ``PRAGMA integrity_check``, walk the audit chain and re-hash every attachment."""
    if not paths.database.exists():
        raise InputError(f"找不到数据库 {paths.database}", f"no database at {paths.database}")
    db = open_database(paths.database)
    try:
        report = CheckReport(str(paths.database), audit.integrity_check(db),
                             audit.verify_chain(db))
        digests = records.attachment_digests(db)
    finally:
        db.close()
    for digest in digests:
        report.files_checked += 1
        path = paths.attachment_file(digest)
        if not path.is_file():
            report.bad_files.append(f"{digest}（文件缺失 / missing）")
            continue
        with path.open("rb") as f:
            if hashlib.file_digest(f, "sha256").hexdigest() != digest:
                report.bad_files.append(f"{digest}（内容被改动 / altered）")
    return report
