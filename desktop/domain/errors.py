"""Typed errors raised by the core.

Every error carries a Chinese message for people (the UI shows it as is), an
English message for logs and scripts, and where possible the place in the
input that is wrong (``where``, e.g. ``applicants[0].id_number``).  The core
never shows dialogs or prints; the UI and the CLI decide how to present these.
"""

from __future__ import annotations

import errno


class TiaojieError(Exception):
    """Base class of every error the core raises on purpose."""

    exit_code = 1

    def __init__(self, zh: str, en: str, where: str | None = None) -> None:
        super().__init__(f"{where + ': ' if where else ''}{en}")
        self.zh = zh
        self.en = en
        self.where = where

    def line(self) -> str:
        """One line for the command line: place, Chinese, English."""
        place = f"{self.where}: " if self.where else ""
        return f"{place}{self.zh} / {self.en}"


class InputError(TiaojieError):
    """Bad input from a person or a file (invalid ID, malformed JSON, ...)."""

    exit_code = 2


class ValidationError(InputError):
    """A value that breaks a domain rule."""


class TransitionError(InputError):
    """A lifecycle step that is not allowed from the case's current state."""


class NotFoundError(InputError):
    """A record named by the user does not exist."""


class AuthError(TiaojieError):
    """Login failed, account locked or no credentials given."""

    exit_code = 3


class PermissionDenied(TiaojieError):
    """The logged-in user's role does not allow the action."""

    exit_code = 3


class EnvironmentProblem(TiaojieError):
    """The machine, not the program, is at fault: disk full, file locked, I/O error.

    The message tells the user what to do about it.
    """

    exit_code = 4


class DatabaseTooNew(EnvironmentProblem):
    """The database was written by a newer version of the program."""


# What an operating-system error means to a person, by errno (strerror is English, or in
# the system's own language, and mixes badly into Chinese sentences).
_OS_REASONS: dict[int, str] = {
    errno.ENOSPC: "磁盘已满",
    getattr(errno, "EDQUOT", errno.ENOSPC): "磁盘已满（超出配额）",
    errno.EFBIG: "文件太大，磁盘不支持",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "磁盘为只读（例如写保护的U盘）",
    errno.ENOENT: "文件夹不存在",
    errno.ENOTDIR: "路径中有一项不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.EIO: "读写出错（磁盘可能损坏）",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EBUSY: "文件正被其他程序使用",
    getattr(errno, "ETXTBSY", errno.EBUSY): "文件正被其他程序使用",
    errno.EEXIST: "已有同名的文件",
    errno.EMFILE: "打开的文件过多，请关闭一些程序后重试",
}
# Windows reports some of these only by its own code (``OSError.winerror``).
_WINDOWS_REASONS: dict[int, str] = {
    19: "磁盘为只读（例如写保护的U盘）",  # ERROR_WRITE_PROTECT
    32: "文件正被其他程序使用",  # ERROR_SHARING_VIOLATION
    33: "文件正被其他程序使用",  # ERROR_LOCK_VIOLATION
    112: "磁盘已满",  # ERROR_DISK_FULL
}


# Reading, the same errors mean something else to the person.
_READ_REASONS: dict[int, str] = {
    errno.EACCES: "没有读取权限（或文件正被其他程序独占）",
    errno.EPERM: "没有读取权限",
    errno.ENOENT: "文件不存在",
}


def os_error_reason(exc: OSError, *, reading: bool = False) -> str:
    """A plain Chinese reason for an operating-system error, for a message a person reads
    (``无法写入文件 D:\\案件.xlsx：磁盘已满``); the English ``strerror`` belongs in the English
    part.  Unknown errors read ``系统错误（errno N）``.

    Args:
        exc: the error.
        reading: the program was reading a file (no permission to *read*, the *file*
            missing), not writing one.
    """
    winerror = getattr(exc, "winerror", None)
    if winerror in _WINDOWS_REASONS:
        return _WINDOWS_REASONS[winerror]
    if reading and exc.errno in _READ_REASONS:
        return _READ_REASONS[exc.errno]
    if exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    return f"系统错误（errno {exc.errno}）" if exc.errno is not None else "系统错误"
