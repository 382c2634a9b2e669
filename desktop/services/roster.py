"""The mediator roster (调解员名册) as far as case assignment needs it."""

from __future__ import annotations

from typing import Any

from desktop.domain import validators
from desktop.domain.errors import ValidationError
from desktop.services.auth import User
from desktop.services.station import Station
from desktop.storage import audit
from desktop.storage import station as station_repo
from desktop.storage.db import write_transaction
from desktop.storage.rows import new_id, now

EMPLOYMENT = {"full_time": "专职", "part_time": "兼职"}


def add_mediator(station: Station, actor: User, name: str, *, employment: str = "part_time",
                 phone: str | None = None, certificate_no: str | None = None) -> str:
    """Put a mediator on the roster (administrators only); returns the record id."""
    actor.require("manage_station")
    if not name or not name.strip() or len(name.strip()) > 30:
        raise ValidationError("姓名应为 1–30 字", "name must be 1-30 characters", "name")
    if employment not in EMPLOYMENT:
        raise ValidationError("应为 full_time（专职）或 part_time（兼职）",
                              "employment must be full_time or part_time", "employment")
    phone = validators.check_phone(phone, where="phone") if phone else None
    mediator_id = new_id()
    with write_transaction(station.db):
        if station_repo.mediator_by_name(station.db, name.strip()):
            raise ValidationError(f"名册中已有“{name.strip()}”", "already on the roster", "name")
        station_repo.insert_mediator(station.db, {
            "id": mediator_id, "station_id": station.station_id, "name": name.strip(),
            "phone": phone, "employment": employment, "certificate_no": certificate_no,
            "updated_at": now()})
        audit.append(station.db, actor.login, "roster.add", name.strip(),
                     {"employment": employment})
    return mediator_id


def list_mediators(station: Station, actor: User) -> list[dict[str, Any]]:
    """The roster, by name."""
    actor.require("read")
    return station_repo.mediators(station.db)
