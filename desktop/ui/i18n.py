"""Marking strings for translation where they are defined, not shown; joining lists.

Tables of labels at module level (column headers, field labels) are built at import, before
any translation is installed, so they hold the Chinese source text, marked with
:func:`QT_TRANSLATE_NOOP` for lupdate, and are translated where they are shown with
``QCoreApplication.translate(context, text)`` in the same context.

The rest of the interface's rules (tests/ui/test_translations.py holds them): widgets use
``self.tr("…")``, module functions ``QCoreApplication.translate("context", "…")``, spelled so
(lupdate reads the names, not aliases) and with literal text; a sentence is one message with
``{name}`` placeholders filled by ``.format()``, never translated pieces put together (English
word order differs); Chinese that is data, not interface text (a pasted list's header, a
default written into an agreement, a language's own name), carries ``# notr: <why>`` on its
line.  After changing strings, run ``python tools/update_translations.py``.

PySide6 has a ``QT_TRANSLATE_NOOP`` too; this one does the same but is typed ``str`` (the
PySide6 stub says ``object``).  lupdate recognises the call by its name, so the name stays.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from desktop.domain.errors import TiaojieError


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # noqa: N802 - the name lupdate reads
    """Mark ``source`` for translation in ``context``; returns it unchanged."""
    return source


def joined(items: Iterable[str]) -> str:
    """Items of a list in one line: ``、`` between them in Chinese, ``, `` in English."""
    return QCoreApplication.translate("i18n", "、", "between the items of a list").join(items)


_language = {"code": "zh_CN"}  # set by desktop.ui.app.install_translation


def set_language(code: str) -> None:
    """The interface's language from now on (``zh_CN`` or ``en``)."""
    _language["code"] = code


def said(exc: TiaojieError) -> str:
    """What the core says about ``exc``, in the interface's language: the core writes every
    message in Chinese and English (``zh`` / ``en``)."""
    return in_language(exc.zh, exc.en)


def in_language(zh: str, en: str) -> str:
    """Of a message the core gives in both languages, the one the interface speaks."""
    return en if _language["code"] == "en" and en else zh
