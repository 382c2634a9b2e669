"""The clerks' console (county/console.py): a real uvicorn server over HTTPS with the county's
own certificate, driven by real headless Chromium; plus a few fast checks of the session and
CSRF rules through Starlette's TestClient.

The received cases and the quarantined envelope come in through the real ingest path
(envelopes sealed here with the desktop's sync modules and a station's freshly made keys);
only the stations' enrolment is set by SQL, because the station side is not under test.
"""

from __future__ import annotations

import os
import re
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait
from starlette.testclient import TestClient

from county.console import COOKIE, Console
from county.service import County, Refused, now
from county.web import create_app
from desktop.sync import batches, envelope, keys
from tests.servers import free_port

PASSWORDS = {"admin": "admin-pass-1", "clerk": "clerk-pass-1", "viewer": "viewer-pass-1"}
WSR, HS, OLD = "370112-wsr", "370102-hs", "370103-old"
WSR_NAME = "王舍人街道劳动人事争议调解中心"
# Where the screenshots for the docs go (docs/screenshots when refreshing them by hand).
SHOTS_ENV = "TIAOJIE_CONSOLE_SHOTS"


def make_county(home: Path) -> County:
    county = County.init(home, county_id="370100", name="测试县劳动人事争议仲裁院", url=None,
                         passphrase="county-pass-1")
    for login, name in (("admin", "王管理"), ("clerk", "李书记"), ("viewer", "赵只读")):
        county.add_clerk(login, name, login, PASSWORDS[login], "system")
    return county


def enrol(county: County, station: str, pairs: keys.KeyPairs) -> None:
    """What a completed enrolment leaves behind, without the station side."""
    public = pairs.public.to_json()
    county.store.execute("UPDATE stations SET status = 'enrolled', sign_key = ?, box_key = ?,"
                         " enrolled_at = ?, last_contact = ? WHERE id = ?",
                         [public["sign"], public["box"], now(), now(), station])


def case_record(case_no: str, applicant: str, respondent: str, status: str = "mediating"
                ) -> batches.Record:
    """A case as a station's batch carries it (desktop/storage/sync.py case_aggregate)."""
    uid = str(uuid.uuid4())
    data = {
        "uid": uid, "case_no": case_no, "kind": "mediation",
        "source": "application", "status": status, "received_on": "2026-11-16",
        "dispute_types": '["wages"]', "summary": f"{applicant}被拖欠工资，请求调解。",
        "claimed_fen": 1200050, "court_case_no": None,
        "parties": [
            {"position": 0, "side": "applicant", "kind": "worker", "name": applicant,
             "id_type": "resident_id", "id_number": "371522196803126051",
             "phone": "17789444099", "deleted": 0},
            {"position": 1, "side": "respondent", "kind": "employer", "name": respondent,
             "uscc": "91370112MAW1H5GT1R", "deleted": 0}],
        "claims": [{"position": 0, "item": "支付拖欠的工资", "amount_fen": 1200050}],
        "events": [
            {"seq": 1, "event": "accept", "occurred_on": "2026-11-17",
             "recorded_at": "2026-11-17T02:00:00+00:00", "actor": "mediator",
             "to_status": "accepted", "data": None},
            {"seq": 2, "event": "start", "occurred_on": "2026-11-18",
             "recorded_at": "2026-11-18T02:00:00+00:00", "actor": "mediator",
             "to_status": "mediating", "data": {"next_on": "2026-11-25"}}],
    }
    return batches.Record.of("case", uid, 3, False, data)


def batch(county: County, station: str, pairs: keys.KeyPairs, seq: int,
          records: list[batches.Record]) -> bytes:
    payload = batches.batch_payload(records, batch=str(uuid.uuid4()), part=1, parts=1,
                                    epochs=(0, seq), audit_head="")
    return envelope.seal(kind="batch", county=county.id, station=station, seq=seq,
                         message_id=str(uuid.uuid4()), created=now(), meta={},
                         payload=payload, sender=pairs.sign, recipient=county.public.box)


@dataclass
class Site:
    county: County
    url: str
    hs_pairs: keys.KeyPairs


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    home = tmp_path_factory.mktemp("console") / "county"
    county = make_county(home)
    county.add_station(WSR, WSR_NAME, "system")
    county.add_station(HS, "华山街道调解中心", "system")
    county.add_station(OLD, "旧城街道调解中心", "system")
    wsr, hs = keys.KeyPairs.generate(), keys.KeyPairs.generate()
    enrol(county, WSR, wsr)
    county.ingest(batch(county, WSR, wsr, 1, [
        case_record("王舍人街道劳人调字〔2026〕第301号", "张伟", "济南鑫达建筑劳务有限公司"),
        case_record("王舍人街道劳人调字〔2026〕第302号", "李秀英", "山东恒通建设集团有限公司",
                    "agreement")]))
    # Envelopes from stations that have not finished enrolling: quarantined.  HS's key is
    # known (its enrolment is under way), so its envelope is kept whole and can be retried.
    enrol(county, HS, hs)
    county.store.execute("UPDATE stations SET status = 'created' WHERE id = ?", [HS])
    with pytest.raises(Refused):
        county.ingest(batch(county, HS, hs, 1, [case_record("华山劳人调字〔2026〕第7号",
                                                            "孙立", "华山物业有限公司")]))
    with pytest.raises(Refused):
        county.ingest(batch(county, OLD, keys.KeyPairs.generate(), 1, []))

    config = uvicorn.Config(create_app(county), host="127.0.0.1", port=free_port(),
                            ssl_certfile=str(home / "keys" / "tls.crt"),
                            ssl_keyfile=str(home / "keys" / "tls.key"), log_level="warning",
                            timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield Site(county, f"https://127.0.0.1:{config.port}", hs)
    finally:
        server.should_exit = True
        thread.join(10)
        county.store.close()


# -- browser helpers ----------------------------------------------------------------------


def wait(browser: Any, timeout: float = 10) -> WebDriverWait:
    return WebDriverWait(browser, timeout)


def click(browser: Any, element: WebElement) -> None:
    """Click something that loads a new page, and wait until that page has loaded."""
    old = browser.find_element(By.TAG_NAME, "html")
    element.click()

    def replaced(_: Any) -> bool:
        try:
            old.tag_name  # noqa: B018 (asks the browser about the old page)
        except StaleElementReferenceException:
            return True
        except WebDriverException:  # "does not belong to the document": mid-swap
            return False
        return False

    wait(browser).until(replaced)
    wait(browser).until(lambda d: d.execute_script("return document.readyState") == "complete")


def fill(browser: Any, **fields: str) -> None:
    for name, value in fields.items():
        box = browser.find_element(By.NAME, name)
        box.clear()
        box.send_keys(value)


def login(browser: Any, site: Site, user: str, password: str | None = None) -> None:
    browser.get(f"{site.url}/console/login")
    browser.delete_all_cookies()
    browser.get(f"{site.url}/console/login")
    fill(browser, login=user, password=password or PASSWORDS[user])
    click(browser, browser.find_element(By.ID, "submit"))


def text(browser: Any) -> str:
    return browser.find_element(By.TAG_NAME, "body").text


def shot(browser: Any, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get(SHOTS_ENV) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(folder / name))


# -- in the browser -----------------------------------------------------------------------


def test_login_failure_then_clerk_sees_stations_and_inbox(browser: Any, site: Site) -> None:
    login(browser, site, "clerk", "wrong-password")
    assert browser.find_element(By.ID, "error").text == "用户名或密码不对"
    assert browser.find_element(By.NAME, "login").get_attribute("value") == "clerk"
    login(browser, site, "clerk")
    assert browser.current_url.endswith("/console/stations")
    table = browser.find_element(By.ID, "stations").text
    assert WSR_NAME in table and "已注册" in table and "待注册" in table
    assert "李书记（书记员）" in text(browser)
    # A clerk does not manage stations.
    assert not browser.find_elements(By.ID, "add-station")
    click(browser, browser.find_element(By.LINK_TEXT, "收件箱"))
    inbox = browser.find_element(By.ID, "messages").text
    assert WSR_NAME in inbox and "数据批次" in inbox and "已接收，已回执" in inbox


def test_search_finds_a_case_by_a_two_character_name(browser: Any, site: Site,
                                                     tmp_path: Path) -> None:
    login(browser, site, "clerk")
    browser.get(f"{site.url}/console/cases")
    assert "第301号" in browser.find_element(By.ID, "cases").text
    fill(browser, q="张伟")
    Select(browser.find_element(By.NAME, "station")).select_by_visible_text(WSR_NAME)
    click(browser, browser.find_element(By.CSS_SELECTOR, "#search button"))
    rows = browser.find_element(By.ID, "cases").text
    assert "王舍人街道劳人调字〔2026〕第301号" in rows and "第302号" not in rows
    assert browser.find_element(By.NAME, "q").get_attribute("value") == "张伟"
    shot(browser, "county-console-cases.png", tmp_path)
    click(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "第301号"))
    assert "济南鑫达建筑劳务有限公司" in browser.find_element(By.ID, "parties").text
    assert "¥12,000.50" in browser.find_element(By.ID, "claims").text
    events = browser.find_element(By.ID, "events").text
    assert "受理" in events and "调解中" in events
    assert "劳动报酬" in text(browser)


def test_quarantine_shows_the_reason_and_a_retry_its_outcome(browser: Any, site: Site) -> None:
    login(browser, site, "clerk")
    browser.get(f"{site.url}/console/quarantine")
    listing = browser.find_element(By.ID, "quarantine").text
    assert "工作站尚未完成注册" in listing and HS in listing
    click(browser, browser.find_element(By.XPATH, f"//tr[td[text()='{HS}']]//a"))
    assert "工作站尚未完成注册" in text(browser)
    # The station finishes enrolling; now the held-back batch goes through.
    enrol(site.county, HS, site.hs_pairs)
    click(browser, browser.find_element(By.CSS_SELECTOR, "#retry button"))
    assert browser.find_element(By.ID, "outcome").text == "重试成功：数据已接收并生成回执。"
    assert browser.find_element(By.ID, "status").text.startswith("已重试")
    assert not browser.find_elements(By.ID, "retry")
    assert site.county.cases("孙立")


DELEGATION = {"court_case_no": "（2026）鲁0112民初4521号", "app_name": "周晓梅",
              "app_phone": "13974919000", "resp_name": "济南华信餐饮管理有限公司",
              "resp_uscc": "91370102969779687A", "claim_item": "支付拖欠的工资",
              "claim_yuan": "8600.50", "summary": "申请人在被申请人处任服务员，被拖欠三个月工资。"}


def fill_delegation(browser: Any, id_number: str) -> None:
    Select(browser.find_element(By.NAME, "station")).select_by_visible_text(WSR_NAME)
    Select(browser.find_element(By.NAME, "mode")).select_by_visible_text("法院委托")
    Select(browser.find_element(By.NAME, "dispute_type")).select_by_visible_text("劳动报酬")
    day = (date.today() - timedelta(days=2)).isoformat()
    # A date input takes what is typed in the browser's locale order: set it directly.
    browser.execute_script("arguments[0].value = arguments[1]",
                           browser.find_element(By.NAME, "received_on"), day)
    fill(browser, app_id=id_number, **DELEGATION)


def test_delegation_error_is_shown_in_chinese_and_keeps_the_values(
        browser: Any, site: Site, tmp_path: Path) -> None:
    login(browser, site, "clerk")
    browser.get(f"{site.url}/console/delegate")
    fill_delegation(browser, "371522196803126052")  # wrong check digit
    click(browser, browser.find_element(By.ID, "submit"))
    assert browser.find_element(By.ID, "error").text == "申请人身份证号：身份证号校验位错误"
    assert "bad" in (browser.find_element(By.NAME, "app_id").get_attribute("class") or "")
    for name, value in DELEGATION.items():
        assert browser.find_element(By.NAME, name).get_attribute("value") == value, name
    assert browser.find_element(By.NAME, "app_id").get_attribute("value") == \
        "371522196803126052"
    assert Select(browser.find_element(By.NAME, "mode")).first_selected_option.text == "法院委托"
    assert Select(browser.find_element(By.NAME, "station")
                  ).first_selected_option.text == WSR_NAME
    browser.set_window_size(1280, 1000)
    try:
        shot(browser, "county-console-delegate.png", tmp_path)
    finally:
        browser.set_window_size(1280, 900)
    assert site.county.store.value("SELECT count(*) FROM downlink") == 0


def test_a_good_delegation_is_queued_for_the_station(browser: Any, site: Site) -> None:
    login(browser, site, "clerk")
    browser.get(f"{site.url}/console/delegate")
    fill_delegation(browser, "371522196803126051")
    click(browser, browser.find_element(By.ID, "submit"))
    notice = browser.find_element(By.ID, "notice").text
    assert notice.startswith(f"案件已委派给“{WSR_NAME}”")
    rows = site.county.store.rows("SELECT station, summary, created_by FROM downlink")
    assert rows == [{"station": WSR, "summary": "委派案件：周晓梅 诉 济南华信餐饮管理有限公司",
                     "created_by": "clerk"}]
    # The form is empty again (no accidental second delegation on reload).
    assert browser.find_element(By.NAME, "app_name").get_attribute("value") == ""
    click(browser, browser.find_element(By.LINK_TEXT, "收件箱"))
    assert "待确认" in browser.find_element(By.ID, "downlink").text


def test_the_station_page_shows_what_the_station_refused(browser: Any, site: Site) -> None:
    """A station's down-receipt names the items it refuses now; the clerk reads them."""
    site.county.store.execute(
        "INSERT INTO down_refusals (station, item_id, item_type, reason, reported_at)"
        " VALUES (?, 'item-7', 'delegation', ?, '2026-12-06T02:00:00+00:00')",
        [WSR, "委派案件的来源不对 / a delegated case must come from a referral"])
    try:
        login(browser, site, "clerk")
        browser.get(f"{site.url}/console/stations/{WSR}")
        table = browser.find_element(By.ID, "refusals").text
        assert "item-7" in table and "委派案件的来源不对" in table
    finally:
        site.county.store.execute("DELETE FROM down_refusals")


def test_a_viewer_reads_but_cannot_write(browser: Any, site: Site) -> None:
    login(browser, site, "viewer")
    for path in ("stations", f"stations/{WSR}", "cases", "quarantine?status=all",
                 "delegate", "inbox"):
        browser.get(f"{site.url}/console/{path}")
        forms = browser.find_elements(By.CSS_SELECTOR, "form[method=post]")
        assert [f.get_attribute("action") for f in forms] == \
            [f"{site.url}/console/logout"], path
    assert "委派案件" not in browser.find_element(By.CLASS_NAME, "nav").text
    browser.get(f"{site.url}/console/quarantine")
    click(browser, browser.find_element(By.XPATH, f"//tr[td[text()='{OLD}']]//a"))
    assert "待处理" in browser.find_element(By.ID, "status").text
    assert not browser.find_elements(By.ID, "retry")
    # A forged form with the viewer's own valid CSRF token is still refused.
    token = browser.find_element(By.NAME, "csrf").get_attribute("value")
    before = site.county.store.value("SELECT count(*) FROM downlink")
    browser.execute_script(
        "var f = document.createElement('form'); f.method = 'post';"
        " f.action = '/console/delegate';"
        " var i = document.createElement('input'); i.name = 'csrf'; i.value = arguments[0];"
        " f.appendChild(i); document.body.appendChild(f); f.submit();", token)
    wait(browser).until(lambda d: d.current_url.endswith("/console/delegate"))
    assert "没有此权限" in browser.find_element(By.ID, "error").text
    assert site.county.store.value("SELECT count(*) FROM downlink") == before
    assert site.county.store.one("SELECT actor FROM audit WHERE action = 'console.denied'"
                                 ) == {"actor": "viewer"}


def test_an_admin_revokes_a_station(browser: Any, site: Site) -> None:
    login(browser, site, "admin")
    click(browser, browser.find_element(By.LINK_TEXT, OLD))
    fill(browser, reason="设备遗失", confirm="370103")  # not the whole id
    click(browser, browser.find_element(By.CSS_SELECTOR, "#revoke button"))
    assert "确认栏须填写工作站编号" in browser.find_element(By.ID, "error").text
    assert browser.find_element(By.NAME, "reason").get_attribute("value") == "设备遗失"
    fill(browser, reason="设备遗失", confirm=OLD)
    click(browser, browser.find_element(By.CSS_SELECTOR, "#revoke button"))
    assert browser.find_element(By.ID, "status").text == "已吊销"
    assert "设备遗失" in text(browser)
    assert not browser.find_elements(By.ID, "revoke")
    browser.get(f"{site.url}/console/stations")
    row = browser.find_element(By.XPATH, f"//tr[td/a[text()='{OLD}']]").text
    assert "已吊销" in row


def test_logout_ends_the_session(browser: Any, site: Site) -> None:
    login(browser, site, "clerk")
    cookie = browser.get_cookie(COOKIE)
    assert cookie and cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["secure"]
    click(browser, browser.find_element(By.ID, "logout"))
    assert browser.current_url.endswith("/console/login")
    browser.get(f"{site.url}/console/cases")
    assert "/console/login?next=" in browser.current_url
    # The old cookie, put back, is no longer a session either.
    browser.add_cookie({k: cookie[k] for k in ("name", "value", "path", "secure")})
    browser.get(f"{site.url}/console/cases")
    assert "/console/login" in browser.current_url


# -- without a browser --------------------------------------------------------------------


SECRET = b"console-test-secret-0123456789ab"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    county = make_county(tmp_path / "county")
    county.add_station(WSR, WSR_NAME, "system")
    with TestClient(create_app(county, console_secret=SECRET)) as c:
        yield c
    county.store.close()


def county_of(client: TestClient) -> County:
    return client.app.state.county  # type: ignore[attr-defined,no-any-return]


def sign_in(client: TestClient, user: str) -> str:
    """Log in through the form; returns a page's CSRF token."""
    page = client.get("/console/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token
    answer = client.post("/console/login", data={"csrf": token[1], "login": user,
                                                  "password": PASSWORDS[user]})
    assert answer.status_code == 200 and answer.url.path == "/console/stations"
    found = re.search(r'name="csrf" value="([^"]+)"', answer.text)
    assert found
    return found[1]


def test_unauthenticated_requests_go_to_the_login_page(client: TestClient) -> None:
    for path in ("/console/", "/console/stations", "/console/cases?q=张",
                 f"/console/stations/{WSR}"):
        answer = client.get(path, follow_redirects=True)
        assert answer.url.path == "/console/login", path
        assert "书记员登录" in answer.text
    answer = client.get("/console/cases?q=x", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console/login?next=%2Fconsole%2Fcases%3Fq%3Dx"
    answer = client.post("/console/delegate", data={"station": WSR}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/console/login"
    # Only console paths are followed after login.
    assert 'name="next" value=""' in client.get("/console/login?next=//evil.example/").text


def test_a_post_without_the_csrf_token_is_refused(client: TestClient) -> None:
    county = county_of(client)
    token = sign_in(client, "admin")
    for data in ({"id": "370104-x", "name": "新站"},
                 {"id": "370104-x", "name": "新站", "csrf": "x" + token[1:]}):
        answer = client.post("/console/stations", data=data)
        assert answer.status_code == 403 and "页面已过期" in answer.text
    assert county.station("370104-x", missing_ok=True) is None
    answer = client.post("/console/stations", data={"id": "370104-x", "name": "新站",
                                                    "csrf": token})
    assert answer.status_code == 200 and "已添加工作站 370104-x" in answer.text


def test_the_login_form_needs_its_own_token(client: TestClient) -> None:
    answer = client.post("/console/login", data={"login": "admin",
                                                 "password": PASSWORDS["admin"]})
    assert answer.status_code == 403 and "登录页面已过期" in answer.text
    assert COOKIE not in client.cookies


def test_forged_and_expired_cookies_are_no_session(client: TestClient) -> None:
    county = county_of(client)
    console = Console(county, SECRET)
    good = console.session_cookie("clerk")
    client.cookies.set(COOKIE, good, path="/console")
    assert client.get("/console/cases").url.path == "/console/cases"
    payload, mac = good.rsplit(".", 1)
    for bad in (console.session_cookie("clerk", expires=time.time() - 1),
                f"{payload}.{'0' * len(mac)}",
                Console(county, b"another-secret").session_cookie("admin")):
        client.cookies.set(COOKIE, bad, path="/console")
        assert client.get("/console/cases").url.path == "/console/login"
    # A deactivated account ends its sessions at once.
    client.cookies.set(COOKIE, good, path="/console")
    county.store.execute("UPDATE clerks SET active = 0 WHERE login = 'clerk'")
    assert client.get("/console/cases").url.path == "/console/login"


def test_admin_downloads_an_enrolment_file_and_a_viewer_may_not(client: TestClient) -> None:
    county = county_of(client)
    token = sign_in(client, "admin")
    answer = client.post(f"/console/stations/{WSR}/enrol", data={"csrf": token})
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == f'attachment; filename="{WSR}.tjenrol"'
    assert b'"tiaojie-enrol/1"' in answer.content
    client.cookies.clear()
    token = sign_in(client, "viewer")
    answer = client.post(f"/console/stations/{WSR}/enrol", data={"csrf": token})
    assert answer.status_code == 403
    answer = client.post(f"/console/stations/{WSR}/revoke",
                         data={"csrf": token, "reason": "x", "confirm": WSR})
    assert answer.status_code == 403 and county.station(WSR)["status"] == "created"
    actions = [r["action"] for r in county.store.rows(
        "SELECT action FROM audit WHERE actor IN ('admin', 'viewer') ORDER BY id")]
    assert actions == ["login", "station.enrol_file", "login", "console.denied",
                       "console.denied"]
