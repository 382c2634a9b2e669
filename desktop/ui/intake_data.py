"""What the intake form (登记) holds: the case document the core takes, and the draft
(登记草稿) — what was typed, kept in the station's folder so a window closed by mistake (or a
crash) loses nothing; any JSON read back is tolerated.

Functions of the :class:`~desktop.ui.intake.IntakeDialog` they serve (kept apart so the form
stays readable); its messages are translated in the dialog's context.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox

from desktop.domain.case_format import MAX_WORKERS, REFERRAL_SOURCES
from desktop.domain.errors import os_error_reason

if TYPE_CHECKING:
    from desktop.ui.intake import IntakeDialog

log = logging.getLogger(__name__)
ONGOING, ENDED = 1, 2  # the employment choices after 未说明


def document(d: IntakeDialog) -> dict[str, Any]:
    """The case document the form describes."""
    doc: dict[str, Any] = {
        "source": d.source.currentData(), "received_on": d.received_on.iso(),
        "dispute_types": [c for c, box in d.types.items() if box.isChecked()],
        "summary": d.summary.toPlainText().strip(),
        "applicants": d.applicants.doc(), "respondents": d.respondents.doc(),
        "claims": [{"item": r.item.text().strip(), "amount_fen": r.amount.fen() or 0}
                   for r in d.claims if r.filled],
    }
    if d.dispute_arose_on.iso():
        doc["dispute_arose_on"] = d.dispute_arose_on.iso()
    if d.worker_count.value():
        doc["worker_count"] = d.worker_count.value()
    if d.source.currentData() in REFERRAL_SOURCES and d.court_case_no.text().strip():
        doc["court_case_no"] = d.court_case_no.text().strip()
    if d.ongoing.currentIndex() == ONGOING:
        doc["employment_ongoing"] = True
    elif d.ongoing.currentIndex() == ENDED and d.ended_on.iso():
        doc["employment_ended_on"] = d.ended_on.iso()
    flags = [c for c, box in d.flags.items() if box.isChecked()]
    if flags:
        doc["flags"] = flags
    return doc


def draft_path(root: Path, login: str) -> Path:
    """Where a user's unfinished intake is kept (inside the station's folder)."""
    safe = "".join(ch for ch in login if ch.isalnum() or ch in "-_") or "user"
    return root / "drafts" / f"intake-{safe}.json"

def state(d: IntakeDialog) -> dict[str, Any]:
    """Everything typed, as typed."""
    return {
        "source": d.source.currentData(), "received_on": d.received_on.iso(),
        "dispute_arose_on": d.dispute_arose_on.iso(),
        "court_case_no": d.court_case_no.text(),
        "types": [c for c, box in d.types.items() if box.isChecked()],
        "summary": d.summary.toPlainText(),
        "applicants": d.applicants.state(), "respondents": d.respondents.state(),
        "workers": d.applicants.workers_state(),
        "claims": [{"item": r.item.text(), "amount": r.amount.edit.text()}
                   for r in d.claims],
        "worker_count": d.worker_count.value(), "employment": d.ongoing.currentIndex(),
        "ended_on": d.ended_on.iso(),
        "flags": [c for c, box in d.flags.items() if box.isChecked()],
    }

def is_blank(d: IntakeDialog) -> bool:
    """True when nothing worth keeping was typed."""
    s = d.state()
    return not (s["summary"].strip() or s["types"] or s["court_case_no"] or s["workers"]
                or any(p["name"] or p["number"] for p in s["applicants"] + s["respondents"])
                or any(c["item"] or c["amount"] for c in s["claims"]))

def save(d: IntakeDialog) -> None:
    """Keep what was typed (written atomically; an empty form removes the draft)."""
    d._draft_timer.stop()
    try:
        if is_blank(d):
            d.draft_file.unlink(missing_ok=True)
            return
        d.draft_file.parent.mkdir(parents=True, exist_ok=True)
        partial = d.draft_file.with_suffix(".part")
        partial.write_text(json.dumps(state(d), ensure_ascii=False), encoding="utf-8")
        os.replace(partial, d.draft_file)
    except OSError as exc:
        log.warning("intake draft not saved: %s", exc)
        d.message.show_error(QCoreApplication.translate(
            "IntakeDialog", "草稿无法保存（{why}），关闭窗口前请先登记。").format(
                why=os_error_reason(exc)))

def restore(d: IntakeDialog) -> bool:
    """Fill the form from the kept draft, if there is one.

    Any JSON is tolerated: what fits the form is restored and the rest skipped.  A draft
    of which nothing fits is moved aside (``.bad``) and the user told, once."""
    try:
        text = d.draft_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    except (OSError, ValueError) as exc:
        log.warning("intake draft unreadable: %s", exc)
        why = (os_error_reason(exc, reading=True) if isinstance(exc, OSError)
               else QCoreApplication.translate("IntakeDialog", "不是文本文件"))
        d._notice(QCoreApplication.translate(
            "IntakeDialog", "上次未登记的草稿无法读取（{why}），本次从空白开始。").format(why=why),
            warning=True)
        return False
    try:
        s = json.loads(text)
    except ValueError:
        s = None
    taken, skipped = _apply(d, s) if isinstance(s, dict) else (0, 1)
    if not taken:
        _set_aside(d)
        return False
    d._notice(QCoreApplication.translate(
        "IntakeDialog", "已恢复上次未登记的内容，其中有无法读取的部分已略过。不需要时点“清空”。")
        if skipped else QCoreApplication.translate(
            "IntakeDialog", "已恢复上次未登记的内容。不需要时点“清空”。"),
        warning=bool(skipped))
    return True

def _apply(d: IntakeDialog, s: dict[str, Any]) -> tuple[int, int]:
    """Fill the form from a draft's values of the right shape: (taken, skipped)."""
    seen: list[tuple[bool, bool]] = []  # (taken, present) per field

    def take(ok: bool, key: str, *more: str) -> None:
        seen.append((ok, any(s.get(k) not in (None, "", [], 0) for k in (key, *more))))

    take(_set_choice(d.source, s.get("source")), "source")
    for edit, key in ((d.received_on, "received_on"),
                      (d.dispute_arose_on, "dispute_arose_on"),
                      (d.ended_on, "ended_on")):
        if (day := _day(s.get(key))) is not None:
            edit.set_day(day)
        take(day is not None, key)
    if court_case_no := _text(s.get("court_case_no")):
        d.court_case_no.setText(court_case_no)
    take(bool(court_case_no), "court_case_no")
    if summary := _text(s.get("summary")):
        d.summary.setPlainText(summary)
    take(bool(summary), "summary")
    for boxes, key in ((d.types, "types"), (d.flags, "flags")):
        codes = _codes(s.get(key), boxes)
        for code, box in boxes.items():
            box.setChecked(code in codes)
        take(bool(codes), key)
    parties = d.applicants.set_state(s.get("applicants"), s.get("workers"))
    parties += d.respondents.set_state(s.get("respondents"))
    take(parties > 0, "applicants", "respondents", "workers")
    d._clear_claims()
    claims = s.get("claims")
    for claim in claims if isinstance(claims, list) else []:
        if isinstance(claim, dict):
            d.add_claim(_text(claim.get("item")), _text(claim.get("amount")))
    if not d.claims:
        d.add_claim()
    take(any(r.filled for r in d.claims), "claims")
    if (workers := _whole(s.get("worker_count"), MAX_WORKERS)) is not None:
        d.worker_count.setValue(workers)
    take(bool(workers), "worker_count")
    if (employment := _whole(s.get("employment"), ENDED)) is not None:
        d.ongoing.setCurrentIndex(employment)
    take(bool(employment), "employment")
    return (sum(1 for ok, _ in seen if ok),
            sum(1 for ok, present in seen if present and not ok))

def _set_aside(d: IntakeDialog) -> None:
    """Move an unreadable draft out of the way (kept for whoever supports the station)."""
    bad = d.draft_file.with_name(d.draft_file.name + ".bad")
    try:
        os.replace(d.draft_file, bad)
        log.warning("unreadable intake draft moved to %s", bad)
    except OSError as exc:
        log.warning("unreadable intake draft not moved aside: %s", exc)
    d._notice(QCoreApplication.translate(
        "IntakeDialog", "上次未登记的草稿无法读取，已另存为 {name}，本次从空白开始。").format(
            name=bad.name), warning=True)


def _set_choice(combo: QComboBox, code: Any) -> bool:
    index = combo.findData(code) if isinstance(code, str) else -1
    if index >= 0:
        combo.setCurrentIndex(index)
    return index >= 0


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _codes(value: Any, known: dict[str, Any]) -> set[str]:
    return {c for c in value if isinstance(c, str) and c in known} \
        if isinstance(value, list) else set()


def _whole(value: Any, high: int) -> int | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= high
    return value if ok else None
