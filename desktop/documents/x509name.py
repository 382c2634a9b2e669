"""Text for an X.509 name attribute (the organisation and common names of certificates)."""

from __future__ import annotations

UB_NAME = 64  # X.520's upper bound; cryptography counts it in UTF-8 bytes


def fit(text: str, suffix: str = "", limit: int = UB_NAME) -> str:
    """``text`` cut, at a character boundary, so that it and ``suffix`` after it take at most
    ``limit`` UTF-8 bytes (a Chinese organisation name reaches the bound at 21 characters)."""
    room = limit - len(suffix.encode("utf-8"))
    while len(text.encode("utf-8")) > room:
        text = text[:-1]
    return text + suffix
