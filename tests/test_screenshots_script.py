"""tools/screenshots.py takes the user guide's pictures from the real windows, and the guide
shows only pictures that exist."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tools" / "screenshots.py"
GUIDE = ROOT / "docs" / "user-guide.md"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# The main window at 1366×768, and the dialogs grabbed on their own.
WINDOW_SHOTS = ("dashboard.png", "case-list.png", "case-view.png", "case-deadlines.png",
                "case-documents.png", "sync-page.png")
DIALOG_SHOTS = ("login.png", "intake.png", "intake-claims.png", "agreement-editor.png",
                "registers.png", "preferences.png")


def test_the_script_writes_every_picture_from_a_small_demo(tmp_path: Path):
    out, temp = tmp_path / "shots", tmp_path / "temp"
    temp.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TIAOJIE_HOME": str(tmp_path),
           "TMPDIR": str(temp)}  # where the script builds its demo station
    env.pop("TIAOJIE_TODAY", None)
    done = subprocess.run([sys.executable, str(SCRIPT), "--out", str(out), "--cases", "30"],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    printed = {Path(line).name for line in done.stdout.split()}
    for name in WINDOW_SHOTS + DIALOG_SHOTS:
        path = out / name
        assert name in printed, done.stdout
        assert path.read_bytes()[:8] == PNG_MAGIC, name
        image = QImage(str(path))
        assert not image.isNull(), name
        if name in WINDOW_SHOTS:
            assert image.width() >= 800 and image.height() >= 600, (name, image.size())
        else:
            assert image.width() >= 300 and image.height() >= 100, (name, image.size())
    assert not list(temp.iterdir()), "the demo station was left behind"


def test_the_guide_shows_only_committed_pictures_the_script_takes():
    linked = set(re.findall(r"\]\(screenshots/([\w.-]+\.png)\)",
                            GUIDE.read_text(encoding="utf-8")))
    assert linked, "the guide shows no pictures"
    assert linked <= set(WINDOW_SHOTS + DIALOG_SHOTS), linked
    for name in linked:
        path = ROOT / "docs" / "screenshots" / name
        assert path.is_file(), name
        assert path.stat().st_size <= 300_000, (name, path.stat().st_size)
