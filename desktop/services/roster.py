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


def _check_name(name: str) -> str:
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > 30:
        raise ValidationError("姓名应为 1–30 字", "name must be 1-30 characters", "name")
    return name.strip()


def _check_employment(employment: str) -> None:
    if employment not in EMPLOYMENT:
        raise ValidationError("应为专职或兼职",
                              "employment must be full_time or part_time", "employment")


def add_mediator(station: Station, actor: User, name: str, *, employment: str = "part_time",
                 phone: str | None = None, certificate_no: str | None = None) -> int:
    """Put a mediator on the roster (administrators only); returns its key."""
    auth.authorize(station.store, actor, "manage_station")
    name = _check_name(name)
    _check_employment(employment)
    phone = validators.check_phone(phone, where="phone") if phone else None

    def add(db: Database) -> int:
        if station_repo.mediator_by_name(db, name):
            raise ValidationError(f"名册中已有“{name}”", "already on the roster", "name")
        pk = station_repo.insert_mediator(db, name=name, employment=employment,
                                          phone=phone, certificate_no=certificate_no, at=now())
        audit.append(db, actor.login, "roster.add", name, {"employment": employment})
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


def update_mediator(station: Station, actor: User, pk: int, *, name: str | None = None,
                    employment: str | None = None, phone: str | None = None,
                    certificate_no: str | None = None, active: bool | None = None) -> None:
    """Correct a mediator's entry or take them off (or back on) the active roster
    (administrators only).  An inactive mediator keeps their cases but is not offered for
    new assignments.  Empty phone or certificate number clear the field.

    Raises:
        PermissionDenied: not an administrator.
        ValidationError: a field is wrong, the name is taken, or no such mediator.
    """
    auth.authorize(station.store, actor, "manage_station")
    changes: dict[str, object] = {}
    if name is not None:
        name = _check_name(name)
        changes["name"] = name
    if employment is not None:
        _check_employment(employment)
        changes["employment"] = employment
    if phone is not None:
        changes["phone"] = validators.check_phone(phone, where="phone") if phone.strip() else None
    if certificate_no is not None:
        changes["certificate_no"] = certificate_no.strip()[:40] or None
    if active is not None:
        changes["active"] = int(active)

    def save(db: Database) -> None:
        current = {m.pk: m for m in station_repo.mediators(db)}.get(pk)
        if current is None:
            raise ValidationError("名册中没有这位调解员", "no such mediator", "mediator")
        if name is not None and name != current.name:
            other = station_repo.mediator_by_name(db, name)
            if other is not None and other.pk != pk:
                raise ValidationError(f"名册中已有“{name}”", "already on the roster", "name")
        station_repo.update_mediator(db, pk, {**changes, "updated_at": now()})
        audit.append(db, actor.login, "roster.change", current.name,
                     {k: v for k, v in changes.items() if k != "phone"})

    station.write(save)
