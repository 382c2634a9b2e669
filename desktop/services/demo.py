"""Build a demo station: sample organisation, logins, roster and cases in every state.

The cases go through the real write path (validation, numbering, audit, change
log) in batches, and each one is walked along a lifecycle path that fits its
age, so the dashboard shows clocks that are met, running and overdue.
"""

from __future__ import annotations

import functools
import itertools
import multiprocessing
import os
import random
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from desktop import resources
from desktop.domain.calendar import HolidayCalendar
from desktop.domain.case_format import CaseDraft, parse_case
from desktop.domain.lifecycle import OWN_PROCEDURE_SOURCES
from desktop.domain.records import Mediator
from desktop.paths import Paths
from desktop.services import auth, history, imports, roster, runner
from desktop.services.auth import User
from desktop.services.demo_data import case_document, person_name
from desktop.services.station import Station, init_station
from desktop.storage import station as station_repo

DEMO_LOGINS = (("admin", "admin", "演示管理员", "demo-admin-2026"),
               ("mediator", "mediator", "演示调解员", "demo-mediator-2026"),
               ("viewer", "viewer", "演示只读用户", "demo-viewer-2026"))
BATCH = 500
POOL_FROM = 2000  # a second process pays off from here (it takes ~0.5 s to start)
Step = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class DemoResult:
    """What the demo made."""

    cases: int
    logins: tuple[tuple[str, str, str, str], ...]


def create_demo(paths: Paths, *, cases: int = 200, seed: int = 2026,
                today: date | None = None,
                progress: Callable[[int, int], None] | None = None) -> DemoResult:
    """Create a demo station with ``cases`` sample cases in ``paths``."""
    today = today or date.today()
    station = init_station(paths, name="历城区王舍人街道劳动人事争议调解中心",
                           short_name="王舍人街道", org_type="township_center",
                           admin_login="admin", admin_password=DEMO_LOGINS[0][3],
                           division_code="370112", is_demo=True)
    try:
        station.today_override = today
        admin = User("admin", "admin", "admin")
        for login, role, name, password in DEMO_LOGINS[1:]:
            auth.add_user(station.store, admin, login, role, password, display_name=name)
        _roster(station)
        from desktop.services import seal  # the documents stack: only when a demo is made

        seal.install_demo_seal(station, admin)
        _cases(station, cases, random.Random(seed), today, progress)
    finally:
        station.close()
    return DemoResult(cases, DEMO_LOGINS)


def _cases(station: Station, cases: int, rng: random.Random, today: date,
           progress: Callable[[int, int], None] | None) -> None:
    """Register the sample cases with their histories, a batch per transaction.

    Each batch is drawn from its own seeded generator, so a large demo draws the batches
    and judges their histories (parsing, event checks, clocks: pure domain work) in other
    processes, one per core, while the writer stores the batches already judged set-wise
    (threads would only queue for the interpreter lock: measured slower).
    """
    operator = User("mediator", "演示调解员", "mediator")
    received = sorted(_received(rng, today) for _ in range(cases))  # numbers follow dates
    seed = rng.random()
    rules = history.Rules.of(station)
    roster = {m.name: m for m in station_repo.mediators(station.read()) if m.active}
    jobs = [_Job(f"{seed}-{i}", received[start:start + BATCH], today, station.paths.holidays,
                 rules.mediation_basis, rules.today, rules.event_today, roster,
                 operator.login)
            for i, start in enumerate(range(0, cases, BATCH))]
    done = 0
    for batch in _judged(jobs, workers=_workers(cases)):
        runner.checkpoint()
        imports.store_replayed(station, batch, rules, operator)
        done += len(batch)
        runner.report(done, cases)
        if progress:
            progress(done, cases)


@dataclass(frozen=True)
class _Job:
    """One batch to draw and judge in another process (everything it needs, picklable)."""

    seed: str
    days: list[date]
    today: date
    holidays: Path
    mediation_basis: str
    rules_today: date
    event_today: date
    roster: dict[str, Mediator]
    actor: str


def _workers(cases: int) -> int:
    """Processes to judge batches in: none for a small demo (starting one takes ~0.5 s),
    else one per core (the writer's share of the work is the smaller one)."""
    return 0 if cases < POOL_FROM else max(1, min(os.cpu_count() or 1, 4))


def _judged(jobs: list[_Job], *, workers: int) -> Iterator[list[history.Replayed]]:
    """The judged batches in order, at most a few ahead of the writer."""
    if workers == 0:
        yield from map(_draw_batch, jobs)
        return
    # "spawn": forking a process whose writer and checkpoint threads hold locks can hang.
    with ProcessPoolExecutor(max_workers=workers,
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        pending: deque[Future[list[history.Replayed]]] = deque()
        queued = iter(jobs)
        try:
            for job in itertools.islice(queued, 2 * workers):
                pending.append(pool.submit(_draw_batch, job))
            while pending:
                batch = pending.popleft().result()
                for job in itertools.islice(queued, 1):
                    pending.append(pool.submit(_draw_batch, job))
                yield batch
        finally:
            for future in pending:
                future.cancel()


def _draw_batch(job: _Job) -> list[history.Replayed]:
    """Draw one batch of sample cases and judge their histories (no storage)."""
    cal = _calendar(job.holidays)
    rules = history.Rules(cal, job.mediation_basis, job.rules_today, job.event_today)
    rng = random.Random(job.seed)
    drafts = [parse_case(case_document(rng, day, job.today), today=job.today)
              for day in job.days]
    return [history.replay(d, _lawful(_path(rng, d.kind, d.received_on, job.today, cal), d),
                           job.actor, rules, job.roster.get)
            for d in drafts]


@functools.cache
def _calendar(holidays: Path) -> HolidayCalendar:
    """The station's holiday calendar, loaded once per process."""
    return resources.load_calendar(holidays).calendar


def _roster(station: Station) -> None:
    admin = User("admin", "admin", "admin")
    for name, employment in (("王建国", "full_time"), ("李秀英", "full_time"),
                             ("张立新", "part_time"), ("刘淑珍", "part_time")):
        roster.add_mediator(station, admin, name, employment=employment)


def _lawful(steps: Iterator[Step], draft: CaseDraft) -> Iterator[Step]:
    """Representatives sign a collective agreement with the workers' recorded authorisation;
    only the station's own agreements go to arbitration review (DOMAIN.md §7.1, §7.3)."""
    collective = "collective" in draft.flags
    for event, data in steps:
        if event == "review_filed" and draft.source not in OWN_PROCEDURE_SOURCES:
            continue
        if collective and event == "sign" and data.get("signer") == "applicant":
            yield "authorise_representatives", {
                "occurred_on": data["occurred_on"], "document": "全体劳动者签署的授权委托书"}
        yield event, data


def _received(rng: random.Random, today: date) -> date:
    """Mostly recent, with a long tail back over about two years."""
    age = int(rng.expovariate(1 / 120))
    return today - timedelta(days=min(age, 700))


def _path(rng: random.Random, kind: str, received: date, today: date,
          cal: HolidayCalendar) -> Iterator[Step]:
    """A plausible history for a case of this age (no event after ``today``)."""
    age = (today - received).days

    last = [received]

    def on(day: date) -> dict[str, Any]:
        """Events happen in order and never after today."""
        last[0] = min(max(day, last[0]), today)
        return {"occurred_on": last[0].isoformat()}

    if kind == "negotiation":
        yield from _negotiation(rng, received, today, on)
        return
    if age < 2 and rng.random() < 0.7:
        return
    accept_on = cal.add_working_days(received, rng.randint(1, 3))
    if rng.random() < 0.05:
        yield "refuse", {**on(accept_on), "reason": "不属于劳动人事争议调解受理范围"}
        return
    yield "accept", on(accept_on)
    yield "assign", {**on(accept_on), "mediator": rng.choice(("王建国", "李秀英"))}
    if age < 4:
        return
    yield "start", on(accept_on)
    session = {**on(accept_on + timedelta(days=1)), "place": "调解室",
               "notes": "双方陈述意见，调解员释法明理。"}
    still_mediating = age < 16 and rng.random() < 0.6
    if still_mediating:  # the next session set with the parties, today or within days
        held = date.fromisoformat(session["occurred_on"])
        session["next_on"] = (max(held, today)
                              + timedelta(days=received.toordinal() % 4)).isoformat()
    yield "session", session
    if still_mediating:
        return
    if age < 90 and rng.random() < 0.08:
        return  # past the 15 days without agreement: the dashboard shows it overdue
    outcome = rng.choices(("agree", "fail", "withdraw", "terminate"), (68, 18, 8, 6))[0]
    closed = received + timedelta(days=rng.randint(5, 14))
    if outcome == "fail":
        yield "fail", {**on(closed), "reason": "双方分歧较大"}
    elif outcome == "withdraw":
        yield "withdraw", on(closed)
    elif outcome == "terminate":
        yield "terminate", {**on(closed), "reason": "party_quit"}
    else:
        yield from _agreement(rng, closed, today, on)
        return
    if age > 60:
        yield "archive", on(closed + timedelta(days=30))


def _agreement(rng: random.Random, agreed: date, today: date,
               on: Callable[[date], dict[str, Any]]) -> Iterator[Step]:
    amount = rng.randrange(100_000, 5_000_000, 100)
    due = agreed + timedelta(days=rng.randint(7, 45))
    yield "agree", {**on(agreed), "terms": [
        {"item": "支付拖欠工资", "amount_fen": amount, "due_on": due.isoformat(),
         "method": "银行转账", "payer": "被申请人", "payee": "申请人"}],
        "waiver": "双方就本争议再无其他争议"}
    if (today - agreed).days < 1 and rng.random() < 0.5:
        return  # signatures still being collected
    for signer in ("applicant", "respondent", "mediator", "org_seal"):
        yield "sign", {**on(agreed), "signer": signer}
    yield "perform", on(agreed)
    if rng.random() < 0.3:
        yield "review_filed", on(agreed + timedelta(days=rng.randint(2, 14)))
    if today < due:
        return
    result = rng.choices(("performed", "partly_performed", "not_performed"), (80, 12, 8))[0]
    if result != "performed":
        due += timedelta(days=1)  # a default is known only once the due day has passed
        if today < due:
            return
    yield result, on(due)
    yield "follow_up", {**on(due + timedelta(days=3)), "visitor": person_name(rng),
                                 "performance": result}
    if (today - due).days > 45:
        yield "archive", on(due + timedelta(days=30))


def _negotiation(rng: random.Random, received: date, today: date,
                 on: Callable[[date], dict[str, Any]]) -> Iterator[Step]:
    if (today - received).days < 5:
        return
    if rng.random() < 0.2:
        yield "negotiation_decline", on(received + timedelta(days=3))
        return
    yield "negotiation_accept", on(received + timedelta(days=2))
    if (today - received).days < 12:
        return
    settled = received + timedelta(days=10)
    yield "settle", {**on(settled), "terms": [
        {"item": "支付工资差额", "amount_fen": rng.randrange(50_000, 2_000_000, 100),
         "due_on": (settled + timedelta(days=10)).isoformat(), "method": "现金"}]}
    for signer in ("applicant", "respondent"):
        yield "sign", {**on(settled), "signer": signer}
    if (today - settled).days > 40:
        yield "archive", {**on(settled + timedelta(days=30)),
                                   "applicant_consent": True, "respondent_consent": True}
