"""The one lookup for bundled resources, and the holiday calendar loaded from them.

The repository keeps the data at the top level (``resources/``, ``forms/`` and the user guide
in ``docs/``) so people find it; the build copies them into the package as
``desktop/_bundled/resources``, ``…/forms`` and ``…/docs`` (see ``setup.py``), and
``build.spec`` puts them at the root of a PyInstaller bundle.  :func:`base_dir` knows all
three places:

1. a PyInstaller bundle: ``sys._MEIPASS`` (holds ``resources/`` and ``forms/``);
2. an installed wheel: ``desktop/_bundled/`` beside this module;
3. a source checkout or an editable install: the repository root.

Only real folders are returned (never a zip member): Qt and reportlab register fonts by file
path, and a station's own files are merged over the bundled ones by folder.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.domain.errors import ValidationError

if TYPE_CHECKING:  # loaded with the calendar: the path lookups stay light for the start
    from desktop.domain.calendar import HolidayCalendar

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLED_DIR = PACKAGE_DIR / "_bundled"  # what setup.py's build step fills in a wheel
CHECKOUT_DIR = PACKAGE_DIR.parent  # the repository root when running from source


def base_dir() -> Path:
    """The folder that holds ``resources/`` and ``forms/`` in this installation.

    A frozen build uses ``sys._MEIPASS``; an installed package its ``_bundled`` copy; a
    source checkout (editable install) the repository root.  Callers never guess a path.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    if BUNDLED_DIR.is_dir() or not (CHECKOUT_DIR / "pyproject.toml").is_file():
        # Installed: never wander into site-packages/resources (another package's folder).
        return BUNDLED_DIR
    return CHECKOUT_DIR


def resource(*parts: str) -> Path:
    """Path of a bundled resource, e.g. ``resource('holidays', '2026.json')``.

    The path may not exist (a broken build); loaders report that, they do not guess.
    """
    return base_dir().joinpath("resources", *parts)


def guide() -> Path:
    """The user guide (``docs/user-guide.md``; its pictures are in ``docs/screenshots``)."""
    return base_dir().joinpath("docs", "user-guide.md")


def form(*parts: str) -> Path:
    """Path of a bundled document form, e.g. ``form('mediation_agreement.json')``."""
    return base_dir().joinpath("forms", *parts)


@dataclass(frozen=True)
class ResourceProblem:
    """One file (or folder) that could not be used, and why — for the station's open screen.

    ``kind`` is one of ``missing`` (no bundled calendar at all), ``unreadable`` (permission,
    I/O error, not UTF-8), ``malformed`` (not JSON) or ``invalid`` (JSON that breaks the
    holiday format; ``where`` names the field).
    """

    path: Path
    kind: str
    zh: str
    en: str
    where: str | None = None

    def line(self) -> str:
        """One line for the command line or a log: Chinese / English (file included)."""
        return f"{self.zh} / {self.en}"


@dataclass(frozen=True)
class CalendarLoad:
    """The calendar built from every usable file, and the files that were skipped."""

    calendar: HolidayCalendar
    problems: tuple[ResourceProblem, ...] = field(default=())
    files: tuple[Path, ...] = field(default=())
    fingerprint: str = ""  # digest of the documents in force (stored deadlines follow it)

    @property
    def ok(self) -> bool:
        """True when every file was used and bundled data was found."""
        return not self.problems


def load_calendar(local_dir: Path | None = None) -> CalendarLoad:
    """Bundled holiday calendars, then the station's own files (a later file wins a year).

    Never raises for bad data: a file that cannot be read or breaks the format is skipped
    (the bundled data for that year stays in force) and named in ``problems``; no bundled
    calendar at all is a problem too (deadlines would silently ignore holidays).

    Args:
        local_dir: the station's ``holidays/`` folder (``Paths.holidays``); may not exist.
    """
    import hashlib
    import json

    from desktop.domain.calendar import HolidayCalendar

    problems: list[ResourceProblem] = []
    bundled_dir = resource("holidays")
    bundled = sorted(bundled_dir.glob("*.json")) if bundled_dir.is_dir() else []
    if not bundled:
        problems.append(ResourceProblem(
            bundled_dir, "missing",
            f"程序缺少内置节假日数据（{bundled_dir}），期限将不考虑节假日，请重新安装调解台",
            f"no bundled holiday calendar in {bundled_dir}; deadlines ignore holidays; "
            "reinstall the program"))
    local: list[Path] = []
    if local_dir is not None:
        try:
            local = sorted(p for p in local_dir.glob("*.json") if p.is_file())
        except OSError as exc:
            problems.append(_unreadable(local_dir, exc))
    docs: list[dict] = []
    used: list[Path] = []
    for path in bundled + local:
        doc = _read_document(path, problems)
        if doc is not None:
            docs.append(doc)
            used.append(path)
    calendar = HolidayCalendar.from_documents(docs)  # every doc was checked on its own
    for problem in problems:
        log.warning("holiday calendar: %s", problem.line())
    fingerprint = hashlib.sha256(json.dumps(
        [[p.name, d] for p, d in zip(used, docs, strict=True)], ensure_ascii=False,
        sort_keys=True).encode("utf-8")).hexdigest()
    return CalendarLoad(calendar, tuple(problems), tuple(used), fingerprint)


def load_holiday_calendar(local_dir: Path | None = None) -> HolidayCalendar:
    """The calendar only (problems are logged, never raised).

    Kept for callers that have not moved to :func:`load_calendar`, which also returns the
    problems to show when the station opens.
    """
    return load_calendar(local_dir).calendar


def _read_document(path: Path, problems: list[ResourceProblem]) -> dict | None:
    """One year's document, checked on its own; None (and a problem) when unusable."""
    import json

    from desktop.domain.calendar import HolidayCalendar

    try:
        text = path.read_text(encoding="utf-8-sig")  # Notepad adds a BOM
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(_unreadable(path, exc))
        return None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(ResourceProblem(
            path, "malformed",
            f"节假日文件 {path.name} 不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列），"
            f"已跳过：{path}",
            f"holiday file {path.name} is not valid JSON (line {exc.lineno}, column "
            f"{exc.colno}); skipped: {path}"))
        return None
    try:
        HolidayCalendar.from_documents([doc])
    except ValidationError as exc:
        place = f"{exc.where}：" if exc.where else ""
        problems.append(ResourceProblem(
            path, "invalid",
            f"节假日文件 {path.name} 内容有误，已跳过：{place}{exc.zh}（{path}）",
            f"holiday file {path.name} breaks the format; skipped: "
            f"{exc.where + ': ' if exc.where else ''}{exc.en} ({path})", exc.where))
        return None
    return doc


def _unreadable(path: Path, exc: Exception) -> ResourceProblem:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
    if isinstance(exc, UnicodeDecodeError):
        zh_reason, reason = "不是 UTF-8 编码", "not UTF-8"
    else:
        zh_reason = "无法读取（请检查文件权限）"
    return ResourceProblem(
        path, "unreadable",
        f"节假日文件 {path.name} {zh_reason}，已跳过：{path}",
        f"holiday file {path.name} cannot be read ({reason}); skipped: {path}")
