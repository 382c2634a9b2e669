"""What each lifecycle event may carry, checked before anything is written.

The fields each event accepts, and their checks, come from its entry in
:data:`desktop.domain.lifecycle.EVENTS`.  Every event may also give ``occurred_on``
(default: today) and a free-text ``note``/``notes``.  Events are recorded in the order
they happened: a date can be neither in the future nor before the case's latest event.
Unknown fields are refused, as in the case format, so a misspelt field is never lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from desktop.domain import fields as f
from desktop.domain.dates import parse_day
from desktop.domain.errors import ValidationError
from desktop.domain.lifecycle import EVENTS, CaseSnapshot, FieldSpec, expand_signers
from desktop.domain.text import key_name, shorten

COMMON: dict[str, FieldSpec] = {"note": FieldSpec(f.free_text()),
                                "notes": FieldSpec(f.free_text())}


def event_fields(event: str) -> dict[str, FieldSpec]:
    """Every field ``event`` accepts besides ``occurred_on``."""
    return {**COMMON, **EVENTS[event].fields}


def check_event_data(event: str, data: Any, *, today: date, not_before: date,
                     current_due: date | None = None,
                     deadlines: Mapping[str, date] | None = None,
                     snap: CaseSnapshot | None = None) -> dict[str, Any]:
    """Check and normalise the data of one event.

    Args:
        event: the event code (must exist; the lifecycle judges whether it is allowed).
        data: the JSON object given with the event.
        today: the current day.
        not_before: the date of the case's latest event (its receipt at the least).
        current_due: the mediation deadline in force (same as
            ``deadlines["mediation_due"]``; kept for older callers).
        deadlines: due days of the case's clocks by key, for checks that depend on them.
        snap: the case, so that a ``signer`` given as a side expands to its parties'
            keys (returned as ``signers``).

    Returns:
        The clean data: every given field normalised, defaults filled in,
        ``occurred_on`` as ``YYYY-MM-DD`` and, for ``sign``, ``signers`` (a list of keys).

    Raises:
        ValidationError: naming the field that is wrong.
    """
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise ValidationError("事件数据应为 JSON 对象", "event data must be a JSON object", "$")
    if event not in EVENTS:
        raise ValidationError(f"未知的事件“{shorten(event)}”", f"unknown event {shorten(event)}",
                              "event")
    specs = event_fields(event)
    extra = sorted(key_name(k) for k in set(data) - {"occurred_on", *specs})
    if extra:
        raise ValidationError(
            f"事件“{EVENTS[event].label}”不接受字段：{shorten(', '.join(extra))}",
            f"{event!r} does not take field(s): {shorten(', '.join(extra))}", extra[0])
    on = parse_day(data.get("occurred_on", today.isoformat()), "occurred_on", today=today)
    if on < not_before:
        raise ValidationError(f"事件日期早于本案上一事件的日期 {not_before.isoformat()}",
                              f"occurred_on is before the case's latest event "
                              f"({not_before.isoformat()})", "occurred_on")
    due = dict(deadlines or {})
    if current_due is not None:
        due.setdefault("mediation_due", current_due)
    ctx = f.FieldContext(on=on, today=today, deadlines=due)
    out: dict[str, Any] = {}
    for key, spec in specs.items():
        value = data.get(key)
        if value is None:
            if spec.required:
                raise ValidationError("必填项缺失", f"{key} is required", key)
            if spec.default is not None:
                out[key] = spec.default
            continue
        checked = spec.check(value, key, ctx)
        if checked is None and spec.required:  # judged after cleaning: "\u200b" is blank
            raise ValidationError("必填项缺失（或只有空白、不可见字符）",
                                  f"{key} is required (blank after cleaning)", key)
        if checked is not None:
            out[key] = checked
    if event == "sign" and snap is not None:
        out["signers"] = expand_signers(snap, out["signer"])
    out["occurred_on"] = on.isoformat()
    return out
