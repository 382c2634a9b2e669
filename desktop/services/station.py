"""Setting up and opening a station."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from desktop import resources
from desktop.domain import numbering, vocab
from desktop.domain.calendar import HolidayCalendar
from desktop.domain.dates import parse_day
from desktop.domain.errors import InputError, ValidationError
from desktop.paths import Paths
from desktop.services import auth
from desktop.storage import audit
from desktop.storage import db as storage_db
from desktop.storage import station as station_repo
from desktop.storage.db import Database
from desktop.storage.rows import new_id, now

log = logging.getLogger(__name__)

ENV_TODAY = "TIAOJIE_TODAY"


class NoStation(InputError):
    """The data folder holds no set-up station yet."""


@dataclass
class Station:
    """An open station: its data folder, database and holiday calendar."""

    paths: Paths
    db: Database
    org: dict[str, Any]
    today_override: date | None = field(default=None)

    @cached_property
    def calendar(self) -> HolidayCalendar:
        """Bundled holiday data plus the station's own files."""
        return resources.load_holiday_calendar(self.paths.holidays)

    @property
    def station_id(self) -> str:
        """The owning-station id stamped on every record."""
        return self.org["station_id"]

    def today(self) -> date:
        """The current day (tests and demos may pin it)."""
        return self.today_override or date.today()

    def close(self) -> None:
        """Close the database."""
        self.db.close()


def find_station(paths: Paths) -> Station | None:
    """The station in this data folder, opened, or None if there is none yet."""
    try:
        return open_station(paths)
    except NoStation:
        return None


def open_station(paths: Paths) -> Station:
    """Open an existing station (migrating its database if needed).

    Raises:
        InputError: there is no station in that folder yet.
    """
    if not paths.database.exists():
        raise NoStation(f"数据目录 {paths.root} 中没有工作站，请先运行 tiaojie init 或 "
                         "tiaojie demo", f"no station in {paths.root}; run "
                         "`tiaojie init` or `tiaojie demo` first")
    db = storage_db.open_database(paths.database)
    org = station_repo.organisation(db)
    if org is None:
        db.close()
        raise NoStation("工作站尚未设置，请运行 tiaojie init",
                         "station not set up; run `tiaojie init`")
    return Station(paths.ensure(), db, org, pinned_today())


def pinned_today() -> date | None:
    """``TIAOJIE_TODAY`` pins the current day (tests, training sessions)."""
    value = os.environ.get(ENV_TODAY)
    return parse_day(value, ENV_TODAY) if value else None


def init_station(paths: Paths, *, name: str, short_name: str, org_type: str,
                 admin_login: str, admin_password: str, division_code: str | None = None,
                 case_no_pattern: str = numbering.DEFAULT_PATTERN,
                 is_demo: bool = False) -> Station:
    """Create a station with its first administrator.

    Raises:
        ValidationError: a field is wrong; nothing is written.
        InputError: the folder already holds a station.
    """
    vocab.check_code(vocab.ORG_TYPES, org_type, "org_type", "组织类型")
    for value, key, limit in ((name, "name", 60), (short_name, "short_name", 20)):
        if not value or not value.strip() or len(value) > limit:
            raise ValidationError(f"应为 1–{limit} 字", f"{key} must be 1-{limit} characters",
                                  key)
    numbering.check_pattern(case_no_pattern)
    if division_code is not None and not (len(division_code) == 6 and division_code.isdigit()):
        raise ValidationError("行政区划代码应为6位数字", "division_code must be 6 digits",
                              "division_code")
    password_hash = auth.hash_password(auth.check_new_password(admin_password))
    auth.check_login_name(admin_login)
    paths.ensure()
    db = storage_db.open_database(paths.database)
    if station_repo.organisation(db) is not None:
        db.close()
        raise InputError(f"数据目录 {paths.root} 中已有工作站",
                         f"{paths.root} already holds a station")
    at = now()
    station_id = new_id()
    with storage_db.write_transaction(db):
        station_repo.insert_organisation(db, {
            "id": station_id, "station_id": station_id, "name": name.strip(),
            "short_name": short_name.strip(), "org_type": org_type,
            "division_code": division_code, "case_no_pattern": case_no_pattern,
            "is_demo": int(is_demo), "created_at": at, "updated_at": at})
        auth.insert_account(db, admin_login, "admin", password_hash, actor="setup", at=at)
        audit.append(db, "setup", "station.init", station_id,
                     {"name": name, "org_type": org_type, "admin": admin_login})
    log.info("station %s set up in %s", station_id, paths.root)
    return Station(paths, db, station_repo.organisation(db) or {}, pinned_today())
