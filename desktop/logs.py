"""Logging to a rotating file in the data folder (stderr stays for messages to people)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup(folder: Path, level: int = logging.INFO) -> None:
    """Send log records to ``folder/tiaojie.log`` (1 MB × 5); never raise."""
    root = logging.getLogger()
    root.setLevel(level)
    for old in list(root.handlers):
        if getattr(old, "_tiaojie", False):
            root.removeHandler(old)
            old.close()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / "tiaojie.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    handler._tiaojie = True  # type: ignore[attr-defined]
    root.addHandler(handler)
