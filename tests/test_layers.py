"""House rules of DESIGN.md that a reviewer should not have to check by eye."""

from __future__ import annotations

import ast
from pathlib import Path

DESKTOP = Path(__file__).resolve().parents[1] / "desktop"


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def modules(folder: str = "") -> list[Path]:
    found = sorted((DESKTOP / folder).rglob("*.py"))
    assert len(found) >= 5, f"no modules under {DESKTOP / folder}"  # a rule over nothing
    return found


def test_qt_only_in_ui():
    for path in modules():
        if "ui" in path.relative_to(DESKTOP).parts:
            continue
        assert not any(m.split(".")[0] in ("PySide6", "shiboken6") for m in imports(path)), path


def test_sql_only_in_storage():
    for path in modules():
        if path.relative_to(DESKTOP).parts[0] == "storage":
            continue
        text = path.read_text(encoding="utf-8")
        assert not {"sqlite3", "sqlite_utils"} & {m.split(".")[0] for m in imports(path)}, path
        assert ".execute(" not in text, path


def test_domain_is_pure():
    banned = {"sqlite3", "sqlite_utils", "os", "pathlib", "desktop.storage", "desktop.services",
              "platformdirs", "cryptography"}
    for path in modules("domain"):
        found = {m for m in imports(path) if m in banned or m.split(".")[0] in banned}
        assert not found, (path, found)
        assert "open(" not in path.read_text(encoding="utf-8"), path


def test_files_stay_small():
    for path in modules():
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 500, path


def test_chinese_messages_carry_no_field_keys():
    """A person reads the Chinese part: field names and codes belong in `where` and in the
    English part (issue "Errors that tell the truth")."""
    import re

    offenders = []
    for path in DESKTOP.rglob("*.py"):
        if "cli" in path.parts:  # the command line prints "中文 / English" on purpose
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip().startswith('"""'):  # a docstring, for programmers
                continue
            for literal in re.findall(r'"[^"\n]*"', line):
                if (re.search(r"[\u4e00-\u9fff]", literal) and "{" not in literal
                        and re.search(r"\b[a-z]+_[a-z_]+\b", literal)):
                    offenders.append(f"{path.relative_to(DESKTOP)}:{number}: {literal}")
    assert offenders == []


def test_documents_sit_below_the_services():
    """desktop/documents renders and signs; it never reaches up into services, the CLI or
    Qt (DESIGN.md's layers)."""
    for path in modules("documents"):
        found = {m for m in imports(path)
                 if m.split(".")[:2] in (["desktop", "services"], ["desktop", "ui"],
                                         ["desktop", "cli"])}
        assert not found, (path, found)


def test_the_main_window_does_not_load_the_documents_stack():
    """reportlab, Jinja2 and pyHanko load when a document is first made or checked, not
    while the main window is imported behind the login window (start-up)."""
    import os
    import subprocess
    import sys

    code = ("import sys, desktop.ui.main_window; "
            "print(sorted({m.split('.')[0] for m in sys.modules} "
            "& {'reportlab', 'jinja2', 'pyhanko', 'zxingcpp'}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", done.stdout
