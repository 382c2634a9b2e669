"""What the command line does so that hostile input and odd terminals never crash it.

* Text the terminal cannot show (a rare character on a GBK or ASCII console) is replaced,
  never raised: :func:`tolerant_streams`.
* Command-line arguments and ``TIAOJIE_*`` variables must be valid UTF-8 text (Python hands
  undecodable bytes over as lone surrogates): :func:`check_argv`, :func:`check_environment`.
* JSON read from a file must not carry lone surrogates (``"\\ud800"``) either:
  :func:`first_surrogate`.
* Whatever an error line echoes is cut to a readable size and kept on one line:
  :func:`error_line`.
* A reader that goes away (``tiaojie case list | head -1``) ends the command quietly:
  :func:`silence_stdout`.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

from desktop.domain.errors import InputError, ValidationError

ENV_PREFIX = "TIAOJIE_"
MAX_VALUE = 80  # characters of one quoted value shown in an error line
MAX_PART = 400  # characters of the place, the Chinese or the English part
ELLIPSIS = "…"
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what `yes | head -1` reports

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_LONG_RUN = re.compile(rf"\S{{{MAX_VALUE + 21},}}")
# A value quoted in a message: “…” (Chinese), '…' or "…" (Python repr).
_QUOTED = re.compile(r"“([^”]*)”|'([^']*)'|\"([^\"]*)\"")


class UndecodableInput(InputError):
    """An argument, variable or file held bytes that are not UTF-8 text."""


def tolerant_streams() -> None:
    """Make stdout and stderr replace what the terminal's encoding cannot show."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            reconfigure(errors="replace")
        except (ValueError, OSError):  # a detached or closed stream: nothing to protect
            pass


def shown_bytes(text: str) -> str:
    """``text`` cut to a short length, undecodable bytes written as ``\\xe9`` and other lone
    surrogates as ``\\ud800``."""
    cut = clip(text, MAX_VALUE)
    return _SURROGATE.sub(_escape_surrogate, cut)


def _escape_surrogate(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def check_argv(argv: Sequence[str]) -> None:
    """Refuse arguments that are not text (undecodable bytes in the command line).

    Raises:
        UndecodableInput: naming the argument's position and showing its bytes.
    """
    for position, arg in enumerate(argv, start=1):
        if _SURROGATE.search(arg):
            shown = shown_bytes(arg)
            raise UndecodableInput(
                f"命令行参数“{shown}”含有非 UTF-8 编码的字节，请改用 UTF-8 的文件名或终端",
                f"command-line argument '{shown}' is not valid UTF-8 (rename the file or "
                "use a UTF-8 terminal)", f"argument {position}")


def check_environment() -> None:
    """Refuse ``TIAOJIE_*`` environment variables whose values are not text.

    Raises:
        UndecodableInput: naming the variable.
    """
    for name in sorted(os.environ):
        if not name.startswith(ENV_PREFIX):
            continue
        if _SURROGATE.search(name) or _SURROGATE.search(os.environ[name]):
            raise UndecodableInput(
                f"环境变量 {shown_bytes(name)} 的值含有非 UTF-8 编码的字节",
                f"environment variable {shown_bytes(name)} is not valid UTF-8",
                shown_bytes(name))


def first_surrogate(value: Any) -> str | None:
    """The JSON path of the first string (or key) holding a lone surrogate, or None."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return path or "(top level)"
        elif isinstance(item, dict):
            for key, child in reversed(list(item.items())):
                if _SURROGATE.search(key):
                    return f"{path}.{shown_bytes(key)}" if path else shown_bytes(key)
                stack.append((f"{path}.{key}" if path else key, child))
        elif isinstance(item, list):
            stack.extend((f"{path}[{i}]", child) for i, child in reversed(list(enumerate(item))))
    return None


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters of ``text`` followed by … when cut."""
    return text if len(text) <= limit else text[:limit] + ELLIPSIS


def one_line(text: str, limit: int = MAX_PART) -> str:
    """``text`` on one line with quoted values, and runs of over 100 characters without a
    space, cut to :data:`MAX_VALUE` characters.

    Control, invisible and bidirectional characters are shown as ``\\x1b``-style escapes so
    an error line cannot move the cursor, hide text or reverse what follows it.
    """
    text = _QUOTED.sub(_clip_quoted, text)
    # An unquoted value is a long run without spaces; no message of ours has one this long.
    text = _LONG_RUN.sub(lambda m: clip(m.group(), MAX_VALUE), text)
    text = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return clip(text, limit)


def _clip_quoted(match: re.Match[str]) -> str:
    whole = match.group()
    inner = whole[1:-1]
    return whole if len(inner) <= MAX_VALUE else whole[0] + clip(inner, MAX_VALUE) + whole[-1]


def terminal_safe(text: str) -> str:
    """``text`` with control, invisible and bidirectional characters escaped (tabs and line
    breaks kept), so stored data cannot clear the screen, hide or reverse text on a
    terminal."""
    return _CONTROL.sub(_escape_control, text)


def _escape_control(match: re.Match[str]) -> str:
    ch = match.group()
    return ch if ch in "\t\n" else ch.encode("unicode_escape").decode("ascii")


def error_line(where: str | None, zh: str, en: str) -> str:
    """``错误 error: <where>: <中文> / <English>``, bounded and on one line."""
    place = f"{one_line(where, MAX_VALUE + 20)}: " if where else ""
    return f"错误 error: {place}{one_line(zh)} / {one_line(en)}"


def silence_stdout() -> None:
    """After the reader of stdout has gone: send what is left to the null device, so the
    interpreter's final flush does not report a second broken pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # in-process (tests): no real descriptor
        pass


def entry(run: Callable[[list[str]], int], argv: Sequence[str] | None) -> int:
    """A console script's entry point around ``run`` (``tiaojie`` and ``tiaojie-county``):
    streams that survive any bytes, and a reader gone away (``| head``) ends it quietly."""
    tolerant_streams()
    try:
        code = run(sys.argv[1:] if argv is None else list(argv))
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
        return EXIT_BROKEN_PIPE
    return code


def new_password(env: str | None = None) -> str:
    """A new password: ``env``'s value if set, else typed twice on a terminal, else the
    first line of standard input (never echoed or logged)."""
    if env and os.environ.get(env):
        return os.environ[env]
    if sys.stdin.isatty():
        import getpass
        first = getpass.getpass("新密码 / new password: ")
        if getpass.getpass("再输一次 / repeat: ") != first:
            raise ValidationError("两次输入的密码不一致", "passwords differ", "password")
        return first
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise ValidationError("请从标准输入提供密码", "give the password on standard input",
                              "password")
    return line
