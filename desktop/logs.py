"""Logging to a rotating file in the data folder (stderr stays for messages to people)."""

from __future__ import annotations

import functools
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging.handlers

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


@functools.cache
def _handler_class() -> type[logging.handlers.RotatingFileHandler]:
    """The file handler (``logging.handlers`` costs ~10 ms to import: the desktop calls
    :func:`setup` behind its login window, so the import is made here, not at start)."""
    import logging.handlers

    class LazyFileHandler(logging.handlers.RotatingFileHandler):
        """Creates the folder and opens the file at the first record, so a read-only
        command on a missing data folder creates nothing; a folder that cannot be made
        drops records."""

        def _open(self):  # type: ignore[no-untyped-def]
            Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
            return super()._open()

        def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's)
            """No traceback over the user's output because the log folder is unwritable."""
            if not isinstance(sys.exc_info()[1], OSError):
                super().handleError(record)

    return LazyFileHandler


def setup(folder: Path, level: int = logging.INFO) -> None:
    """Send log records to ``folder/tiaojie.log`` (1 MB × 5), created at the first record;
    never raise."""
    root = logging.getLogger()
    root.setLevel(level)
    for old in list(root.handlers):
        if getattr(old, "_tiaojie", False):
            root.removeHandler(old)
            old.close()
    try:
        handler: logging.Handler = _handler_class()(
            folder / "tiaojie.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8",
            delay=True)
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    handler._tiaojie = True  # type: ignore[attr-defined]
    root.addHandler(handler)
