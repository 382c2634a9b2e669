"""The county service over HTTP(S): the sync API for stations and the clerks' console.

API (docs/sync-protocol.md §9); bodies are envelopes (``application/octet-stream``),
errors are JSON ``{"error": code, "message_zh", "message_en", "quarantined"}``:

* ``POST /v1/enrol``             an ``enrol`` envelope -> the ``enrolled`` envelope
* ``POST /v1/up``                a ``batch``/``blob``/``down-receipt`` envelope -> its receipt
                                 (200), or 202 ``{"error": "gap", "expected": n}``
* ``GET  /v1/down/{station}?after=n``  the next downward envelope (200) or nothing (204)
* ``GET  /v1/health``            ``{"county": id}``
"""

from __future__ import annotations

import logging
import re
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from county.service import County, Refused
from desktop.domain.errors import TiaojieError
from desktop.sync import envelope

log = logging.getLogger(__name__)
MAX_BODY = 12 + envelope.MAX_HEADER + envelope.SIG_LEN + envelope.MAX_SEALED
OCTETS = "application/octet-stream"
AFTER = re.compile(r"[0-9]{1,18}")


class BodyTooLarge(Exception):
    pass


async def read_body(request: Request, limit: int = MAX_BODY) -> bytes:
    """The request body, refused as soon as it passes ``limit`` (declared or streamed)."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise BodyTooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def refusal(exc: Refused) -> JSONResponse:
    return JSONResponse(exc.to_json(), status_code=exc.status)


def too_large() -> JSONResponse:
    zh, en = envelope.CODE_TEXT[envelope.TOO_LARGE]
    return JSONResponse({"error": envelope.TOO_LARGE, "message_zh": "数据包" + zh,
                         "message_en": "body " + en, "quarantined": None}, status_code=413)


def api_routes(county: County) -> list[Route]:
    async def enrol(request: Request) -> Response:
        try:
            body = await read_body(request)
            answer = await run_in_threadpool(county.enrol, body)
        except BodyTooLarge:
            return too_large()
        except Refused as exc:
            return refusal(exc)
        except envelope.EnvelopeError as exc:
            return refusal(Refused(exc.code, 400, exc.detail))
        except TiaojieError as exc:
            return refusal(Refused("bad_request", 400, exc.en))
        return Response(answer, media_type=OCTETS)

    async def up(request: Request) -> Response:
        try:
            body = await read_body(request)
            answer = await run_in_threadpool(county.ingest, body)
        except BodyTooLarge:
            return too_large()
        except Refused as exc:
            return refusal(exc)
        if answer.status == 202:
            return JSONResponse({"error": "gap", "expected": answer.expected}, status_code=202)
        if answer.receipt is None:
            return JSONResponse({"ok": True})
        return Response(answer.receipt, media_type=OCTETS,
                        headers={"X-Duplicate": "1" if answer.duplicate else "0"})

    async def down(request: Request) -> Response:
        station = request.path_params["station"]
        after = request.query_params.get("after", "0")
        if not AFTER.fullmatch(after):  # ASCII digits only, and a number a BIGINT holds
            return JSONResponse({"error": "malformed", "message_zh": "after 参数应为不超过 18 位"
                                 "的数字", "message_en": "after: at most 18 digits",
                                 "quarantined": None}, status_code=400)
        try:
            await run_in_threadpool(county.check_station_request, station)
        except Refused as exc:
            return refusal(exc)
        data = await run_in_threadpool(county.next_down, station, int(after))
        if data is None:
            return Response(status_code=204)
        return Response(data, media_type=OCTETS)

    async def health(request: Request) -> Response:
        return JSONResponse({"county": county.id, "name": county.name})

    return [Route("/v1/enrol", enrol, methods=["POST"]),
            Route("/v1/up", up, methods=["POST"]),
            Route("/v1/down/{station}", down, methods=["GET"]),
            Route("/v1/health", health, methods=["GET"])]


def create_app(county: County, *, console_secret: bytes | None = None) -> Starlette:
    """The service: API plus (when present) the clerks' console."""
    routes: list[Any] = api_routes(county)
    try:
        from county import console  # type: ignore[attr-defined,unused-ignore]
    except ImportError:  # pragma: no cover - the console is part of the package
        console = None  # type: ignore[assignment]
    if console is not None:
        routes += console.routes(county, secret=console_secret)
    app = Starlette(routes=routes)
    app.state.county = county
    return app
