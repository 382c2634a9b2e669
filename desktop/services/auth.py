"""Accounts, passwords and roles.

Passwords are hashed with scrypt (memory-hard; cryptography's implementation)
and a per-account random salt.  Five wrong passwords in a row lock the account
for a while.  Every change to an account is audited with who made it; no
password or hash is ever logged.
"""

from __future__ import annotations

import base64
import functools
import logging
import os
import re
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from desktop.domain import vocab
from desktop.domain.errors import AuthError, PermissionDenied, ValidationError
from desktop.storage import audit
from desktop.storage import station as station_repo
from desktop.storage.db import Database
from desktop.storage.rows import new_uid, now
from desktop.storage.writer import StationStore

log = logging.getLogger(__name__)

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1  # ~32 MiB, ~0.1 s on an old PC
MAX_ATTEMPTS = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8
RESERVED_LOGINS = frozenset({"setup", "system", "root", "county"})  # actors in the audit log

# What each role may do.  Reading cases shows personal data, so viewers log in too.
PERMISSIONS: dict[str, set[str]] = {
    "admin": {"read", "write", "manage_users", "manage_station"},
    "mediator": {"read", "write"},
    "viewer": {"read"},
}


@dataclass(frozen=True)
class User:
    """A logged-in person."""

    login: str
    display_name: str
    role: str

    def can(self, action: str) -> bool:
        """True if the role allows ``action``."""
        return action in PERMISSIONS.get(self.role, set())

    def require(self, action: str) -> None:
        """Raise PermissionDenied unless the role allows ``action``."""
        if not self.can(action):
            role = vocab.ROLES.get(self.role, self.role)
            raise PermissionDenied(f"“{role}”角色无权执行此操作",
                                   f"role {self.role!r} may not {action}")


# Parameters of new hashes.  Only tests change them, through use_test_kdf().
_new_hash_params: tuple[int, int, int] = (SCRYPT_N, SCRYPT_R, SCRYPT_P)
# What verify_password accepts from a stored hash: enough for a future stronger default,
# small enough that a tampered row cannot make one login allocate gigabytes.
MAX_SCRYPT_N, MAX_SCRYPT_R, MAX_SCRYPT_P = 2**20, 16, 4


def use_test_kdf(n: int | None = 2**4) -> None:
    """TEST-ONLY knob: hash new passwords with scrypt work factor ``n`` (None: production).

    The test suite calls this once (``tests/conftest.py``) so that the many accounts it
    creates do not each cost ~0.1 s.  The parameters are stored in every hash, so
    verification is unchanged; ``tests/services/test_kdf_params.py`` covers the production
    parameters.  The program never calls this, and it refuses to run outside pytest, so a
    station's real accounts are always hashed with ``N = 2**15``.

    Raises:
        RuntimeError: called outside a pytest run.
        ValueError: ``n`` is not a power of two between 2 and the production ``N``.
    """
    global _new_hash_params
    if "pytest" not in sys.modules:
        raise RuntimeError("use_test_kdf is for the test suite only")
    if n is None:
        _new_hash_params = (SCRYPT_N, SCRYPT_R, SCRYPT_P)
        return
    if not 2 <= n <= SCRYPT_N or n & (n - 1):
        raise ValueError(f"scrypt N must be a power of two in 2..{SCRYPT_N}, not {n}")
    _new_hash_params = (n, SCRYPT_R, SCRYPT_P)


def kdf_params() -> tuple[int, int, int]:
    """``(N, r, p)`` that :func:`hash_password` uses for new hashes."""
    return _new_hash_params


def hash_password(password: str) -> str:
    """``scrypt$N$r$p$salt$key`` (base64), for storage."""
    n, r, p = _new_hash_params
    salt = os.urandom(16)
    key = Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(password.encode("utf-8"))
    b64 = base64.b64encode
    return f"scrypt${n}${r}${p}${b64(salt).decode()}${b64(key).decode()}"


@functools.cache
def _decoy_for(params: tuple[int, int, int]) -> str:
    return hash_password(os.urandom(16).hex())


def _decoy_hash() -> str:
    """Checked against when the login does not exist, so that costs as much as a wrong
    password (made on first use: hashing is deliberately slow)."""
    return _decoy_for(_new_hash_params)


def verify_password(password: str, stored: str) -> bool:
    """Constant-time check of a password against a stored hash (with its own parameters)."""
    try:
        password.encode("utf-8")
        scheme, n_text, r_text, p_text, salt, key = stored.split("$")
        n, r, p = int(n_text), int(r_text), int(p_text)
        if (scheme != "scrypt" or not 2 <= n <= MAX_SCRYPT_N or n & (n - 1)
                or not 1 <= r <= MAX_SCRYPT_R or not 1 <= p <= MAX_SCRYPT_P):
            return False
        kdf = Scrypt(salt=base64.b64decode(salt), length=32, n=n, r=r, p=p)
        kdf.verify(password.encode("utf-8"), base64.b64decode(key))
        return True
    except (InvalidKey, ValueError, UnicodeEncodeError):
        return False


def check_new_password(password: str) -> str:
    """A new password: at least 8 characters, not all the same kind of character."""
    try:
        password.encode("utf-8")
    except (AttributeError, UnicodeEncodeError):
        raise ValidationError("密码含有无法识别的字符", "password is not valid text",
                              "password") from None
    if len(password) < MIN_PASSWORD:
        raise ValidationError(f"密码至少 {MIN_PASSWORD} 位", f"password needs at least "
                              f"{MIN_PASSWORD} characters", "password")
    if password.isdigit() or password.isalpha():
        raise ValidationError("密码须同时包含字母和数字或符号",
                              "password must mix letters with digits or symbols", "password")
    return password


def check_login_name(login: str) -> str:
    """Login names: 2–32 of a–z, 0–9, dot, dash, underscore; not a system actor's name."""
    if not isinstance(login, str) or not re.fullmatch(r"[a-z0-9._-]{2,32}", login):
        raise ValidationError("登录名应为 2–32 位小写字母、数字或 . _ -",
                              "login must be 2-32 of a-z 0-9 . _ -", "login")
    if login in RESERVED_LOGINS:
        raise ValidationError(f"“{login}”是系统保留名称", f"{login!r} is reserved", "login")
    return login


def insert_account(db: Database, login: str, role: str, password_hash: str, *,
                   actor: str, at: str, display_name: str | None = None) -> None:
    """Store a new account (inside the caller's transaction) and audit it."""
    station_repo.insert_user(db, {
        "id": new_uid(), "login": login, "display_name": display_name or login, "role": role,
        "password_hash": password_hash, "created_at": at, "created_by": actor,
        "updated_at": at, "updated_by": actor})
    audit.append(db, actor, "user.add", login, {"role": role})


def authorize(store: StationStore, user: User, action: str) -> None:
    """Raise PermissionDenied (and audit the refusal) unless the role allows ``action``."""
    try:
        user.require(action)
    except PermissionDenied:
        store.write(audit.append, user.login, "access.denied", None,
                    {"action": action, "role": user.role})
        raise


def add_user(store: StationStore, actor: User, login: str, role: str, password: str,
             display_name: str | None = None) -> None:
    """An administrator creates an account.

    Raises:
        PermissionDenied: the actor is not an administrator.
        ValidationError: bad login, role or password; or the login is taken.
    """
    authorize(store, actor, "manage_users")
    check_login_name(login)
    vocab.check_code(vocab.ROLES, role, "role", "角色")
    password_hash = hash_password(check_new_password(password))

    def create(db: Database) -> None:
        if station_repo.user(db, login) is not None:
            raise ValidationError(f"登录名 {login} 已存在", f"login {login!r} exists", "login")
        insert_account(db, login, role, password_hash, actor=actor.login, at=now(),
                       display_name=display_name)

    store.write(create)


def list_users(store: StationStore, actor: User) -> list[dict[str, object]]:
    """All accounts without password hashes (administrators only)."""
    authorize(store, actor, "manage_users")
    return station_repo.users(store.read())


def _account(db: Database, login: str) -> dict[str, object]:
    row = station_repo.user(db, login)
    if row is None:
        raise ValidationError(f"没有登录名为 {login[:40]} 的账户", "no such account", "login")
    return row


def reset_password(store: StationStore, actor: User, login: str, password: str) -> None:
    """An administrator sets a new password for an account and lifts its lockout
    (the person was locked out, or forgot it).  Audited without the password."""
    authorize(store, actor, "manage_users")
    password_hash = hash_password(check_new_password(password))

    def save(db: Database) -> None:
        _account(db, login)
        station_repo.update_user(db, login, {
            "password_hash": password_hash, "failed_attempts": 0, "locked_until": None,
            "updated_at": now(), "updated_by": actor.login})
        audit.append(db, actor.login, "user.password_reset", login, None)

    store.write(save)


def change_own_password(store: StationStore, user: User, old: str, new: str) -> None:
    """A person changes their own password, proving the old one first.

    Raises:
        AuthError: the old password is wrong (counted like a failed login).
        ValidationError: the new password is too weak.
    """
    password_hash = hash_password(check_new_password(new))
    try:
        login(store, user.login, old)  # a wrong old password counts as a failed attempt
    except AuthError as exc:
        raise AuthError(exc.zh, exc.en, "old") from exc

    def save(db: Database) -> None:
        station_repo.update_user(db, user.login, {
            "password_hash": password_hash, "updated_at": now(), "updated_by": user.login})
        audit.append(db, user.login, "user.password_change", user.login, None)

    store.write(save)


def set_account(store: StationStore, actor: User, login: str, *, role: str | None = None,
                active: bool | None = None, display_name: str | None = None) -> None:
    """An administrator changes an account's role, name, or disables/enables it.

    An administrator cannot disable or demote themselves, and the station always keeps at
    least one active administrator.

    Raises:
        PermissionDenied: the actor is not an administrator.
        ValidationError: unknown account or role, or the change would leave no administrator.
    """
    authorize(store, actor, "manage_users")
    if role is not None:
        vocab.check_code(vocab.ROLES, role, "role", "角色")
    if display_name is not None and (not display_name.strip() or len(display_name) > 30):
        raise ValidationError("姓名应为 1–30 字", "name must be 1-30 characters", "display_name")
    if login == actor.login and (active is False or (role is not None and role != "admin")):
        raise ValidationError("不能停用自己的账户或取消自己的管理员角色",
                              "an administrator cannot disable or demote themselves", "login")

    def save(db: Database) -> None:
        row = _account(db, login)
        changes: dict[str, object] = {}
        if role is not None and role != row["role"]:
            changes["role"] = role
        if active is not None and bool(row["active"]) != active:
            changes["active"] = int(active)
        if display_name is not None and display_name.strip() != row["display_name"]:
            changes["display_name"] = display_name.strip()
        if not changes:
            return
        losing_admin = row["role"] == "admin" and row["active"] and (
            changes.get("role", "admin") != "admin" or changes.get("active") == 0)
        if losing_admin and station_repo.active_admins(db) <= 1:
            raise ValidationError("工作站至少要保留一个可用的管理员账户",
                                  "the station must keep one active administrator", "login")
        station_repo.update_user(db, login, {**changes, "updated_at": now(),
                                             "updated_by": actor.login})
        audit.append(db, actor.login, "user.change", login, changes)

    store.write(save)


def _locked(row: dict[str, object], moment: datetime) -> AuthError | None:
    until = row["locked_until"]
    if isinstance(until, str) and datetime.fromisoformat(until) > moment:
        return AuthError(f"连续输错密码次数过多，账户已锁定至 {until[11:16]}",
                         f"account locked until {until}")
    return None


def _shown_login(name: str) -> str:
    """A login as typed, safe to keep in the audit log (printable, bounded)."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(name))
    return text[:40]


def login(store: StationStore, name: str, password: str,
          clock: datetime | None = None) -> User:
    """Check credentials, counting failures and locking after five.

    A successful login reads only (it writes just to clear earlier failures).  Every
    refusal is audited: unknown login, attempt on a locked account, wrong password.  The
    verdict on a wrong password is applied under the write lock to the account as it is
    then, so parallel guesses are all counted and a lock set meanwhile is respected.

    Raises:
        AuthError: unknown login, wrong password, disabled or locked account. The
            message does not tell an unknown login from a wrong password, and both
            take the same time.
    """
    moment = clock or datetime.now()
    wrong = AuthError("登录名或密码错误", "wrong login or password")
    row = station_repo.user(store.read(), name)
    if row is None or not row["active"]:
        verify_password(password, _decoy_hash())
        store.write(audit.append, "system", "user.login_unknown", _shown_login(name),
                    {"disabled": row is not None})
        raise wrong
    if problem := _locked(row, moment):
        store.write(audit.append, name, "user.login_locked", name, None)
        raise problem
    good = verify_password(password, row["password_hash"])
    if good and not row["failed_attempts"] and not row["locked_until"]:
        return User(row["login"], row["display_name"], row["role"])
    verdict = store.write(_apply_verdict, name, good, moment, row, wrong)
    if isinstance(verdict, AuthError):
        raise verdict  # raised after the write committed, so the failure is counted
    return verdict


def _apply_verdict(db: Database, name: str, good: bool, moment: datetime,
                   row: dict[str, object], wrong: AuthError) -> User | AuthError:
    row = station_repo.user(db, name) or row
    if problem := _locked(row, moment):
        audit.append(db, name, "user.login_locked", name, None)
        return problem
    if good:
        station_repo.update_user(db, name, {"failed_attempts": 0, "locked_until": None})
        return User(str(row["login"]), str(row["display_name"]), str(row["role"]))
    attempts = int(row["failed_attempts"]) + 1  # type: ignore[call-overload]
    changes: dict[str, object] = {"failed_attempts": attempts}
    if attempts >= MAX_ATTEMPTS:
        until = (moment + timedelta(minutes=LOCK_MINUTES)).isoformat(timespec="seconds")
        changes = {"failed_attempts": 0, "locked_until": until}
    station_repo.update_user(db, name, changes)
    audit.append(db, name, "user.login_failed", name, {"attempt": attempts})
    if "locked_until" in changes:
        audit.append(db, "system", "user.locked", name, {"until": changes["locked_until"]})
    log.warning("failed login for %s (attempt %d)", name, attempts)
    return wrong
