"""What the 同步 page runs in the background and how it words what it read.

The operations take a :class:`Station` (the runner calls them off the GUI thread); the
formatting helpers are plain functions of stored values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop.services.station import Station
from desktop.services.sync import PullResult, PushResult, SyncStatus
from desktop.services.sync_io import SyncService
from desktop.sync import keys
from desktop.ui.i18n import QT_TRANSLATE_NOOP, in_language

LIST_LIMIT = 50
# Words the page shows for stored codes (translated in the page's context).
STATES = {None: QT_TRANSLATE_NOOP("SyncPage", "未注册"),
          "requested": QT_TRANSLATE_NOOP("SyncPage", "等待县仲裁院回执"),
          "enrolled": QT_TRANSLATE_NOOP("SyncPage", "已注册"),
          "revoked": QT_TRANSLATE_NOOP("SyncPage", "已吊销")}
ITEM_TYPES = {"delegation": QT_TRANSLATE_NOOP("SyncPage", "委派案件"),
              "review": QT_TRANSLATE_NOOP("SyncPage", "审查结果"),
              "calendar": QT_TRANSLATE_NOOP("SyncPage", "日程"),
              "mediator_certificate": QT_TRANSLATE_NOOP("SyncPage", "调解员证书"),
              "form": QT_TRANSLATE_NOOP("SyncPage", "文书格式"),
              "notice": QT_TRANSLATE_NOOP("SyncPage", "通知")}
Row = dict[str, Any]  # a line of the downlink log or of the refused items, as stored


@dataclass(frozen=True)
class SyncView:
    """What one refresh of the page reads."""

    status: SyncStatus
    received: list[Row]  # downward envelopes applied, newest first
    refused: list[Row]  # downlink items refused (拒收), never merged


def read_view(station: Station) -> SyncView:
    """The status and the recent downlink log (an operation for the runner)."""
    service = SyncService(station)
    return SyncView(service.status(), service.received(LIST_LIMIT),
                    service.refused_items(LIST_LIMIT))


def push_and_pull(pairs: keys.KeyPairs, *, probe: bool = False
                  ) -> Callable[[Station], tuple[PushResult, PullResult] | None]:
    """立即同步 as an operation: send and collect receipts, then fetch downlink.  With
    ``probe`` (the automatic sync) it first looks whether the county is there at all and
    gives ``None`` when it is not, rather than retrying for a minute."""
    def op(station: Station) -> tuple[PushResult, PullResult] | None:
        service = SyncService(station)
        if probe and not service.reachable():
            return None
        return service.push(pairs), service.pull(pairs)
    return op


def when(text: str | None) -> str:
    """An ISO time (UTC or local) as local ``YYYY-MM-DD HH:MM``; empty for none."""
    try:
        moment = datetime.fromisoformat(text or "")
    except ValueError:
        return text or ""
    return (moment.astimezone() if moment.tzinfo else moment).strftime("%Y-%m-%d %H:%M")


def size_text(size: int) -> str:
    """Bytes for a person: ``812 B``, ``12.3 KB``, ``4.5 MB``."""
    return (f"{size} B" if size < 1024 else f"{size / 1024:.1f} KB" if size < 1024 * 1024
            else f"{size / 1024 / 1024:.1f} MB")


def message(line: str | None) -> str:
    """A stored ``中文 / English`` line in the interface's language."""
    zh, _, en = (line or "").partition(" / ")
    return in_language(zh, en)
