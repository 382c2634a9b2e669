"""The clerks' console: server-rendered pages under ``/console/`` (plain HTML forms, no
JavaScript), for the county court's clerks to watch the stations and delegate cases.

Sessions are an HMAC-signed cookie (stdlib ``hmac``/``hashlib``; HttpOnly, SameSite=Strict,
8 hours); the clerk's account is read again on every request, so a deactivated account or a
changed role takes effect at once.  Every POST form carries a CSRF token derived from the
session (the login form: from a pre-login cookie) and is refused with 403 without it.  Roles
follow ``county.service.PERMISSIONS``: ``read`` sees everything, ``write`` retries and
delegates and dismisses quarantined envelopes, ``manage`` adds, enrols and revokes
stations.  Writes are audited (County's own
methods audit theirs; the console audits logout, failed retries and refused requests).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route

from county.common import today
from county.console_cases import (
    DELEGATE_FIELDS,
    FIELD_LABELS,
    MODES,
    WHERE_FIELDS,
    case_document,
    case_view,
    when,
    yuan,
)
from county.console_http import (
    PREFIX,
    read_form,
    safe_next,
    same,
    to_login,
    with_headers,
)
from county.service import (
    PERMISSIONS,
    ROLES,
    STATUS_TEXT,
    AlreadyDelegated,
    County,
    Refused,
)
from desktop.domain import case_state, vocab
from desktop.domain.errors import AuthError, NotFoundError, TiaojieError, ValidationError
from desktop.sync import envelope

COOKIE, LOGIN_COOKIE = "tj_console", "tj_login"
SESSION_SECONDS = 8 * 3600
LOGIN_FORM_SECONDS = 3600
TEMPLATES = Path(__file__).resolve().parent / "templates"


MESSAGE_KINDS = {"batch": "数据批次", "blob": "附件分块", "down-receipt": "下发回执",
                 "enrol": "注册申请"}
MESSAGE_STATUS = {"applied": "已接收，已回执", "held": "已暂存，等待前序批次"}
QUARANTINE_STATUS = {"open": "待处理", "retried": "已重试", "dismissed": "已关闭"}
NOTICES = {"added": "已添加工作站。", "revoked": "已吊销该工作站。"}

Handler = Callable[[Request, "Session", dict[str, str]], Response]


@dataclass(frozen=True)
class Session:
    login: str
    name: str
    role: str
    nonce: str
    csrf: str

    @property
    def perms(self) -> set[str]:
        return PERMISSIONS.get(self.role, set())


class Console:
    """The console's state: the county, the signing secret, templates, ended sessions."""

    def __init__(self, county: County, secret: bytes | None) -> None:
        self.county = county
        self.secret = secret or secrets.token_bytes(32)
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                                      autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                      undefined=jinja2.StrictUndefined)
        self.env.filters.update(when=when, yuan=yuan)
        self.env.globals.update(STATUS_TEXT=STATUS_TEXT, ROLES=ROLES)
        self._ended: dict[str, float] = {}
        self._lock = threading.Lock()

    # -- cookies and tokens --------------------------------------------------------------

    def _mac(self, *parts: str) -> str:
        return hmac.new(self.secret, "\x1f".join(parts).encode("utf-8"),
                        hashlib.sha256).hexdigest()

    def session_cookie(self, login: str, expires: float | None = None) -> str:
        body = json.dumps({"u": login, "x": int(expires or time.time() + SESSION_SECONDS),
                           "n": secrets.token_urlsafe(16)}, separators=(",", ":"))
        payload = base64.urlsafe_b64encode(body.encode("utf-8")).decode("ascii").rstrip("=")
        return f"{payload}.{self._mac('session', payload)}"

    def _read_cookie(self, value: str) -> dict[str, Any] | None:
        payload, _, mac = value.rpartition(".")
        if not payload or not same(mac, self._mac("session", payload)):
            return None
        try:
            data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        except ValueError:
            return None
        if (not isinstance(data, dict) or not isinstance(data.get("u"), str)
                or not isinstance(data.get("x"), int) or not isinstance(data.get("n"), str)
                or data["x"] < time.time()):
            return None
        with self._lock:
            if data["n"] in self._ended:
                return None
        return data

    def session(self, request: Request) -> Session | None:
        """The signed-in clerk, read again from the database (active accounts only)."""
        data = self._read_cookie(request.cookies.get(COOKIE, ""))
        if data is None:
            return None
        row = self.county.store.one("SELECT login, name, role FROM clerks WHERE login = ?"
                                    " AND active = 1", [data["u"]])
        if row is None:
            return None
        return Session(row["login"], row["name"], row["role"], data["n"],
                       self._mac("csrf", data["n"]))

    def end(self, session: Session) -> None:
        with self._lock:
            now = time.time()
            self._ended = {n: t for n, t in self._ended.items() if t > now}
            self._ended[session.nonce] = now + SESSION_SECONDS

    # -- responses -----------------------------------------------------------------------

    def render(self, template: str, session: Session | None, status: int = 200,
               **context: Any) -> Response:
        perms = session.perms if session else set()
        html = self.env.get_template(template).render(
            county_name=self.county.name, user=session, csrf=session.csrf if session else "",
            can_write="write" in perms, can_manage="manage" in perms,
            role_label=ROLES.get(session.role, session.role) if session else "",
            **context)
        return with_headers(HTMLResponse(html, status_code=status))

    def refuse(self, session: Session | None, message: str, status: int = 403) -> Response:
        return self.render("error.html", session, status, title="无法完成", message=message)

    def page(self, handler: Handler, need: str = "read") -> Callable[[Request],
                                                                      Awaitable[Response]]:
        """An endpoint: signed-in clerk, CSRF token on POST, the permission ``need``."""
        async def endpoint(request: Request) -> Response:
            session = await run_in_threadpool(self.session, request)
            if session is None:
                return to_login(request)
            form: dict[str, str] = {}
            if request.method == "POST":
                read = await read_form(request)
                if read is None:
                    return self.refuse(session, "提交的内容过大。", 413)
                form = read
                if not same(form.get("csrf", ""), session.csrf):
                    await run_in_threadpool(self.county.audit, session.login,
                                            "console.csrf_refused", request.url.path)
                    return self.refuse(session, "页面已过期或来源不明，请刷新页面后重新提交。")
            if need not in session.perms:
                if request.method == "POST":
                    await run_in_threadpool(self.county.audit, session.login,
                                            "console.denied", request.url.path)
                role = ROLES.get(session.role, session.role)
                return self.refuse(session, f"您的账户（{role}）没有此权限。")
            try:
                return await run_in_threadpool(handler, request, session, form)
            except NotFoundError as exc:
                return self.refuse(session, exc.zh, 404)
        return endpoint

    # -- login ---------------------------------------------------------------------------

    def login_page(self, request: Request, *, status: int = 200, error: str = "",
                   login: str = "", next_: str = "") -> Response:
        nonce = secrets.token_urlsafe(16)
        response = self.render("login.html", None, status, title="登录", error=error,
                               login=login, next=next_, login_csrf=self._mac("login", nonce))
        response.set_cookie(LOGIN_COOKIE, nonce, max_age=LOGIN_FORM_SECONDS, path=PREFIX,
                            httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")
        return response

    async def login(self, request: Request) -> Response:
        next_ = safe_next(request.query_params.get("next", ""))
        if request.method == "GET":
            return self.login_page(request, next_=next_)
        form = await read_form(request) or {}
        next_ = safe_next(form.get("next", ""))
        login = form.get("login", "").strip()
        nonce = request.cookies.get(LOGIN_COOKIE, "")
        if not nonce or not same(form.get("csrf", ""), self._mac("login", nonce)):
            return self.login_page(request, status=403, login=login, next_=next_,
                                   error="登录页面已过期，请重新输入密码后登录。")
        try:
            user = await run_in_threadpool(self.county.login, login, form.get("password", ""))
        except AuthError as exc:
            return self.login_page(request, status=400, error=exc.zh, login=login, next_=next_)
        response = RedirectResponse(next_ or f"{PREFIX}/stations", status_code=303)
        response.set_cookie(COOKIE, self.session_cookie(user["login"]),
                            max_age=SESSION_SECONDS, path=PREFIX, httponly=True,
                            samesite="strict", secure=request.url.scheme == "https")
        response.delete_cookie(LOGIN_COOKIE, path=PREFIX)
        return response

    def logout(self, request: Request, session: Session, form: dict[str, str]) -> Response:
        self.end(session)
        self.county.audit(session.login, "logout")
        response = RedirectResponse(f"{PREFIX}/login", status_code=303)
        response.delete_cookie(COOKIE, path=PREFIX)
        return response

    # -- stations ------------------------------------------------------------------------

    def stations(self, request: Request, session: Session, form: dict[str, str],
                 *, error: str = "", status: int = 200) -> Response:
        rows = self.county.stations()
        notice = ""
        added = request.query_params.get("added")
        if added and any(r["id"] == added for r in rows):
            notice = f"已添加工作站 {added}。请下载注册文件交给该工作站。"
        return self.render("stations.html", session, status, title="工作站", nav="stations",
                           stations=rows, error=error, notice=notice, form=form)

    def add_station(self, request: Request, session: Session, form: dict[str, str]
                    ) -> Response:
        try:
            st = self.county.add_station(form.get("id", ""), form.get("name", ""),
                                         session.login)
        except TiaojieError as exc:
            return self.stations(request, session, form, error=exc.zh, status=400)
        return RedirectResponse(f"{PREFIX}/stations?{urlencode({'added': st['id']})}",
                                status_code=303)

    def station(self, request: Request, session: Session, form: dict[str, str],
                *, error: str = "", status: int = 200) -> Response:
        st = self.county.station(request.path_params["sid"])
        org: Any = None
        if st.get("org"):
            try:
                org = json.loads(st["org"])
            except ValueError:
                org = st["org"]
        notice = NOTICES.get(request.query_params.get("done", ""), "")
        return self.render("station.html", session, status, title=f"工作站 {st['id']}",
                           nav="stations", st=st, org=org, error=error, notice=notice,
                           form=form, refusals=self.county.refusals(st["id"]))

    def enrol_file(self, request: Request, session: Session, form: dict[str, str]
                   ) -> Response:
        sid = request.path_params["sid"]
        try:
            data = self.county.enrol_file(sid, session.login)
        except TiaojieError as exc:
            return self.station(request, session, {}, error=exc.zh, status=400)
        name = re.sub(r"[^0-9A-Za-z._-]", "_", sid) + ".tjenrol"
        return with_headers(Response(data, media_type="application/octet-stream", headers={
            "Content-Disposition": f"attachment; filename=\"{name}\""}))

    def revoke(self, request: Request, session: Session, form: dict[str, str]) -> Response:
        sid = request.path_params["sid"]
        reason = form.get("reason", "").strip()
        error = ""
        if not reason:
            error = "请填写吊销原因。"
        elif form.get("confirm", "").strip() != sid:
            error = f"确认栏须填写工作站编号“{sid}”。"
        if error:
            return self.station(request, session, form, error=error, status=400)
        try:
            self.county.revoke(sid, reason, session.login)
        except TiaojieError as exc:
            return self.station(request, session, form, error=exc.zh, status=400)
        return RedirectResponse(f"{PREFIX}/stations/{quote(sid, safe='')}?done=revoked",
                                status_code=303)

    # -- reading -------------------------------------------------------------------------

    def inbox(self, request: Request, session: Session, form: dict[str, str]) -> Response:
        down = self.county.store.rows(
            "SELECT station, seq, summary, created_at, created_by, acked_at FROM downlink"
            " ORDER BY created_at DESC, seq DESC LIMIT 100")
        return self.render("inbox.html", session, title="收件箱", nav="inbox",
                           messages=self.county.inbox(), down=down, kinds=MESSAGE_KINDS,
                           statuses=MESSAGE_STATUS, names=self._names())

    def cases(self, request: Request, session: Session, form: dict[str, str]) -> Response:
        q = request.query_params.get("q", "").strip()[:100]
        station = request.query_params.get("station", "")
        rows = self.county.cases(q, station)
        return self.render("cases.html", session, title="案件", nav="cases", cases=rows,
                           q=q, station=station, names=self._names(), states=case_state.STATES,
                           limited=len(rows) >= 200)

    def case(self, request: Request, session: Session, form: dict[str, str]) -> Response:
        row = self.county.case(request.path_params["sid"], request.path_params["uid"])
        return self.render("case.html", session, title=f"案件 {row.get('title') or ''}",
                           nav="cases", row=row, case=case_view(row["data"]),
                           station_name=self._names().get(row["station"], row["station"]))

    def _names(self) -> dict[str, str]:
        return {r["id"]: r["name"] for r in self.county.stations()}

    # -- quarantine ----------------------------------------------------------------------

    def quarantine(self, request: Request, session: Session, form: dict[str, str]
                   ) -> Response:
        which = "all" if request.query_params.get("status") == "all" else "open"
        return self.render("quarantine.html", session, title="隔离区", nav="quarantine",
                           items=self.county.quarantine(which), which=which,
                           statuses=QUARANTINE_STATUS, kinds=MESSAGE_KINDS)

    def quarantined(self, request: Request, session: Session, form: dict[str, str],
                    *, outcome: str = "", ok: bool = False, status: int = 200) -> Response:
        item = self.county.quarantined(request.path_params["qid"])
        header: Any = None
        if item.get("header"):
            try:
                header = json.dumps(json.loads(item["header"]), ensure_ascii=False, indent=1)
            except ValueError:
                header = item["header"]
        retryable = bool(item.get("envelope")) and item["code"] != envelope.BAD_SIGNATURE
        return self.render("quarantined.html", session, status, title=f"隔离项 {item['id']}",
                           nav="quarantine", item=item, header=header,
                           size=len(item.get("envelope") or b""), outcome=outcome, ok=ok,
                           statuses=QUARANTINE_STATUS, kinds=MESSAGE_KINDS,
                           retryable=retryable, reason=form.get("reason", ""))

    def retry(self, request: Request, session: Session, form: dict[str, str]) -> Response:
        qid = request.path_params["qid"]
        try:
            answer = self.county.retry(qid, session.login)
        except Refused as exc:
            self.county.audit(session.login, "quarantine.retry_refused", str(qid),
                              {"code": exc.code, "quarantined": exc.quarantined})
            text = f"重试后仍被拒绝：{exc.zh}"
            if exc.quarantined and exc.quarantined != qid:
                text += f"（已另行隔离为第 {exc.quarantined} 项）"
            elif exc.quarantined:
                text += "（仍留在隔离区）"
            return self.quarantined(request, session, form, outcome=text)
        except TiaojieError as exc:
            return self.quarantined(request, session, form, outcome=exc.zh, status=400)
        if answer.status == 202:
            text = f"已暂存：等待第 {answer.expected} 批到达后自动接收。"
        elif answer.duplicate:
            text = "该数据包此前已接收，已重发原回执。"
        else:
            text = "重试成功：数据已接收并生成回执。"
        return self.quarantined(request, session, form, outcome=text, ok=True)

    def dismiss(self, request: Request, session: Session, form: dict[str, str]) -> Response:
        qid = request.path_params["qid"]
        try:
            self.county.dismiss(qid, form.get("reason", ""), session.login)
        except TiaojieError as exc:
            return self.quarantined(request, session, form, outcome=exc.zh, status=400)
        return self.quarantined(request, session, {}, ok=True,
                                outcome="已关闭：该数据包不会被接收。如果它确实来自工作站，"
                                        "工作站会重新发送。")

    # -- delegation ----------------------------------------------------------------------

    def delegate_page(self, request: Request, session: Session, form: dict[str, str],
                      *, error: str = "", bad: str = "", status: int = 200,
                      offer_again: bool = False) -> Response:
        enrolled = [s for s in self.county.stations() if s["status"] == "enrolled"]
        done = request.query_params.get("done", "") if request.method == "GET" else ""
        done_station = request.query_params.get("station", "") if done else ""
        values = {k: form.get(k, "") for k in DELEGATE_FIELDS}
        if not values["mode"]:
            values["mode"] = "court_delegated"
        return self.render("delegate.html", session, status, title="委派案件", nav="delegate",
                           stations=enrolled, modes=MODES, types=vocab.DISPUTE_TYPES,
                           v=values, error=error, bad=bad, labels=FIELD_LABELS,
                           done=done[:64], done_station=self._names().get(done_station, ""),
                           today=today().isoformat(),
                           offer_again=offer_again or form.get("again") == "1",
                           again=form.get("again") == "1")

    def delegate(self, request: Request, session: Session, form: dict[str, str]) -> Response:
        values = {k: form.get(k, "").strip() if k != "summary" else form.get(k, "")
                  for k in DELEGATE_FIELDS}
        try:
            if not values["station"]:
                raise ValidationError("请选择工作站", "choose a station", "station")
            doc = case_document(values)
            item = self.county.delegate(values["station"], doc, session.login,
                                        mode=values["mode"], again=form.get("again") == "1")
        except AlreadyDelegated as exc:
            # The earlier delegation's day is in the message; a second one needs the box.
            return self.delegate_page(request, session, {**values, "again": ""}, status=400,
                                      bad="court_case_no", offer_again=True,
                                      error=f"{FIELD_LABELS['court_case_no']}：{exc.zh}。"
                                            "如确需再次委派，请勾选“确认再次委派”后重新提交。")
        except TiaojieError as exc:
            field = WHERE_FIELDS.get(exc.where or "", "")
            if not field and exc.where:
                field = WHERE_FIELDS.get(re.sub(r"\[\d+\]$", "", exc.where), "")
            label = FIELD_LABELS.get(field, "")
            return self.delegate_page(request, session,
                                      {**values, "again": form.get("again", "")},
                                      status=400, bad=field,
                                      error=f"{label}：{exc.zh}" if label else exc.zh)
        return RedirectResponse(f"{PREFIX}/delegate?"
                                + urlencode({"done": item, "station": values["station"]}),
                                status_code=303)

    # -- routes --------------------------------------------------------------------------

    def routes(self) -> list[Route | Mount]:
        async def home(request: Request) -> Response:
            return RedirectResponse(f"{PREFIX}/stations", status_code=303)

        async def css(request: Request) -> Response:
            return Response((TEMPLATES / "console.css").read_bytes(), media_type="text/css",
                            headers={"Cache-Control": "max-age=3600"})

        p = self.page
        return [
            Route(PREFIX, home, methods=["GET"]),
            Route(f"{PREFIX}/", home, methods=["GET"]),
            Route(f"{PREFIX}/console.css", css, methods=["GET"]),
            Route(f"{PREFIX}/login", self.login, methods=["GET", "POST"]),
            Route(f"{PREFIX}/logout", p(self.logout), methods=["POST"]),
            Route(f"{PREFIX}/stations", p(self.stations), methods=["GET"]),
            Route(f"{PREFIX}/stations", p(self.add_station, "manage"), methods=["POST"]),
            Route(f"{PREFIX}/stations/{{sid}}", p(self.station), methods=["GET"]),
            Route(f"{PREFIX}/stations/{{sid}}/enrol", p(self.enrol_file, "manage"),
                  methods=["POST"]),
            Route(f"{PREFIX}/stations/{{sid}}/revoke", p(self.revoke, "manage"),
                  methods=["POST"]),
            Route(f"{PREFIX}/inbox", p(self.inbox), methods=["GET"]),
            Route(f"{PREFIX}/cases", p(self.cases), methods=["GET"]),
            Route(f"{PREFIX}/cases/{{sid}}/{{uid}}", p(self.case), methods=["GET"]),
            Route(f"{PREFIX}/quarantine", p(self.quarantine), methods=["GET"]),
            Route(f"{PREFIX}/quarantine/{{qid:int}}", p(self.quarantined), methods=["GET"]),
            Route(f"{PREFIX}/quarantine/{{qid:int}}/retry", p(self.retry, "write"),
                  methods=["POST"]),
            Route(f"{PREFIX}/quarantine/{{qid:int}}/dismiss", p(self.dismiss, "write"),
                  methods=["POST"]),
            Route(f"{PREFIX}/delegate", p(self.delegate_page), methods=["GET"]),
            Route(f"{PREFIX}/delegate", p(self.delegate, "write"), methods=["POST"]),
        ]


def routes(county: County, *, secret: bytes | None) -> list[Route | Mount]:
    """The console's routes for ``county.web.create_app``; ``secret`` signs the session
    cookies (random per process when None: sessions then end with a restart)."""
    return Console(county, secret).routes()
