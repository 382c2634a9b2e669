"""The station record (organisation), local settings and user accounts."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from desktop.storage.rows import fetch, insert, update


def organisation(db: sqlite_utils.Database) -> dict[str, Any] | None:
    """The station's own organisation record, or None before set-up."""
    rows = fetch(db, "SELECT * FROM organisation WHERE deleted = 0 LIMIT 1")
    return rows[0] if rows else None


def insert_organisation(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    """Create the station record (once, at set-up)."""
    insert(db, "organisation", row)


def update_organisation(db: sqlite_utils.Database, org_id: str, changes: dict[str, Any]) -> None:
    """Change station fields (name, pattern, ...)."""
    update(db, "organisation", org_id, changes)


def user(db: sqlite_utils.Database, login: str) -> dict[str, Any] | None:
    """A user account by login name."""
    rows = fetch(db, "SELECT * FROM users WHERE login = ?", [login])
    return rows[0] if rows else None


def users(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """All accounts, without their password hashes."""
    return fetch(db, "SELECT login, display_name, role, active, locked_until, created_at, "
                         "created_by FROM users ORDER BY login")


def insert_user(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    """Create an account."""
    insert(db, "users", row)


def update_user(db: sqlite_utils.Database, login: str, changes: dict[str, Any]) -> None:
    """Change an account (users are local to the station and do not sync)."""
    sets = ", ".join(f"{c} = ?" for c in changes)
    db.execute(f"UPDATE users SET {sets} WHERE login = ?", [*changes.values(), login])


def insert_mediator(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    """Add a mediator to the roster."""
    insert(db, "mediators", row)


def mediators(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """The roster."""
    return fetch(db, "SELECT id, name, phone, employment, certificate_no, user_id, active "
                         "FROM mediators WHERE deleted = 0 ORDER BY name")


def setting(db: sqlite_utils.Database, key: str, default: str | None = None) -> str | None:
    """A local setting."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def put_setting(db: sqlite_utils.Database, key: str, value: str) -> None:
    """Set a local setting."""
    db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
               "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])


def change_log_since(db: sqlite_utils.Database, seq: int, limit: int = 1000) -> list[dict]:
    """Outbox entries after ``seq`` (what sync will send)."""
    return fetch(db, "SELECT * FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?",
                         [seq, limit])


def mediator_by_name(db: sqlite_utils.Database, name: str) -> dict[str, Any] | None:
    """An active mediator on the roster by name."""
    rows = fetch(db, "SELECT id, name FROM mediators WHERE name = ? AND active = 1 AND "
                         "deleted = 0 LIMIT 1", [name])
    return rows[0] if rows else None
