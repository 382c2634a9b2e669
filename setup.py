"""Build hook: ship the top-level ``resources/``, ``forms/`` and ``docs/`` folders inside the
package (``docs/`` for the user guide the Help menu opens, with its pictures), and compile the
translations.

Everything else is declared in pyproject.toml.  The folders stay at the top of the repository
(people edit them there); a wheel carries them as ``desktop/_bundled/resources`` and
``desktop/_bundled/forms`` (and ``…/docs``), where :func:`desktop.resources.base_dir` finds
them.  An editable install reads the checkout's folders directly, so nothing is copied for it.

The committed Qt Linguist sources (``resources/translations/*.ts``) are compiled to the
``.qm`` files the program loads with the ``lrelease`` PySide6 ships (a build requirement):
into the wheel's copy, or for an editable install beside the ``.ts`` in the checkout (where
``.gitignore`` keeps them out of git).  Without lrelease the build fails: a program that
silently lost its English translation would only be noticed by the reviewers it is for.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.errors import SetupError

HERE = Path(__file__).resolve().parent
BUNDLED = ("resources", "forms", "docs")  # build.spec's datas mirror the same folders
TRANSLATIONS = Path("resources", "translations")


def lrelease() -> Path:
    """Qt's ``lrelease`` as PySide6 ships it (the ``pyside6-lrelease`` wrapper as fallback)."""
    spec = importlib.util.find_spec("PySide6")  # found, not imported: no Qt needed to build
    if spec is not None and spec.origin:
        folder = Path(spec.origin).parent
        for candidate in (folder / "lrelease", folder / "lrelease.exe"):
            if candidate.is_file():
                return candidate
    found = shutil.which("pyside6-lrelease")
    if found:
        return Path(found)
    raise SetupError(
        "cannot compile the translations: Qt's lrelease was not found. It comes with "
        "PySide6-Essentials, a build requirement in pyproject.toml that pip installs for the "
        "build unless --no-build-isolation is given; then install it yourself first.")


def compile_translations(source: Path, target: Path) -> list[Path]:
    """Compile every ``source/*.ts`` to ``target/*.qm``; returns the files written."""
    sources = sorted(source.glob("*.ts"))
    if not sources:
        raise SetupError(f"no translations (*.ts) in {source}")
    tool = lrelease()
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for ts in sources:
        qm = target / ts.with_suffix(".qm").name
        done = subprocess.run([str(tool), str(ts), "-qm", str(qm)],
                              capture_output=True, text=True)
        if done.returncode != 0 or not qm.is_file():
            raise SetupError(f"lrelease could not compile {ts}:\n{done.stdout}{done.stderr}")
        written.append(qm)
    return written


class BuildPyWithResources(build_py):
    """``build_py`` that also copies the resource folders into ``desktop/_bundled`` and
    compiles the translations."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            compile_translations(HERE / TRANSLATIONS, HERE / TRANSLATIONS)
            return
        bundled = Path(self.build_lib, "desktop", "_bundled")
        for name in BUNDLED:
            target = bundled / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(HERE / name, target,
                            ignore=shutil.ignore_patterns(".*", "__pycache__", "*.pyc", "*.qm"))
        compile_translations(HERE / TRANSLATIONS, bundled / TRANSLATIONS)


setup(cmdclass={"build_py": BuildPyWithResources})
