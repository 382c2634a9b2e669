"""Running a multi-statement SQL script inside the caller's transaction.

``sqlite3.Connection.executescript`` would commit first, so migrations split the
script themselves (trigger bodies kept whole).
"""

from __future__ import annotations

import sqlite3

import sqlite_utils


def split_sql(script: str) -> list[str]:
    """Split a script into complete statements; comment lines between them are dropped."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not buffer:
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def run_script(db: sqlite_utils.Database, script: str) -> None:
    """Execute every statement of ``script`` on ``db``, in order."""
    for statement in split_sql(script):
        db.execute(statement)
