"""The one place where text typed by people is cleaned and checked.

Two kinds of text:

* **Names, codes and ID numbers** (``strict=True``): control characters, NUL, invisible
  characters (zero-width U+200B–U+200F, U+2060–U+2064, the BOM U+FEFF, the soft hyphen),
  line/paragraph separators (U+2028/U+2029) and bidi controls (U+202A–U+202E,
  U+2066–U+2069) are **refused**: they make two equal-looking names differ, or reorder
  what a terminal shows.
* **Free text** (summaries, notes, reasons): the same characters are **removed**, except
  line feeds and tabs; CR LF and CR become LF.  People paste such text from chat tools
  and web pages, and refusing it would only teach them to retype it.

In both, a lone surrogate (which cannot be stored as UTF-8) is refused with its code
point named, and a required field is judged *after* cleaning: a name that is only
U+200B is empty.  A blank optional field reads as absent (``None``).
"""

from __future__ import annotations

import unicodedata
from typing import Any, NoReturn

from desktop.domain.errors import ValidationError

ECHO_LIMIT = 40
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
_FREE_KEEP = frozenset("\n\t")


def shorten(value: object, limit: int = ECHO_LIMIT) -> str:
    """A user value made safe to echo in a message: invisible characters escaped, at most
    ``limit`` characters, an ellipsis when cut."""
    text = value if isinstance(value, str) else repr(value)
    cut = len(text) > limit
    text = text[:limit]
    safe = "".join(f"\\u{ord(c):04x}" if _invisible(c) else c for c in text)
    return safe + ("…" if cut else "")


def key_name(key: object) -> str:
    """A JSON key as it may appear in ``where``: shortened, escaped, ``""`` if empty."""
    return shorten(key) if key != "" else '""'


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in _REFUSED_CATEGORIES or _surrogate(char)


def _surrogate(char: str) -> bool:
    return 0xD800 <= ord(char) <= 0xDFFF


def _refuse_surrogates(value: str, where: str) -> None:
    for char in value:
        if _surrogate(char):
            raise ValidationError(
                f"含有无法保存的字符（孤立的代理项 U+{ord(char):04X}），请检查文件编码",
                f"contains a lone surrogate U+{ord(char):04X}; check the file's encoding",
                where)


def clean_text(value: Any, where: str, *, required: bool = False, limit: int = 200,
               strict: bool = True) -> str | None:
    """Check and normalise one text field.

    Args:
        value: what was given; ``None`` means absent.
        where: the field's place, copied into the error (e.g. ``applicants[0].name``).
        required: refuse an absent, blank or invisible-only value.
        limit: the most characters allowed after cleaning.
        strict: refuse invisible and control characters (names, codes, IDs) instead of
            removing them (free text).

    Returns:
        The cleaned text, stripped of surrounding white space, or ``None`` when an
        optional field is absent or blank.

    Raises:
        ValidationError: naming ``where``.
    """
    if value is None:
        return _missing(where) if required else None
    if not isinstance(value, str):
        raise ValidationError("应为文字", "must be text", where)
    if value.isprintable():
        pass  # the common case, checked at C speed: printable text holds none of them
    elif strict:
        _refuse_surrogates(value, where)
        for char in value:
            if _invisible(char):
                raise ValidationError(
                    f"含有不可见字符或控制字符 U+{ord(char):04X}，请删除后重新输入",
                    f"contains an invisible or control character U+{ord(char):04X}", where)
    else:
        _refuse_surrogates(value, where)
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        value = "".join(c for c in value if c in _FREE_KEEP or not _invisible(c))
    value = value.strip()
    if not value:
        return _missing(where) if required else None
    if len(value) > limit:
        raise ValidationError(f"超过 {limit} 字", f"longer than {limit} characters", where)
    return value


def _missing(where: str) -> NoReturn:
    raise ValidationError("必填项缺失（或只有空白、不可见字符）",
                          "required (blank or invisible-only text counts as missing)", where)


def require_text(value: Any, where: str, *, limit: int = 200, strict: bool = True) -> str:
    """:func:`clean_text` for a required field, typed as ``str``."""
    text = clean_text(value, where, required=True, limit=limit, strict=strict)
    assert text is not None  # clean_text raised otherwise
    return text


# What a search may hold.  Longer text finds nothing a shorter piece of it would not (a name,
# an ID or phone number, a case number, a phrase of the summary all fit); every word is one
# index lookup (an INTERSECT), and a long phrase makes the trigram index check every
# overlapping piece, so unbounded input cost seconds or broke the query (500 words).
SEARCH_MAX_CHARS = 50  # after NFKC (full-width to half-width) and joining words with one space
SEARCH_MAX_WORDS = 8


def check_search(query: str, where: str = "search") -> str:
    """Refuse a search longer than the limits above; return it unchanged otherwise.

    Raises:
        ValidationError: too many characters or words (the desktop's search box keeps to
            the same limits).
    """
    words = unicodedata.normalize("NFKC", query).split()
    if len(" ".join(words)) > SEARCH_MAX_CHARS:
        raise ValidationError(
            f"搜索内容过长，请输入不超过 {SEARCH_MAX_CHARS} 个字（姓名、单位名称、证件号、"
            "电话或案号的一部分即可）",
            f"search text longer than {SEARCH_MAX_CHARS} characters", where)
    if len(words) > SEARCH_MAX_WORDS:
        raise ValidationError(
            f"搜索词过多，请输入不超过 {SEARCH_MAX_WORDS} 个词（以空格分隔）",
            f"more than {SEARCH_MAX_WORDS} search words", where)
    return query
