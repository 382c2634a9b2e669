"""The console's HTTP plumbing: where it lives, the headers every page carries, the bounded
form reader, the way back after login, and constant-time comparison of tokens."""

from __future__ import annotations

import hmac
import re
from urllib.parse import parse_qsl, urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from county.web import BodyTooLarge, read_body

PREFIX = "/console"
MAX_FORM = 64 * 1024
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
       " frame-ancestors 'none'; base-uri 'none'")


def same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def safe_next(value: str) -> str:
    """A console path to go back to after login; anything else (another site) is dropped."""
    if re.fullmatch(r"/console/[^/\\][^\\]*", value) and "//" not in value:
        return value
    return ""


def to_login(request: Request) -> Response:
    target = request.url.path
    if request.method == "GET" and request.url.query:
        target += "?" + request.url.query
    query = urlencode({"next": target}) if request.method == "GET" else ""
    return RedirectResponse(f"{PREFIX}/login" + (f"?{query}" if query else ""),
                            status_code=303)


async def read_form(request: Request) -> dict[str, str] | None:
    """A urlencoded form (no multipart: the console has no uploads); None when too large."""
    try:
        body = await read_body(request, MAX_FORM)
    except BodyTooLarge:
        return None
    if not request.headers.get("content-type", "").startswith(
            "application/x-www-form-urlencoded"):
        return {}
    text = body.decode("utf-8", errors="replace")
    try:
        return dict(parse_qsl(text, keep_blank_values=True, max_num_fields=100))
    except ValueError:  # more fields than any console form has
        return None


def with_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers.setdefault("Cache-Control", "no-store")
    return response
