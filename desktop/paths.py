"""Where the station keeps its files.

One place decides: ``--data-dir`` beats ``TIAOJIE_HOME`` beats the platform's
user data folder (platformdirs).  Tests and portable installs use the overrides.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.errors import EnvironmentProblem

APP_NAME = "tiaojie"
ENV_HOME = "TIAOJIE_HOME"


@dataclass(frozen=True)
class Paths:
    """Every folder and file of one station's data directory."""

    root: Path

    @property
    def database(self) -> Path:
        """The SQLite database."""
        return self.root / "tiaojie.db"

    @property
    def attachments(self) -> Path:
        """Attachment files, stored by SHA-256."""
        return self.root / "attachments"

    def attachment_file(self, digest: str) -> Path:
        """Where a stored file lives: attachments/ab/abcdef… (its SHA-256)."""
        return self.attachments / digest[:2] / digest

    @property
    def holidays(self) -> Path:
        """Local holiday calendars that add to or override the bundled ones."""
        return self.root / "holidays"

    @property
    def logs(self) -> Path:
        """Rotating log files."""
        return self.root / "logs"

    @property
    def forms(self) -> Path:
        """The station's own document forms, which override the built-in ones."""
        return self.root / "forms"

    @property
    def keys(self) -> Path:
        """The document-signing keys and certificates (owner-only)."""
        return self.root / "keys"

    @property
    def seal(self) -> Path:
        """The organisation's imported seal image (PNG with transparency)."""
        return self.root / "seal" / "seal.png"

    def ensure(self) -> Paths:
        """Create the folders; returns self for chaining.  A data folder made here is
        owner-only (0700 where permissions exist); a folder named that exists is left as is.

        Raises:
            EnvironmentProblem: a folder cannot be made (a file in the way, no permission).
        """
        try:
            if not self.root.exists():  # a new station: its cases are for its own user only
                self.root.mkdir(parents=True, mode=0o700)
            for folder in (self.root, self.attachments, self.holidays, self.logs, self.forms):
                folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise EnvironmentProblem(f"无法创建数据目录 {self.root}，请检查路径和权限",
                                     f"cannot create data folder {self.root}: {exc.strerror}",
                                     "--data-dir") from exc
        return self


def resolve(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """The data directory in force: argument, then environment, then platform default."""
    if data_dir:
        return Paths(Path(data_dir).expanduser().resolve())
    env = os.environ.get(ENV_HOME)
    if env:
        return Paths(Path(env).expanduser().resolve())
    import platformdirs  # only when no folder was named (a few ms at start)

    return Paths(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))
