"""Setting up and opening a station.

Opening does no hidden heavy work: it checks that the file is a station database,
migrates it (with a copy first), notices a folder copied from elsewhere, loads the
holiday calendar (problems reported, never fatal) and removes leftovers of an
interrupted attach.  Rebuilding the search index is an explicit operation
(:func:`desktop.services.maintenance.reindex`).
"""

from __future__ import annotations

import logging
import os
import platform
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from desktop import resources
from desktop.domain import numbering, validators, vocab
from desktop.domain.calendar import HolidayCalendar
from desktop.domain.dates import parse_day
from desktop.domain.errors import EnvironmentProblem, InputError, ValidationError
from desktop.paths import Paths
from desktop.services import auth
from desktop.storage import audit, search
from desktop.storage import cases as case_repo
from desktop.storage import station as station_repo
from desktop.storage.db import Database, translated
from desktop.storage.rows import new_uid, now
from desktop.storage.writer import StationStore

log = logging.getLogger(__name__)

ENV_TODAY = "TIAOJIE_TODAY"
CALENDAR_SETTING = "calendar_fingerprint"
# 调解期限起算: from receipt (LDMAL 14) or, for an enterprise committee, from acceptance
# (17号令) — a station setting (DOMAIN.md §7.12).
MEDIATION_BASIS = {"received": "自收到申请之日起", "accepted": "自受理之日起"}
T = TypeVar("T")

__all__ = ["Station", "NoStation", "StationCopied", "ClockWarning", "open_station",
           "find_station", "init_station", "pinned_today", "parse_day"]


class NoStation(InputError):
    """The data folder holds no set-up station yet."""


class StationCopied(EnvironmentProblem):
    """The station's files were copied or moved here from another folder or computer."""


@dataclass(frozen=True)
class ClockWarning:
    """The computer's date is before a day the station has already recorded: a dead CMOS
    battery or a clock set back would date new cases and events wrongly (a case registered
    on 2010-01-01 would be numbered 〔2010〕第1号).  Said, never refused: the date may have been
    put right after a clock that ran ahead."""

    today: date
    latest: date

    @property
    def zh(self) -> str:
        """The warning in Chinese."""
        return (f"电脑日期（{self.today.isoformat()}）早于本站已记录的最近日期"
                f"（{self.latest.isoformat()}），请先核对电脑的日期和时间")

    @property
    def en(self) -> str:
        """The warning in English."""
        return (f"the computer's date ({self.today.isoformat()}) is before the latest day "
                f"recorded at this station ({self.latest.isoformat()}); check the "
                "computer's date and time")

    def line(self) -> str:
        """One line: Chinese / English."""
        return f"{self.zh} / {self.en}"


@dataclass
class Station:
    """An open station: its data folder, its store (one writer, readers), its calendar."""

    paths: Paths
    store: StationStore
    org: dict[str, Any]
    today_override: date | None = None
    calendar_problems: list[str] = field(default_factory=list)
    clock_warning: ClockWarning | None = None  # set when the station opens
    moved_from: str | None = None
    holidays: resources.CalendarLoad | None = None

    @property
    def calendar(self) -> HolidayCalendar:
        """Bundled holiday data plus the station's own files (read once, at opening)."""
        if self.holidays is None:
            self.holidays = resources.load_calendar(self.paths.holidays)
            self.calendar_problems = [p.line() for p in self.holidays.problems]
        return self.holidays.calendar

    @property
    def calendar_fingerprint(self) -> str:
        """The digest of the holiday documents in force."""
        _ = self.calendar
        assert self.holidays is not None
        return self.holidays.fingerprint

    @property
    def station_id(self) -> str:
        """The station's global id."""
        return self.org["station_id"]

    @property
    def mediation_basis(self) -> str:
        """What an enterprise committee's 15 days count from (DOMAIN.md §7)."""
        return self.org.get("mediation_basis") or "received"

    @property
    def is_demo(self) -> bool:
        """A demo or training station (its day may be pinned; its data is not real)."""
        return bool(self.org.get("is_demo"))

    def today(self) -> date:
        """The current day (a demo or training station may pin it)."""
        return self.today_override or date.today()

    def read(self) -> Database:
        """This thread's read-only connection."""
        return self.store.read()

    @contextmanager
    def snapshot(self) -> Iterator[Database]:
        """A consistent read of several queries."""
        with self.store.snapshot() as db:
            yield db

    def write(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn(db, ...)`` as one write transaction on the writer thread."""
        return self.store.write(fn, *args, **kwargs)

    def close(self) -> None:
        """Finish queued writes and close the database."""
        self.store.close()


def location_marker(paths: Paths) -> str:
    """Where this station's files live: computer name and folder."""
    return f"{platform.node()}|{paths.root.resolve()}"


def find_station(paths: Paths) -> Station | None:
    """The station in this data folder, opened, or None if there is none yet."""
    try:
        return open_station(paths)
    except NoStation:
        return None


def open_station(paths: Paths, *, accept_location: bool = False,
                 pending_adoption: bool = False) -> Station:
    """Open an existing station (migrating its database if needed).

    Args:
        paths: the data folder.
        accept_location: record this folder as the station's home without asking (tests,
            benchmarks); otherwise a folder copied from elsewhere is refused, because two
            copies in use would issue the same numbers.
        pending_adoption: open a moved or copied station anyway, recording nothing, so that
            an administrator can log in and confirm it with :func:`adopt_location`
            (``station.moved_from`` names the old place).

    Raises:
        NoStation: there is no station in that folder yet (nothing is created).
        EnvironmentProblem: the file is empty, foreign or damaged, or the folder was copied.
    """
    if not paths.database.is_file():
        raise NoStation(f"数据目录 {paths.root} 中没有工作站，请先运行 tiaojie init 或 "
                        "tiaojie demo", f"no station in {paths.root}; run "
                        "`tiaojie init` or `tiaojie demo` first")
    if paths.database.stat().st_size == 0:
        raise EnvironmentProblem(
            f"数据库文件 {paths.database} 是空的，不是有效的工作站。请从备份恢复，"
            "或移走该文件后重新设置", f"{paths.database} is empty: not a station")
    store = StationStore(paths.database)
    try:
        with translated():  # a damaged page met by opening's reads is the file's fault
            return _opened(store, paths, accept_location, pending_adoption)
    except BaseException:
        store.close()
        raise


def _opened(store: StationStore, paths: Paths, accept_location: bool,
            pending_adoption: bool) -> Station:
    """The station of an opened store: its record, location, day and calendar checked."""
    store.open()
    org = station_repo.organisation(store.read())
    if org is None:
        raise EnvironmentProblem(
            "数据库中没有工作站信息（文件不完整或不是调解台数据库）。请从备份恢复",
            "the database holds no station record (incomplete or foreign file)")
    moved_from = None
    if pending_adoption and org.get("location") not in (None, location_marker(paths)):
        moved_from = org["location"]
    else:
        org = _check_location(store, org, paths, accept_location)
    org["mediation_basis"] = station_repo.setting(store.read(), "mediation_basis",
                                                  "received")
    station = Station(paths, store, org, None)
    station.moved_from = moved_from
    station.today_override = pinned_today(station)
    station.clock_warning = check_clock(station)
    _clean_leftovers(paths)
    _flush_read_audit(store, paths)
    current = station.calendar_fingerprint  # reads the holiday files, reports problems
    recorded = station_repo.setting(store.read(), CALENDAR_SETTING)
    if recorded is not None and recorded != current:
        station.calendar_problems.append(
            "节假日数据已更新，已登记案件的期限需要重新计算：请运行 tiaojie station "
            "refresh-deadlines / the holiday calendar changed; run `tiaojie station "
            "refresh-deadlines` to recompute the stored deadlines")
        log.warning("holiday calendar changed since the deadlines were stored")
    return station


def check_clock(station: Station) -> ClockWarning | None:
    """A warning when today (the computer's date, or a demo's pinned day) is before the
    latest day the station recorded (its latest receipt day); None when the date is
    plausible."""
    try:
        with translated():
            latest = case_repo.latest_receipt(station.read())
    except EnvironmentProblem as exc:  # advice only: the read that needs the data reports it
        log.warning("clock check skipped: %s", exc.en)
        return None
    if latest is None or station.today() >= date.fromisoformat(latest):
        return None
    warning = ClockWarning(station.today(), date.fromisoformat(latest))
    log.warning("%s", warning.en)
    return warning


def _check_location(store: StationStore, org: dict[str, Any], paths: Paths,
                    accept: bool) -> dict[str, Any]:
    here = location_marker(paths)
    recorded = org.get("location")
    if recorded == here:
        return org
    if recorded is not None and not accept:
        where = recorded.split("|", 1)
        raise StationCopied(
            f"这个工作站原先在“{where[0]}”的 {where[-1]}，现在在 {paths.root}。"
            "若是搬迁或从备份恢复、原位置不再使用，请运行 tiaojie station adopt 确认；"
            "若是复制出来的副本，请不要使用它：两份同时使用会产生重复的案号",
            f"this station was last opened at {recorded}; it is now at {paths.root}. If it "
            "was moved or restored and the old copy is no longer used, run `tiaojie station "
            "adopt`; do not use a copy alongside the original (case numbers would repeat)")

    def record(db: Database) -> None:
        station_repo.set_location(db, org["id"], here)
        if recorded is not None:
            audit.append(db, "system", "station.adopt_location", None,
                         {"from": recorded, "to": here})

    store.write(record)
    return {**org, "location": here}


def adopt_location(station: Station, user: auth.User) -> str | None:
    """An administrator confirms that this folder is now the station's home (moved, or
    restored from a backup); audited under their login.  Returns the old place, if any."""
    auth.authorize(station.store, user, "manage_station")
    here, old = location_marker(station.paths), station.moved_from

    def record(db: Database) -> None:
        station_repo.set_location(db, station.org["id"], here)
        audit.append(db, user.login, "station.adopt_location", None,
                     {"from": old, "to": here})

    station.write(record)
    station.org["location"], station.moved_from = here, None
    return old


def _flush_read_audit(store: StationStore, paths: Paths) -> None:
    from desktop.services import read_audit  # it builds on the store, not on this module

    if read_audit.flush(store, paths):
        log.info("kept audit entries of reads written into the chain")


def _clean_leftovers(paths: Paths) -> None:
    from desktop.services import attachments  # attachments builds on this module

    for removed in attachments.clean_leftovers(paths):
        log.info("removed leftover %s", removed.path)


def pinned_today(station: Station | None = None) -> date | None:
    """``TIAOJIE_TODAY`` pins the current day, on demo and training stations only.

    Raises:
        ValidationError: the value is not a YYYY-MM-DD day, or the station holds real
            cases (a wrong day there would date real events wrongly).
    """
    value = os.environ.get(ENV_TODAY)
    if not value:
        return None
    day = parse_day(value, ENV_TODAY)
    if station is not None and not station.is_demo:
        raise ValidationError(
            f"{ENV_TODAY} 只能用于演示或培训工作站；正式工作站使用电脑的日期",
            f"{ENV_TODAY} may only be set for a demo or training station", ENV_TODAY)
    return day


ORG_TEXT_LIMITS = {"name": 60, "short_name": 20, "address": 100}


def check_org_fields(**fields: str | None) -> dict[str, str | None]:
    """Check the organisation's descriptive fields (name, short name, address, division code,
    phone) and return them normalised; ``None`` means "not given".

    Raises:
        ValidationError: naming the first wrong field.
    """
    checked: dict[str, str | None] = {}
    for key, value in fields.items():
        if value is None and key not in ("name", "short_name"):
            checked[key] = None
        elif key in ORG_TEXT_LIMITS:
            limit = ORG_TEXT_LIMITS[key]
            if not isinstance(value, str) or not value.strip() or len(value) > limit:
                raise ValidationError(f"应为 1–{limit} 字",
                                      f"{key} must be 1-{limit} characters", key)
            checked[key] = value.strip()
        elif key == "division_code":
            if not (isinstance(value, str) and len(value) == 6 and value.isdigit()):
                raise ValidationError("行政区划代码应为6位数字",
                                      "division_code must be 6 digits", key)
            checked[key] = value
        elif key == "phone":
            checked[key] = validators.check_phone(value or "", where=key)
        else:
            raise ValueError(f"not an organisation field: {key}")
    return checked


def init_station(paths: Paths, *, name: str, short_name: str, org_type: str,
                 admin_login: str, admin_password: str, division_code: str | None = None,
                 case_no_pattern: str = numbering.DEFAULT_PATTERN,
                 is_demo: bool = False) -> Station:
    """Create a station with its first administrator.

    Raises:
        ValidationError: a field is wrong; nothing is written.
        InputError: the folder already holds a station.
        EnvironmentProblem: the folder holds a file that is not a station database.
    """
    vocab.check_code(vocab.ORG_TYPES, org_type, "org_type", "组织类型")
    check_org_fields(name=name, short_name=short_name, division_code=division_code)
    numbering.check_pattern(case_no_pattern)
    password_hash = auth.hash_password(auth.check_new_password(admin_password))
    auth.check_login_name(admin_login)
    paths.ensure()
    store = StationStore(paths.database)
    try:
        store.open()
        station_id = new_uid()

        def create(db: Database) -> dict[str, Any]:
            if station_repo.organisation(db) is not None:
                raise InputError(f"数据目录 {paths.root} 中已有工作站",
                                 f"{paths.root} already holds a station")
            at = now()
            station_repo.insert_organisation(db, {
                "id": station_id, "station_id": station_id, "name": name.strip(),
                "short_name": short_name.strip(), "org_type": org_type,
                "division_code": division_code, "case_no_pattern": case_no_pattern,
                "is_demo": int(is_demo), "location": location_marker(paths),
                "created_at": at, "updated_at": at})
            search.mark_current(db)
            station_repo.put_setting(db, CALENDAR_SETTING,
                                     resources.load_calendar(paths.holidays).fingerprint)
            auth.insert_account(db, admin_login, "admin", password_hash, actor="setup", at=at)
            audit.append(db, "setup", "station.init", station_id,
                         {"name": name, "org_type": org_type, "admin": admin_login})
            return station_repo.organisation(db) or {}

        org = store.write(create)
    except BaseException:
        store.close()
        raise
    log.info("station %s set up in %s", station_id, paths.root)
    station = Station(paths, store, org)
    station.today_override = pinned_today(station) if is_demo else None
    return station
