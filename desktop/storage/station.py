"""The station record (organisation), local settings and user accounts."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from desktop.domain.records import Mediator
from desktop.storage.rows import fetch, insert, new_uid


def organisation(db: sqlite_utils.Database) -> dict[str, Any] | None:
    """The station's own organisation record, or None before set-up."""
    rows = fetch(db, "SELECT * FROM organisation WHERE deleted = 0 LIMIT 1")
    return rows[0] if rows else None


def insert_organisation(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    """Create the station record (once, at set-up)."""
    insert(db, "organisation", row)


def update_organisation(db: sqlite_utils.Database, org_id: str,
                        changes: dict[str, Any]) -> None:
    """Change the organisation's descriptive fields (captured for sync by its triggers)."""
    sets = ", ".join(f"{c} = ?" for c in changes)
    db.execute(f"UPDATE organisation SET {sets} WHERE id = ?", [*changes.values(), org_id])


def set_location(db: sqlite_utils.Database, org_id: str, location: str) -> None:
    """Record where the station's files live (a copied folder is told apart by this)."""
    db.execute("UPDATE organisation SET location = ? WHERE id = ?", [location, org_id])


def user(db: sqlite_utils.Database, login: str) -> dict[str, Any] | None:
    """A user account by login name."""
    rows = fetch(db, "SELECT * FROM users WHERE login = ?", [login])
    return rows[0] if rows else None


def users(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """All accounts, without their password hashes."""
    return fetch(db, "SELECT login, display_name, role, active, locked_until, created_at, "
                         "created_by FROM users ORDER BY login")


def active_admins(db: sqlite_utils.Database) -> int:
    """How many accounts can log in as administrators."""
    return int(db.execute("SELECT count(*) FROM users WHERE role = 'admin' AND active = 1")
               .fetchone()[0])


def insert_user(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    """Create an account."""
    insert(db, "users", row)


def update_user(db: sqlite_utils.Database, login: str, changes: dict[str, Any]) -> None:
    """Change an account (users are local to the station and do not sync)."""
    sets = ", ".join(f"{c} = ?" for c in changes)
    db.execute(f"UPDATE users SET {sets} WHERE login = ?", [*changes.values(), login])


def insert_mediator(db: sqlite_utils.Database, *, name: str, employment: str,
                    phone: str | None, certificate_no: str | None, at: str) -> int:
    """Add a mediator to the roster; returns its key."""
    return insert(db, "mediators", {"uid": new_uid(), "name": name, "employment": employment,
                                    "phone": phone, "certificate_no": certificate_no,
                                    "updated_at": at})


def update_mediator(db: sqlite_utils.Database, pk: int, changes: dict[str, Any]) -> None:
    """Change a roster entry (the change is captured for sync by the table's triggers)."""
    sets = ", ".join(f"{c} = ?" for c in changes)
    db.execute(f"UPDATE mediators SET {sets} WHERE pk = ?", [*changes.values(), pk])


def mediators(db: sqlite_utils.Database) -> list[Mediator]:
    """The roster, by name."""
    return [Mediator(pk, uid, name, employment, bool(active), phone, cert)
            for pk, uid, name, employment, active, phone, cert in db.execute(
                "SELECT pk, uid, name, employment, active, phone, certificate_no "
                "FROM mediators WHERE deleted = 0 ORDER BY name")]


def mediator_by_name(db: sqlite_utils.Database, name: str) -> Mediator | None:
    """An active mediator on the roster by name."""
    row = db.execute("SELECT pk, uid, name, employment, active, phone, certificate_no "
                     "FROM mediators WHERE name = ? AND active = 1 AND deleted = 0 LIMIT 1",
                     [name]).fetchone()
    if row is None:
        return None
    pk, uid, found, employment, active, phone, cert = row
    return Mediator(pk, uid, found, employment, bool(active), phone, cert)


def setting(db: sqlite_utils.Database, key: str, default: str | None = None) -> str | None:
    """A local setting."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def put_setting(db: sqlite_utils.Database, key: str, value: str) -> None:
    """Set a local setting."""
    db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
               "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])
