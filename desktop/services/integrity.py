"""``tiaojie check``: is the database file sound, the audit chain unbroken, every file intact?

The check reads only: it never migrates, repairs or creates anything (not even a missing data
folder).  The machine's problems (full disk, read-only folder, file in use) are raised as
:class:`EnvironmentProblem` with advice; only what SQLite calls damage is reported as damage.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from desktop import resources
from desktop.domain.errors import InputError, os_error_reason
from desktop.paths import Paths
from desktop.services.attachments import leftovers
from desktop.storage import audit
from desktop.storage.inspect import inspect_database


class NoStationHere(InputError):
    """The data folder (or its database) does not exist: there is nothing to check."""


@dataclass
class CheckReport:
    """Findings of one check run."""

    database: str
    integrity_problems: list[str] = field(default_factory=list)
    chain: audit.ChainReport | None = None
    case_states: audit.StateReport | None = None
    files_checked: int = 0
    schema_version: int | None = None
    bad_files: list[str] = field(default_factory=list)
    leftover_parts: list[str] = field(default_factory=list)
    not_station: bool = False
    # Worth knowing, not damage: holiday files skipped, leftover .part files.
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file is sound, the chain holds and every attachment matches."""
        return (not self.integrity_problems and self.chain is not None and self.chain.ok
                and (self.case_states is None or self.case_states.ok) and not self.bad_files)


def check_station(paths: Paths) -> CheckReport:
    """Run ``PRAGMA integrity_check``, walk the audit chain and re-hash every attachment.

    Raises:
        NoStationHere: no data folder or no database in it (nothing is created).
        EnvironmentProblem: the machine prevents the check (full disk, read-only folder,
            database in use, I/O error); the message says so and that it is not damage.
    """
    if not paths.root.is_dir():
        raise NoStationHere(f"数据目录 {paths.root} 不存在，其中没有工作站；请检查 --data-dir "
                            "或 TIAOJIE_HOME 是否指向正确的文件夹",
                            f"data folder {paths.root} does not exist: no station there; "
                            "check --data-dir or TIAOJIE_HOME", "--data-dir")
    if not paths.database.is_file():
        raise NoStationHere(f"数据目录 {paths.root} 中没有工作站（找不到 {paths.database.name}）",
                            f"no station in {paths.root} (no {paths.database.name})",
                            "--data-dir")
    found = inspect_database(paths.database)
    report = CheckReport(str(paths.database), found.integrity_problems, found.chain,
                         found.case_states, schema_version=found.schema_version,
                         not_station=found.not_station)
    for digest in found.attachment_digests:
        report.files_checked += 1
        path = paths.attachment_file(digest)
        if not path.is_file():
            report.bad_files.append(f"{digest}（文件缺失 / missing）")
            continue
        try:
            with path.open("rb") as f:
                actual = hashlib.file_digest(f, "sha256").hexdigest()
        except OSError as exc:
            report.bad_files.append(f"{digest}（无法读取：{os_error_reason(exc, reading=True)}"
                                    f" / unreadable: {exc.strerror}）")
            continue
        if actual != digest:
            report.bad_files.append(f"{digest}（内容被改动 / altered）")
    report.notes.extend(p.line() for p in resources.load_calendar(paths.holidays).problems)
    parts = leftovers(paths)
    report.leftover_parts = [str(p.path) for p in parts]
    if parts:
        total = sum(p.size for p in parts)
        names = "、".join(p.path.name for p in parts[:5]) + ("…" if len(parts) > 5 else "")
        report.notes.append(
            f"附件目录中有 {len(parts)} 个未完成的临时文件（共 {_size(total)}：{names}），"
            "是中断的附件复制留下的，不影响数据；下次打开工作站时自动清理 / "
            f"{len(parts)} leftover .part file(s) ({total} bytes) from interrupted attachment "
            "copies; harmless, removed when the station next opens")
    return report


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024:
            return f"{n} {unit}"
        n //= 1024
    return f"{n} GB"
