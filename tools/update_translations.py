"""Refresh the English translation (resources/translations/tiaojie_en.ts) from the code.

Runs Qt's lupdate (the one PySide6 ships) over desktop/ui/*.py: strings new in the code are
added unfinished, strings gone from it are dropped (``-no-obsolete``), translations already
made are kept.  Then it names every message that is still unfinished or whose ``{…}``
placeholders differ from its source, and exits 1 if there is any, so a maintainer sees what
to translate (in Qt Linguist: ``pyside6-linguist resources/translations/tiaojie_en.ts``).

    python tools/update_translations.py           # refresh the .ts, then report
    python tools/update_translations.py --check   # report only (the .ts is left alone)

The ``.qm`` files the program loads are compiled from the ``.ts`` by the project's setup
(``setup.py``, on every install or wheel build), never committed.  For a checkout (an
editable install) this script compiles them too, so the program shows the refreshed
translation without reinstalling.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS_FILE = ROOT / "resources" / "translations" / "tiaojie_en.ts"
SOURCES = "desktop/ui"  # every translated string lives in the interface package
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@dataclass(frozen=True)
class Message:
    """One message of a .ts file."""

    context: str
    source: str
    translations: tuple[str, ...]  # one, or one per plural form
    finished: bool

    @property
    def placeholders_match(self) -> bool:
        """Every translation names the same ``{…}`` placeholders as the source."""
        wanted = sorted(PLACEHOLDER.findall(self.source))
        return all(sorted(PLACEHOLDER.findall(t)) == wanted for t in self.translations)


def qt_tool(name: str) -> Path:
    """Qt's ``lupdate`` or ``lrelease`` as PySide6 ships it (the wrapper script as fallback)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is not None and spec.origin:
        folder = Path(spec.origin).parent
        for candidate in (folder / name, folder / f"{name}.exe"):
            if candidate.is_file():
                return candidate
    found = shutil.which(f"pyside6-{name}")
    if found:
        return Path(found)
    raise FileNotFoundError(f"Qt's {name} not found: install PySide6-Essentials")


def run_lupdate(ts: Path, root: Path = ROOT) -> None:
    """Bring ``ts`` up to date with the interface's source files (translations kept)."""
    files = sorted(str(p.relative_to(root)) for p in (root / SOURCES).glob("*.py"))
    done = subprocess.run(
        [str(qt_tool("lupdate")), *files, "-ts", str(ts), "-no-obsolete",
         "-source-language", "zh_CN", "-target-language", "en"],
        cwd=root, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"lupdate failed:\n{done.stdout}{done.stderr}")


def run_lrelease(ts: Path) -> Path:
    """Compile ``ts`` to the ``.qm`` beside it (ignored by git) and return its path."""
    qm = ts.with_suffix(".qm")
    done = subprocess.run([str(qt_tool("lrelease")), str(ts), "-qm", str(qm)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"lrelease failed:\n{done.stdout}{done.stderr}")
    return qm


def messages(ts: Path) -> list[Message]:
    """Every message of a .ts file, in file order."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, f"{name}: a message without a translation element"
            forms = [f.text or "" for f in translation.iter("numerusform")]
            texts = tuple(forms) if forms else (translation.text or "",)
            finished = (translation.get("type") not in ("unfinished", "obsolete", "vanished")
                        and all(t.strip() for t in texts))
            out.append(Message(name, message.findtext("source") or "", texts, finished))
    return out


def problems(ts: Path) -> list[str]:
    """One line per message that is unfinished or breaks a placeholder."""
    lines = []
    for m in messages(ts):
        if not m.finished:
            lines.append(f"unfinished  [{m.context}] {m.source!r}")
        elif not m.placeholders_match:
            lines.append(f"placeholders differ  [{m.context}] {m.source!r} -> "
                         f"{m.translations!r}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="report only; run lupdate on a temporary copy")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        target = TS_FILE
        if args.check:
            target = Path(tmp) / TS_FILE.name
            shutil.copy2(TS_FILE, target)
        run_lupdate(target)
        if not args.check:
            run_lrelease(target)
        found = problems(target)
        total = len(messages(target))
    for line in found:
        print(line)
    print(f"{total} messages, {len(found)} to translate or fix"
          + ("" if args.check else f" ({TS_FILE.relative_to(ROOT)})"))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
