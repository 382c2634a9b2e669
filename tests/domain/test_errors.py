"""Operating-system errors read as plain Chinese reasons (the system's English text stays in
the English part of a message)."""

from __future__ import annotations

import errno
import os

import pytest

from desktop.domain.errors import os_error_reason


@pytest.mark.parametrize(("code", "reason"), [
    (errno.ENOSPC, "磁盘已满"),
    (errno.EACCES, "没有写入权限"),
    (errno.EPERM, "没有写入权限"),
    (errno.EROFS, "磁盘为只读（例如写保护的U盘）"),
    (errno.ENOENT, "文件夹不存在"),
    (errno.EIO, "读写出错（磁盘可能损坏）"),
    (errno.ENAMETOOLONG, "文件名太长"),
])
def test_a_writing_error_reads_as_its_reason(code, reason):
    assert os_error_reason(OSError(code, os.strerror(code))) == reason


def test_reading_the_same_errors_means_something_else():
    assert os_error_reason(FileNotFoundError(errno.ENOENT, "x"), reading=True) == "文件不存在"
    assert "读取权限" in os_error_reason(PermissionError(errno.EACCES, "x"), reading=True)
    assert os_error_reason(OSError(errno.ENOSPC, "x"), reading=True) == "磁盘已满"


def test_an_unknown_error_names_its_number_and_never_english():
    assert os_error_reason(OSError(errno.ECONNRESET, "Connection reset")) == \
        f"系统错误（errno {errno.ECONNRESET}）"
    assert os_error_reason(OSError("no errno at all")) == "系统错误"


def test_windows_codes_are_read_first():
    exc = PermissionError(errno.EACCES, "The process cannot access the file")
    exc.winerror = 32  # type: ignore[attr-defined]  # ERROR_SHARING_VIOLATION
    assert os_error_reason(exc) == "文件正被其他程序使用"
