"""The mediator roster (调解员名册) as far as case assignment needs it."""

from __future__ import annotations

from desktop.domain import validators
from desktop.domain.errors import ValidationError
from desktop.domain.records import Mediator
from desktop.services import auth
from desktop.services.auth import User
from desktop.services.station import Station
from desktop.storage import audit
from desktop.storage import station as station_repo
from desktop.storage.db import Database
from desktop.storage.rows import now

EMPLOYMENT = {"full_time": "专职", "part_time": "兼职"}


def add_mediator(station: Station, actor: User, name: str, *, employment: str = "part_time",
                 phone: str | None = None, certificate_no: str | None = None) -> int:
    """Put a mediator on the roster (administrators only); returns its key."""
    auth.authorize(station.store, actor, "manage_station")
    if not name or not name.strip() or len(name.strip()) > 30:
        raise ValidationError("姓名应为 1–30 字", "name must be 1-30 characters", "name")
    if employment not in EMPLOYMENT:
        raise ValidationError("应为专职或兼职",
                              "employment must be full_time or part_time", "employment")
    phone = validators.check_phone(phone, where="phone") if phone else None

    def add(db: Database) -> int:
        if station_repo.mediator_by_name(db, name.strip()):
            raise ValidationError(f"名册中已有“{name.strip()}”", "already on the roster", "name")
        pk = station_repo.insert_mediator(db, name=name.strip(), employment=employment,
                                          phone=phone, certificate_no=certificate_no, at=now())
        audit.append(db, actor.login, "roster.add", name.strip(), {"employment": employment})
        return pk

    return station.write(add)


def list_mediators(station: Station, actor: User) -> list[Mediator]:
    """The roster, by name."""
    auth.authorize(station.store, actor, "read")
    return station_repo.mediators(station.read())


def mediator_key(station: Station, actor: User, name: str) -> int:
    """The roster key of a mediator named ``name`` (for filtering the case list)."""
    auth.authorize(station.store, actor, "read")
    found = station_repo.mediator_by_name(station.read(), name)
    if found is None:
        raise ValidationError(f"调解员名册中没有“{name[:40]}”", "no such mediator on the roster",
                              "--mediator")
    return found.pk
