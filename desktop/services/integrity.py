"""``tiaojie check``: is the database file sound, the audit chain unbroken, every file intact?"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from desktop.domain.errors import InputError
from desktop.paths import Paths
from desktop.storage import audit
from desktop.storage.inspect import inspect_database


@dataclass
class CheckReport:
    """Findings of one check run."""

    database: str
    integrity_problems: list[str] = field(default_factory=list)
    chain: audit.ChainReport | None = None
    files_checked: int = 0
    schema_version: int | None = None
    bad_files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file is sound, the chain holds and every attachment matches."""
        return (not self.integrity_problems and self.chain is not None and self.chain.ok
                and not self.bad_files)


def check_station(paths: Paths) -> CheckReport:
    """Run ``PRAGMA integrity_check``, walk the audit chain and re-hash every attachment.

    The database is opened read-only: checking never migrates or repairs anything.
    """
    if not paths.database.exists():
        raise InputError(f"找不到数据库 {paths.database}", f"no database at {paths.database}")
    found = inspect_database(paths.database)
    report = CheckReport(str(paths.database), found.integrity_problems, found.chain,
                         schema_version=found.schema_version)
    digests = found.attachment_digests
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
