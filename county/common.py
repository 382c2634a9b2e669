"""What the county's modules share: roles, protocol codes and their words, the answer to an
envelope, the refusal, the time stamp and the check of a typed name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from desktop.domain.errors import InputError, TiaojieError
from desktop.sync import envelope

ROLES = {"admin": "管理员", "clerk": "书记员", "viewer": "只读"}
PERMISSIONS = {"admin": {"read", "write", "manage"}, "clerk": {"read", "write"},
               "viewer": {"read"}}
STATUS_TEXT = {"created": "待注册", "enrolled": "已注册", "revoked": "已吊销"}
MAX_ID, MAX_NAME, MAX_REASON = 64, 60, 200
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")

# Protocol error codes beyond the envelope's own (docs/sync-protocol.md §6).
UNKNOWN_STATION, REVOKED, NOT_ENROLLED = "unknown_station", "revoked", "not_enrolled"
WRONG_COUNTY, CONFLICT, GAP, BAD_TOKEN = "wrong_county", "conflict", "gap", "bad_token"
UNEXPECTED_KIND = "unexpected_kind"
CODE_TEXT = {
    UNKNOWN_STATION: ("未知的工作站", "unknown station"),
    REVOKED: ("工作站已被吊销，请联系县仲裁院", "the station is revoked; contact the county court"),
    NOT_ENROLLED: ("工作站尚未完成注册", "the station has not completed enrolment"),
    WRONG_COUNTY: ("发往其他县的数据包", "addressed to another county"),
    CONFLICT: ("序号已被另一批次使用（重放，或复制的工作站目录）",
               "sequence number already used by another batch (a replay or a copied station)"),
    GAP: ("缺少前面的批次，已暂存，等待补齐", "earlier batches missing: held until they arrive"),
    BAD_TOKEN: ("注册令牌无效、已用过或已过期", "enrolment token invalid, used or expired"),
    UNEXPECTED_KIND: ("不应发往此处的数据包", "an envelope of a kind not accepted here"),
}


CHINA = timezone(timedelta(hours=8), "CST")  # China Standard Time: no daylight saving


def today() -> date:
    """The day in China, whatever zone the server is set to (a container often runs UTC:
    between 00:00 and 08:00 China time its date is yesterday's)."""
    return datetime.now(CHINA).date()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Refused(TiaojieError):
    """An envelope or request the county refuses: ``code`` and an HTTP status."""

    exit_code = 7

    def __init__(self, code: str, status: int, detail: str = "",
                 quarantined: int | None = None) -> None:
        zh, en = CODE_TEXT.get(code) or envelope.CODE_TEXT.get(code) or (code, code)
        super().__init__(zh + (f"（{detail}）" if detail else ""),
                         en + (f" ({detail})" if detail else ""))
        self.code, self.status, self.detail, self.quarantined = code, status, detail, quarantined

    def to_json(self) -> dict[str, Any]:
        return {"error": self.code, "message_zh": self.zh, "message_en": self.en,
                "quarantined": self.quarantined}


@dataclass
class Answer:
    """What the county answers an upward envelope: a receipt, or a hold notice."""

    status: int
    receipt: bytes | None = None
    expected: int | None = None
    duplicate: bool = False


def check_name(value: Any, zh: str, en: str, where: str, limit: int = MAX_NAME) -> str:
    """A name a person typed: not blank, at most ``limit`` characters, one line."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise InputError(f"{zh}不能为空", f"{en} is empty", where)
    if len(text) > limit:
        raise InputError(f"{zh}不超过 {limit} 个字", f"{en}: at most {limit} characters", where)
    if _CONTROL.search(text):
        raise InputError(f"{zh}不能换行或含控制字符", f"{en}: no line breaks or control "
                         "characters", where)
    return text


def check_reason(value: Any, action_zh: str, action_en: str) -> str:
    """A clerk's reason for ``action`` (吊销 revoking, 关闭 dismissing): given, one line,
    at most ``MAX_REASON`` characters; kept in the audit log."""
    reason = value.strip() if isinstance(value, str) else ""
    if not reason:
        raise InputError(f"请填写{action_zh}原因", f"give the reason for {action_en}", "reason")
    if len(reason) > MAX_REASON or _CONTROL.search(reason):
        raise InputError(f"{action_zh}原因不超过 {MAX_REASON} 个字，且不能换行或含控制字符",
                         f"the reason: at most {MAX_REASON} characters on one line", "reason")
    return reason
