"""The program as users get it: a wheel installed elsewhere, and the PyInstaller spec.

The wheel test builds from a copy of the source files that a build reads, installs the wheel
into a fresh venv and runs a script there from a temporary folder, so nothing can come from the
source tree: a missing resource or migration fails here even though the checkout has it.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUNDLED_FOLDERS = ("resources", "forms", "docs")
BUILD_INPUTS = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "desktop",
                *BUNDLED_FOLDERS)
# *.qm: an editable install compiles them into the checkout; the wheel must build its own.
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".*", "*.egg-info", "build", "*.qm")

PROBE = textwrap.dedent("""
    import importlib, json, sys
    from datetime import date
    from pathlib import Path

    import desktop
    from desktop import resources
    from desktop.storage import migrations

    load = resources.load_calendar()
    import tempfile

    from desktop.storage.db import SCHEMA_VERSION, open_database, user_version

    names = [step.__name__.rsplit(".", 1)[1] + ".py" for step in migrations.STEPS]
    with tempfile.TemporaryDirectory() as tmp:  # the installed steps build a whole schema
        db = open_database(Path(tmp) / "probe.db")
        assert user_version(db) == SCHEMA_VERSION == len(names)
        db.close()
    import desktop.cli  # the console script's module imports

    def english_loads():
        from PySide6.QtCore import QCoreApplication, QTranslator
        app = QCoreApplication([])
        translator = QTranslator(app)
        if not translator.load(str(resources.resource("translations", "tiaojie_en.qm"))):
            return None
        app.installTranslator(translator)
        return QCoreApplication.translate("MainWindow", "案件(&C)")

    print(json.dumps({
        "package": desktop.__file__,
        "base_dir": str(resources.base_dir()),
        "years": list(load.calendar.years),
        "problems": [p.line() for p in load.problems],
        "national_day_off": not load.calendar.is_working_day(date(2026, 10, 1)),
        "makeup_saturday_on": load.calendar.is_working_day(date(2026, 2, 14)),
        "forms_readme": resources.form("README.md").is_file(),
        "guide": resources.guide().is_file(),
        "guide_pictures": len(list(resources.guide().parent.glob("screenshots/*.png"))),
        "translations": sorted(p.name for p in resources.resource("translations").glob("*.qm")),
        "english_loads": english_loads(),
        "migrations": names,
    }))
""")


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Build a wheel from a copy of the sources, install it alone, probe it from elsewhere."""
    work = tmp_path_factory.mktemp("packaging")
    src = work / "src"
    src.mkdir()
    for name in BUILD_INPUTS:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, src / name, ignore=IGNORED)
        else:
            shutil.copy2(origin, src / name)
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                  "-w", str(work / "dist"), str(src)], work)
    if built.returncode != 0:
        if "No matching distribution" in built.stderr or "connection" in built.stderr.lower():
            pytest.skip("the build backend (setuptools, wheel) cannot be fetched offline here")
        pytest.fail(f"pip wheel failed:\n{built.stdout}\n{built.stderr}")
    wheel = next((work / "dist").glob("tiaojie_desk-*.whl"))

    # A venv made from this (test) venv with --system-site-packages would see the *base*
    # interpreter's packages, not ours; a .pth line adds this venv's site-packages instead.
    # Its own .pth files (the editable install's finder) are not processed from there, so the
    # package itself can only come from the wheel.
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], work).check_returncode()
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                     work).stdout.strip())
    deps = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site / "test-dependencies.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    inst = _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                 "--no-deps", "--no-index", str(wheel)], work)
    assert inst.returncode == 0, inst.stderr

    elsewhere = work / "elsewhere"
    elsewhere.mkdir()
    probe = _run([str(python), "-c", PROBE], elsewhere)
    assert probe.returncode == 0, probe.stderr
    result = json.loads(probe.stdout)
    result["site"] = str(site)
    return result


def test_the_package_comes_from_the_wheel(installed):
    assert Path(installed["package"]).is_relative_to(installed["site"])
    assert Path(installed["base_dir"]) == Path(installed["site"], "desktop", "_bundled")


def test_the_installed_wheel_has_the_holiday_calendar(installed):
    assert installed["problems"] == []
    assert {2025, 2026} <= set(installed["years"])
    assert installed["national_day_off"] and installed["makeup_saturday_on"]
    assert installed["forms_readme"]


def test_the_installed_wheel_has_the_user_guide_and_its_pictures(installed):
    assert installed["guide"]
    assert installed["guide_pictures"] == len(list((ROOT / "docs/screenshots").glob("*.png")))


def test_the_installed_wheel_has_the_english_translation(installed):
    """Compiled from the committed .ts by the build (the .qm is never committed)."""
    assert installed["translations"] == sorted(
        p.with_suffix(".qm").name for p in (ROOT / "resources/translations").glob("*.ts"))
    assert "tiaojie_en.qm" in installed["translations"]
    assert installed["english_loads"] == "&Cases"


def test_every_migration_is_installed_and_imports(installed):
    source = sorted(p.name for p in (ROOT / "desktop/storage/migrations").iterdir()
                    if p.suffix == ".py" and p.name != "__init__.py")
    assert source and installed["migrations"] == source


def _spec_datas() -> list[tuple[str, str]]:
    tree = ast.parse((ROOT / "build.spec").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "DATAS" for t in node.targets):
            return [tuple(item) for item in ast.literal_eval(node.value)]
    raise AssertionError("build.spec has no DATAS list")


def test_build_spec_datas_mirror_the_bundled_folders():
    """One (source, destination) pair per folder that holds files, at the same place."""
    datas = _spec_datas()
    assert all(src == dest for src, dest in datas), "bundle layout must mirror the repository"
    folders = set()
    for top in BUNDLED_FOLDERS:
        for path in (ROOT / top).rglob("*"):
            if path.is_file() and not path.name.startswith(".") and "__pycache__" not in path.parts:
                folders.add(path.parent.relative_to(ROOT).as_posix())
    assert {src for src, _ in datas} == folders
