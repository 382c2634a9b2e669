"""Passwords, lockout and roles."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desktop.domain.errors import AuthError, PermissionDenied, ValidationError
from desktop.services import auth


def test_hash_is_scrypt_salted_and_verifies():
    one, two = auth.hash_password("correct horse 1"), auth.hash_password("correct horse 1")
    assert one.startswith("scrypt$") and one != two
    assert auth.verify_password("correct horse 1", one)
    assert not auth.verify_password("correct horse 2", one)
    assert not auth.verify_password("x", "garbage")


def test_login_and_wrong_password(station, logins):
    user = auth.login(station.store, *logins["mediator"])
    assert user.role == "mediator" and user.can("write") and not user.can("manage_users")
    with pytest.raises(AuthError) as err:
        auth.login(station.store, "mediator", "nope-nope-1")
    assert err.value.zh == "登录名或密码错误"
    with pytest.raises(AuthError) as unknown:
        auth.login(station.store, "nobody", "nope-nope-1")
    assert unknown.value.zh == err.value.zh  # no hint whether the login exists


def test_five_failures_lock_then_unlock_after_the_wait(station, logins):
    start = datetime(2026, 11, 22, 9, 0)
    for i in range(5):
        with pytest.raises(AuthError):
            auth.login(station.store, "mediator", "wrong-pass-1",
                       clock=start + timedelta(seconds=i))
    with pytest.raises(AuthError) as err:
        auth.login(station.store, *logins["mediator"], clock=start + timedelta(minutes=1))
    assert "锁定" in err.value.zh
    user = auth.login(station.store, *logins["mediator"], clock=start + timedelta(minutes=16))
    assert user.login == "mediator"
    actions = [r[0] for r in station.read().execute("SELECT action FROM audit_log")]
    assert actions.count("user.login_failed") == 5 and "user.locked" in actions
    # The attempt during the lock is refused and audited too.
    assert actions.count("user.login_locked") == 1
    details = " ".join(r[0] or "" for r in station.read().execute("SELECT detail FROM audit_log"))
    assert "wrong-pass-1" not in details  # passwords never reach the log


def test_success_resets_the_failure_count(station, logins):
    for _ in range(4):
        with pytest.raises(AuthError):
            auth.login(station.store, "mediator", "wrong-pass-1")
    auth.login(station.store, *logins["mediator"])
    for _ in range(4):
        with pytest.raises(AuthError):
            auth.login(station.store, "mediator", "wrong-pass-1")
    assert auth.login(station.store, *logins["mediator"]).login == "mediator"


def test_only_admin_adds_users_and_who_did_it_is_recorded(station, admin, mediator):
    with pytest.raises(PermissionDenied):
        auth.add_user(station.store, mediator, "newbie", "viewer", "pass-word-9")
    auth.add_user(station.store, admin, "newbie", "viewer", "pass-word-9", "新同事")
    row = station.read().execute("SELECT created_by, role FROM users WHERE login = 'newbie'"
                             ).fetchone()
    assert row == ("admin", "viewer")
    last = station.read().execute("SELECT actor, action, target FROM audit_log ORDER BY seq DESC "
                              "LIMIT 1").fetchone()
    assert last == ("admin", "user.add", "newbie")


@pytest.mark.parametrize("login, role, password, where", [
    ("Bad Name", "viewer", "pass-word-9", "login"),
    ("ok", "boss", "pass-word-9", "role"),
    ("ok", "viewer", "short1", "password"),
    ("ok", "viewer", "onlyletters", "password"),
    ("mediator", "viewer", "pass-word-9", "login"),
])
def test_bad_accounts_are_refused(station, admin, login, role, password, where):
    with pytest.raises(ValidationError) as err:
        auth.add_user(station.store, admin, login, role, password)
    assert err.value.where == where


GUESSER = r"""
import sys
from pathlib import Path
from desktop.paths import Paths
from desktop.services import auth
from desktop.services.station import open_station
station = open_station(Paths(Path(sys.argv[1])))
try:
    auth.login(station.store, "viewer", sys.argv[2])
except Exception as exc:
    print(type(exc).__name__)
"""


def test_parallel_guesses_are_all_counted(station, logins):
    import subprocess
    import sys

    root = str(station.paths.root)
    procs = [subprocess.Popen([sys.executable, "-c", GUESSER, root, f"guess-{i}-x"],
                              stdout=subprocess.PIPE, text=True) for i in range(8)]
    for proc in procs:
        assert proc.communicate(timeout=120)[0].strip() == "AuthError"
    with pytest.raises(AuthError) as err:
        auth.login(station.store, *logins["viewer"])
    assert "锁定" in err.value.zh
    actions = [r[0] for r in station.read().execute("SELECT action FROM audit_log")]
    # Five counted failures lock the account; the guesses after that meet the lock.
    assert actions.count("user.login_failed") == 5 and actions.count("user.locked") == 1


def test_system_actor_names_are_reserved(station, admin):
    for name in ("system", "setup"):
        with pytest.raises(ValidationError) as err:
            auth.add_user(station.store, admin, name, "admin", "pass-word-9")
        assert "保留" in err.value.zh


def test_undecodable_password_is_refused_not_crashed(station, admin):
    with pytest.raises(ValidationError):
        auth.add_user(station.store, admin, "newbie", "viewer", "pass\udcffword9")
    with pytest.raises(AuthError):
        auth.login(station.store, "mediator", "pass\udcffword9")


def test_refusals_are_audited(station, logins, viewer):
    """Unknown logins and denied actions leave an audit entry (who tried what)."""
    from desktop.domain.errors import PermissionDenied

    with pytest.raises(AuthError):
        auth.login(station.store, "nobody\x1b[2J", "whatever-1")
    with pytest.raises(PermissionDenied):
        auth.list_users(station.store, viewer)
    rows = station.read().execute("SELECT actor, action, target, detail FROM audit_log "
                                  "ORDER BY seq DESC LIMIT 2").fetchall()
    assert rows[1][1] == "user.login_unknown" and rows[1][2] == "nobody?[2J"
    assert rows[0][:2] == ("viewer", "access.denied") and "manage_users" in rows[0][3]


def test_successful_login_does_not_need_the_writer(station, logins):
    """A viewer can log in while another process holds the write lock."""
    import sqlite3

    other = sqlite3.connect(station.paths.database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        assert auth.login(station.store, *logins["viewer"]).role == "viewer"
    finally:
        other.execute("ROLLBACK")
        other.close()
