"""What the station's sync reports: its status, the outcome of a push or a pull, and the
refusals every caller shows the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from desktop.domain.errors import InputError, TiaojieError


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class NotEnrolled(InputError):
    def __init__(self) -> None:
        super().__init__("本站尚未向县仲裁院注册：请先用县仲裁院的注册文件注册"
                         "（同步页面“注册…”，或 tiaojie sync enrol 注册文件）",
                         "this station is not enrolled: enrol with the county's enrolment file"
                         " first (the sync page, or tiaojie sync enrol FILE)")


class Revoked(TiaojieError):
    exit_code = 7

    def __init__(self) -> None:
        super().__init__("县仲裁院已吊销本站的同步资格，请联系县仲裁院",
                         "the county has revoked this station; contact the county court")


@dataclass
class SyncStatus:
    enrolled: bool
    status: str | None = None
    station: str | None = None
    county: str | None = None
    county_name: str | None = None
    url: str | None = None
    changes: int = 0            # aggregates changed since the last build
    pending: int = 0            # envelopes waiting for a receipt
    pending_bytes: int = 0
    last_receipt_at: str | None = None
    last_contact: str | None = None
    up_next: int = 1
    down_next: int = 1
    local_hash: str = ""
    county_hash: str | None = None
    refused: int = 0
    last_error: str | None = None
    full_resend: bool = False

    @property
    def hashes_agree(self) -> bool | None:
        """None while changes are on their way (the county cannot agree yet)."""
        if self.changes or self.pending or not self.county_hash:
            return None
        return self.county_hash == self.local_hash

    def to_json(self) -> dict[str, Any]:
        return {**{k: v for k, v in self.__dict__.items()}, "hashes_agree": self.hashes_agree}


@dataclass
class PushResult:
    built: int = 0
    sent: int = 0
    receipted: int = 0
    duplicates: int = 0
    waiting_for: int | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class PullResult:
    received: int = 0
    applied: int = 0
    refused: int = 0
    skipped: int = 0
    duplicates: int = 0  # items taken before, sent again under a new number
    messages: list[str] = field(default_factory=list)
