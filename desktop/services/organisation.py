"""The organisation's own record as its administrator keeps it (名称、地址、电话…).

The short name and the case-number pattern are not editable here: case numbers already
issued carry them, and a changed pattern would break their sequence.  The documents print
the name, address and phone from this record.
"""

from __future__ import annotations

from typing import Any

from desktop.services import auth
from desktop.services.auth import User
from desktop.services.station import Station, check_org_fields
from desktop.storage import audit
from desktop.storage import station as station_repo
from desktop.storage.db import Database
from desktop.storage.rows import now

EDITABLE = ("name", "address", "phone", "division_code")


def update_organisation(station: Station, actor: User, **changes: str | None) -> dict[str, Any]:
    """Change the organisation's name, address, phone or division code (administrators).

    Empty address, phone or division code clear the field.  Returns the fields that changed
    (audited with their old and new values).

    Raises:
        PermissionDenied: not an administrator.
        ValidationError: a field is wrong; nothing is written.
    """
    auth.authorize(station.store, actor, "manage_station")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    cleaned = {key: (value.strip() or None) if isinstance(value, str) and key != "name"
               else value for key, value in changes.items()}
    cleaned = check_org_fields(**cleaned)
    changed = {k: v for k, v in cleaned.items() if station.org.get(k) != v}
    if not changed:
        return {}

    def save(db: Database) -> None:
        station_repo.update_organisation(db, station.org["id"], {**changed, "updated_at": now()})
        audit.append(db, actor.login, "station.update", None,
                     {key: {"from": station.org.get(key), "to": value}
                      for key, value in changed.items()})

    station.write(save)
    station.org.update(changed)
    return changed
