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
    user = auth.login(station.db, *logins["mediator"])
    assert user.role == "mediator" and user.can("write") and not user.can("manage_users")
    with pytest.raises(AuthError) as err:
        auth.login(station.db, "mediator", "nope-nope-1")
    assert err.value.zh == "登录名或密码错误"
    with pytest.raises(AuthError) as unknown:
        auth.login(station.db, "nobody", "nope-nope-1")
    assert unknown.value.zh == err.value.zh  # no hint whether the login exists


def test_five_failures_lock_then_unlock_after_the_wait(station, logins):
    start = datetime(2026, 11, 22, 9, 0)
    for i in range(5):
        with pytest.raises(AuthError):
            auth.login(station.db, "mediator", "wrong-pass-1", clock=start + timedelta(seconds=i))
    with pytest.raises(AuthError) as err:
        auth.login(station.db, *logins["mediator"], clock=start + timedelta(minutes=1))
    assert "锁定" in err.value.zh
    user = auth.login(station.db, *logins["mediator"], clock=start + timedelta(minutes=16))
    assert user.login == "mediator"
    actions = [r[0] for r in station.db.execute("SELECT action FROM audit_log")]
    assert actions.count("user.login_failed") == 5 and "user.locked" in actions
    details = " ".join(r[0] for r in station.db.execute("SELECT detail FROM audit_log"))
    assert "wrong-pass-1" not in details  # passwords never reach the log


def test_success_resets_the_failure_count(station, logins):
    for _ in range(4):
        with pytest.raises(AuthError):
            auth.login(station.db, "mediator", "wrong-pass-1")
    auth.login(station.db, *logins["mediator"])
    for _ in range(4):
        with pytest.raises(AuthError):
            auth.login(station.db, "mediator", "wrong-pass-1")
    assert auth.login(station.db, *logins["mediator"]).login == "mediator"


def test_only_admin_adds_users_and_who_did_it_is_recorded(station, admin, mediator):
    with pytest.raises(PermissionDenied):
        auth.add_user(station.db, mediator, "newbie", "viewer", "pass-word-9")
    auth.add_user(station.db, admin, "newbie", "viewer", "pass-word-9", "新同事")
    row = station.db.execute("SELECT created_by, role FROM users WHERE login = 'newbie'"
                             ).fetchone()
    assert row == ("admin", "viewer")
    last = station.db.execute("SELECT actor, action, target FROM audit_log ORDER BY seq DESC "
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
        auth.add_user(station.db, admin, login, role, password)
    assert err.value.where == where
