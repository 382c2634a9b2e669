"""Downlink items the county may send, and how each is applied at the station.

Only what the county owns is applied: a delegated or entrusted case (registered like any
case, its clocks running), the arbitration review result of a case (as its event), a
holiday calendar, a mediator's certificate number, a notice.  Anything else raises, and
the caller refuses and logs it — nothing is merged silently.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from desktop.domain.errors import InputError, NotFoundError
from desktop.services.auth import User
from desktop.services.station import Station
from desktop.storage import audit
from desktop.storage import sync as repo
from desktop.storage.db import Database
from desktop.sync import transport

COUNTY_USER = User("county", "县仲裁院", "mediator")


def apply_item(station: Station, db: Database, item: dict[str, Any]) -> str:
    """Apply one downlink item the county may send; anything else raises (and is refused)."""
    kind = item["type"]
    if kind == "delegation":
        return _delegation(station, item)
    if kind == "review":
        return _review(station, db, item)
    if kind == "calendar":
        return _calendar(station, item)
    if kind == "mediator_certificate":
        return _certificate(station, db, item)
    if kind == "form":
        return _form(station, item)
    if kind == "notice":
        text = item.get("text")
        if not isinstance(text, str) or not text.strip() or len(text) > 2000:
            raise InputError("通知内容不对", "bad notice text")
        audit.append(db, "county", "sync.notice", item["id"], {"text": text[:200]})
        return f"县仲裁院通知：{text[:200]}"
    raise InputError(f"县仲裁院不能下发此类内容（{kind[:40]}）",
                     f"the county may not send items of type {kind[:40]!r}")


def _delegation(station: Station, item: dict[str, Any]) -> str:
    from desktop.domain.case_format import REFERRAL_SOURCES
    from desktop.services.cases import CaseService
    case = item.get("case")
    if not isinstance(case, dict) or case.get("source") not in REFERRAL_SOURCES:
        raise InputError("委派案件的来源不对：只能是法院委派、委托或仲裁委托",
                         "a delegated case must come from a court or arbitration referral")
    # The county checked the case on its own day; a computer clock here that is behind it
    # is warned of elsewhere, never a reason to turn a court's case away.
    received = _day(case.get("received_on"))
    today = max(station.today(), received) if received else None
    done = CaseService(station).register(case, COUNTY_USER, today=today)
    return f"收到委派案件 {done.case_no}"


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _review(station: Station, db: Database, item: dict[str, Any]) -> str:
    from desktop.services.cases import CaseService
    from desktop.storage import cases as case_repo
    uid, result = item.get("case_uid"), item.get("result")
    pk = case_repo.pk_by_uid(db, uid) if isinstance(uid, str) else None
    case = case_repo.get_case(db, pk) if pk is not None else None
    if case is None:
        raise NotFoundError("审查结果所指的案件本站没有", "review result for an unknown case")
    CaseService(station).record_event(case.case_no, "review_result",
                                           {"result": result}, COUNTY_USER)
    return f"{case.case_no} 收到仲裁审查结果"


def _calendar(station: Station, item: dict[str, Any]) -> str:
    from desktop.domain.calendar import HolidayCalendar
    doc = item.get("calendar")
    if not isinstance(doc, dict) or not isinstance(doc.get("year"), int):
        raise InputError("节假日数据不对", "bad holiday calendar")
    HolidayCalendar.from_documents([doc])  # raises ValidationError on bad data
    # A year's whole calendar replaces the station's: one with no holidays or no source
    # would silently move every legal deadline of that year.
    if not doc.get("holidays") or not str(doc.get("source") or "").strip():
        raise InputError("节假日安排须有来源（source）和至少一个节假日，未采用",
                         "a holiday calendar needs a source and at least one holiday")
    folder = station.paths.holidays
    transport.write_file(folder / f"{doc['year']}.json",
                         json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))
    station.holidays = None  # read again on next use
    return f"更新 {doc['year']} 年节假日安排"


def _certificate(station: Station, db: Database, item: dict[str, Any]) -> str:
    uid, number = item.get("mediator_uid"), item.get("certificate_no")
    if not isinstance(number, str) or not 0 < len(number.strip()) <= 64:
        raise InputError("调解员证书编号不对", "bad certificate number")
    row = repo.mediator_by_uid(db, uid)
    if row is None:
        raise NotFoundError("证书所指的调解员本站没有", "certificate for an unknown mediator")
    from desktop.storage import station as station_repo
    station_repo.update_mediator(db, row[0], {"certificate_no": number.strip()})
    return f"调解员 {row[1]} 证书编号更新为 {number.strip()}"


def _form(station: Station, item: dict[str, Any]) -> str:
    """A county form update: checked as the catalogue checks it, then put in the station's
    own forms folder (where it overrides the built-in form of the same code)."""
    import re
    import tempfile
    from pathlib import Path

    from desktop.documents import context, forms
    name, text = item.get("file"), item.get("text")
    if (not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_-]{1,60}\.toml", name)
            or not isinstance(text, str) or len(text.encode("utf-8")) > forms.MAX_FORM_BYTES):
        raise InputError("文书样式更新不对（文件名或内容）", "bad form update (name or text)")
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / name
        trial.write_text(text, "utf-8")
        problem = forms.check_file(trial, context.FILTERS)
    if problem is not None:
        raise InputError(f"文书样式 {name} 不能使用：{problem.zh}",
                         f"form {name} cannot be used: {problem.en}")
    transport.write_file(station.paths.forms / name, text.encode("utf-8"))
    return f"更新文书样式 {name}"
