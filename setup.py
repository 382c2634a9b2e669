"""Build hook: ship the top-level ``resources/``, ``forms/`` and ``docs/`` folders inside the
package (``docs/`` for the user guide the Help menu opens, with its pictures).

Everything else is declared in pyproject.toml.  The folders stay at the top of the repository
(people edit them there); a wheel carries them as ``desktop/_bundled/resources`` and
``desktop/_bundled/forms`` (and ``…/docs``), where :func:`desktop.resources.base_dir` finds
them.  An editable install reads the checkout's folders directly, so nothing is copied for it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
BUNDLED = ("resources", "forms", "docs")  # build.spec's datas mirror the same folders


class BuildPyWithResources(build_py):
    """``build_py`` that also copies the resource folders into ``desktop/_bundled``."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for name in BUNDLED:
            target = Path(self.build_lib, "desktop", "_bundled", name)
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(HERE / name, target,
                            ignore=shutil.ignore_patterns(".*", "__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildPyWithResources})
