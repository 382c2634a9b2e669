"""``tiaojie`` with no subcommand opens the desktop.  This path imports nothing it does not
need (no command tree, no services): the login window should appear about as fast as any
PySide6 window (bench/startup.py)."""

from __future__ import annotations

import argparse
import os
import socket
import sys

from desktop.domain.errors import EnvironmentProblem

LANGUAGES = ("zh_CN", "en")
_GLOBAL = ("--data-dir", "--lang")


def desktop_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The options when ``argv`` only opens the desktop (``--data-dir``, ``--lang``); None
    for anything else (a subcommand, ``--help``, a mistake), which the full parser reads."""
    values: dict[str, str | None] = {"data_dir": None, "lang": None}
    i = 0
    while i < len(argv):
        name, eq, value = argv[i].partition("=")
        if name not in _GLOBAL:
            return None
        if not eq:
            if i + 1 >= len(argv) or argv[i + 1].startswith("-"):
                return None
            i += 1
            value = argv[i]
        values[name[2:].replace("-", "_")] = value
        i += 1
    if values["lang"] is not None and values["lang"] not in LANGUAGES:
        return None
    return argparse.Namespace(command=None, func=desktop, **values)


def desktop(args: argparse.Namespace) -> int:
    """Open the desktop application (PySide6 is imported only here)."""
    if sys.platform.startswith("linux") and not os.environ.get("WAYLAND_DISPLAY") \
            and os.environ.get("QT_QPA_PLATFORM", "xcb").startswith("xcb"):
        display = os.environ.get("DISPLAY")
        if not display:
            raise EnvironmentProblem(
                "没有可用的图形显示，无法打开桌面界面；命令行用法见 tiaojie --help，"
                "工作站概况见 tiaojie status",
                "no display to open the desktop on; see tiaojie --help, or tiaojie status")
        if not x_display_reachable(display):  # Qt would abort the process (exit 134)
            raise EnvironmentProblem(
                f"无法连接图形显示（DISPLAY={display[:40]}），请检查显示设置或远程桌面连接",
                f"cannot connect to the X display {display[:40]!r}")
    try:
        from desktop.ui import app
    except ImportError as exc:
        raise EnvironmentProblem("桌面界面所需的 PySide6 未安装；请先运行 pip install -e .",
                                 f"the desktop needs PySide6: {exc}") from exc
    return app.main(args.data_dir, args.lang)  # it sets up the log file


def x_display_reachable(display: str) -> bool:
    """Whether an X server answers at ``display`` (``:0``, ``unix:1``, ``host:0.0``);
    forms this does not know are left to Qt."""
    host, _, rest = display.rpartition(":")
    number = rest.split(".")[0]
    if not number.isdigit():
        return True
    if host in ("", "unix"):
        addresses: list[tuple[int, object]] = [
            (socket.AF_UNIX, f"/tmp/.X11-unix/X{number}"),
            (socket.AF_UNIX, f"\0/tmp/.X11-unix/X{number}")]  # Linux's abstract socket
    else:
        addresses = [(socket.AF_INET, (host, 6000 + int(number)))]
    for family, address in addresses:
        with socket.socket(family, socket.SOCK_STREAM) as connection:
            connection.settimeout(2)
            try:
                connection.connect(address)  # type: ignore[arg-type]
            except OSError:
                continue
            return True
    return False
