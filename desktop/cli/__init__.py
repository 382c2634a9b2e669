"""``tiaojie`` — the command line.  Subcommands reuse the same services as the desktop.

Errors print one line (``错误 error: <where>: <中文> / <English>``) on stderr and exit
non-zero: 2 bad input, 3 login or permission, 4 environment (disk, lock, a damaged database
met by any read or write), 1 anything else (a bug; the traceback goes to the log).  A reader
that stops reading (``| head``) ends the command quietly with 141.  See
:mod:`desktop.cli.guard` for hostile input.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from desktop import logs, paths
from desktop.cli import guard, launch
from desktop.domain.errors import TiaojieError

log = logging.getLogger(__name__)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``tiaojie`` console script."""
    return guard.entry(_run, argv)


def _run(argv: list[str]) -> int:
    """Check the raw input, parse, run the command, turn errors into one line."""
    args: argparse.Namespace | None = None
    try:
        guard.check_argv(argv)
        guard.check_environment()
        args = launch.desktop_arguments(argv)
        if args is None:  # a subcommand, --help or a mistake: the whole command tree
            from desktop.cli.parser import build_parser

            try:
                args = build_parser().parse_args(argv)
            except SystemExit as exc:  # --help (argparse printed it)
                return int(exc.code or 0)
        if args.func is not launch.desktop:  # the desktop sets up its log behind the window
            logs.setup(paths.resolve(args.data_dir).logs)
        return args.func(args) or 0
    except TiaojieError as exc:
        _error(exc.where, exc.zh, exc.en)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise
    except Exception as exc:
        problem = _environment_problem(exc)
        if problem is not None:  # e.g. a damaged database met by a read
            log.warning("%s stopped by the database: %s", getattr(args, "command", None), exc)
            _error(problem.where, problem.zh, problem.en)
            return problem.exit_code
        # A bug: keep the details in the log, tell the user one line.
        log.exception("unexpected error in %s", getattr(args, "command", None))
        try:
            where = str(paths.resolve(getattr(args, "data_dir", None)).logs)
        except Exception:  # noqa: BLE001 - the folder itself may be what is wrong
            where = "tiaojie.log"
        _error(None, f"程序内部错误，详情已写入日志 {where}",
               f"internal error ({type(exc).__name__}), details in the log")
        return 1


def _environment_problem(exc: Exception) -> TiaojieError | None:
    """The EnvironmentProblem behind a SQLite error the machine caused (exit 4), else None."""
    from desktop.storage.db import environment_problem  # storage is not loaded for the desktop

    return environment_problem(exc)


def _error(where: str | None, zh: str, en: str) -> None:
    print(guard.error_line(where, zh, en), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
