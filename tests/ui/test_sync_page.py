"""The 同步 page against a real county service: enrolment and the USB-stick exchange by
files, the sync keys unlocked once per session, the drift check, the viewer's read-only view,
and the automatic push + pull over HTTPS on loopback until the county revokes the station."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton

from county.service import County
from desktop.services.station import Station
from desktop.services.sync_io import SyncService
from desktop.ui import sync_dialogs
from desktop.ui.sync_page import SyncPage
from tests.servers import free_port
from tests.ui.conftest import click, idle

ROOT = Path(__file__).resolve().parents[2]
COUNTY_PASS = "county-pass-1"
STATION_PASS = "station-pass-1"


def make_county(folder: Path, url: str | None = None) -> County:
    county = County.init(folder, county_id="370100", name="测试县劳动人事争议仲裁院", url=url,
                         passphrase=COUNTY_PASS)
    county.add_station("S01", "测试站", "t")
    return county


@pytest.fixture
def county(tmp_path: Path) -> Iterator[County]:
    c = make_county(tmp_path / "county")
    yield c
    c.store.close()


def sync_page(qtbot, tasks, user) -> SyncPage:
    page = SyncPage(tasks, user)
    qtbot.addWidget(page)
    page.resize(1100, 680)
    page.show()
    page.refresh()
    idle(qtbot, tasks)
    return page


def fact(page: SyncPage, name: str) -> str:
    return page.facts[name].text()


def pick(monkeypatch: pytest.MonkeyPatch, *, enrol_file: Path | None = None,
         folder: Path | None = None, files: list[Path] | None = None,
         passphrase: str | None = None) -> None:
    """What the user would choose in the file dialogs (native ones cannot be driven)."""
    if enrol_file is not None:
        monkeypatch.setattr(sync_dialogs, "choose_enrol_file", lambda parent: enrol_file)
    if folder is not None:
        monkeypatch.setattr(sync_dialogs, "choose_folder", lambda parent, title, start=None:
                            folder)
    if files is not None:
        monkeypatch.setattr(sync_dialogs, "choose_import_files", lambda parent: files)
    if passphrase is not None:
        monkeypatch.setattr(sync_dialogs, "ask_new_passphrase", lambda parent, t: passphrase)


def test_enrol_export_and_import_receipts_by_usb_stick(qtbot, tasks, admin, mediator, service,
                                                       single_doc, county, tmp_path,
                                                       monkeypatch):
    stick = tmp_path / "U盘"
    stick.mkdir()
    enrol_file = stick / "S01.tjenrol"
    enrol_file.write_bytes(county.enrol_file("S01", "t"))
    page = sync_page(qtbot, tasks, admin)
    assert fact(page, "state") == "未注册"
    assert not page.buttons["export"].isEnabled() and page.buttons["enrol"].isEnabled()

    # 注册…: the file, a new passphrase; no county address, so the request goes on the stick.
    pick(monkeypatch, enrol_file=enrol_file, passphrase=STATION_PASS, folder=stick)
    click(qtbot, page.buttons["enrol"])
    idle(qtbot, tasks)
    [request] = stick.glob("S01-enrol.tjsync")
    assert fact(page, "state") == "等待县仲裁院回执"
    assert fact(page, "address") == "仅 U 盘交换"
    assert str(request) in page.notice.text()

    answers = tmp_path / "回执"
    answers.mkdir()
    (answers / "S01-enrolled.tjsync").write_bytes(county.enrol(request.read_bytes()))
    pick(monkeypatch, files=[answers])
    click(qtbot, page.buttons["import"])  # the keys are still unlocked from enrolling
    idle(qtbot, tasks)
    assert page.findChild(QDialog, "unlockSyncDialog") is None
    assert fact(page, "state") == "已注册"
    assert fact(page, "county") == "测试县劳动人事争议仲裁院（370100）"
    assert fact(page, "station") == "S01"
    assert "注册完成" in page.notice.text()
    assert not page.buttons["sync"].isEnabled()  # files only

    service.register(single_doc, mediator)
    page.refresh()
    idle(qtbot, tasks)
    assert fact(page, "changes") != "0 项"
    out = stick / "发往县里"
    pick(monkeypatch, folder=out)
    click(qtbot, page.buttons["export"])
    idle(qtbot, tasks)
    assert fact(page, "changes") == "0 项"
    assert not fact(page, "pending").startswith("0 个")
    assert fact(page, "drift") == "待发送后比对"

    receipts = tmp_path / "回执2"
    receipts.mkdir()
    exported = sorted(out.glob("*.tjsync"))
    assert any("-up-" in p.name for p in exported)
    for path in exported:
        answer = county.ingest(path.read_bytes())
        if answer.receipt is not None:
            (receipts / f"receipt-{path.name}").write_bytes(answer.receipt)
    pick(monkeypatch, files=sorted(receipts.iterdir()))
    click(qtbot, page.buttons["import"])
    idle(qtbot, tasks)
    assert fact(page, "pending") == "0 个（0 B）"
    assert fact(page, "drift") == "数据一致"
    assert fact(page, "receipt") != "无"
    assert not page.error_line.isVisible() and not page.problems.isVisible()
    assert not page.resend_button.isVisible()
    shot = page.grab()
    assert not shot.isNull()
    if os.environ.get("TIAOJIE_SAVE_SCREENSHOTS"):  # the user guide's picture
        shot.save(str(ROOT / "docs" / "screenshots" / "sync-page.png"))


def enrol_by_files(station: Station, county: County, admin) -> SyncService:
    sync = SyncService(station)
    request = sync.enrol(county.enrol_file("S01", "t"), STATION_PASS, admin)
    sync.finish_enrol(county.enrol(request), sync.unlock(STATION_PASS), admin)
    return sync


def test_a_wrong_passphrase_is_said_and_changes_nothing(qtbot, tasks, station, admin, county,
                                                       tmp_path, monkeypatch):
    sync = enrol_by_files(station, county, admin)
    key_file = sync.key_file.read_bytes()
    page = sync_page(qtbot, tasks, admin)
    before = {name: label.text() for name, label in page.facts.items()}
    assert before["keys"] == "未解锁"
    out = tmp_path / "out"
    pick(monkeypatch, folder=out)
    click(qtbot, page.buttons["export"])  # needs the keys: asks for the passphrase first
    dialog = page.findChild(QDialog, "unlockSyncDialog")
    assert dialog is not None and dialog.isVisible()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.first.setText("not-the-passphrase")
    click(qtbot, ok)
    idle(qtbot, tasks)
    assert dialog.isVisible()
    assert dialog.error.isVisible() and dialog.error.text() == "同步密钥口令不对"
    assert page.pairs is None and not out.exists()
    assert {name: label.text() for name, label in page.facts.items()} == before
    assert sync.key_file.read_bytes() == key_file

    dialog.first.setText(STATION_PASS)
    click(qtbot, ok)
    idle(qtbot, tasks)
    assert page.pairs is not None
    qtbot.waitUntil(lambda: page.findChild(QDialog, "unlockSyncDialog") is None)
    assert len(list(out.glob("S01-up-*.tjsync"))) == 1  # the export went on once unlocked
    assert fact(page, "keys") == "已解锁（本次登录有效）"
    click(qtbot, page.buttons["unlock"])  # 锁上同步密钥
    assert page.pairs is None and fact(page, "keys") == "未解锁"


def test_a_new_passphrase_is_typed_twice(qtbot, tasks):
    dialog = sync_dialogs.PassphraseDialog(tasks, new=True)
    qtbot.addWidget(dialog)
    dialog.first.setText(STATION_PASS)
    dialog.second.setText(STATION_PASS + "x")
    dialog.check()
    assert dialog.error.text() == "两次输入的口令不一样"
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.first.setText("short")
    dialog.check()
    assert "至少" in dialog.error.text()
    dialog.first.setText(STATION_PASS)
    dialog.second.setText(STATION_PASS)
    dialog.check()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_viewer_only_looks_and_a_mediator_does_not_enrol(qtbot, tasks, station, admin,
                                                           viewer, mediator, county):
    enrol_by_files(station, county, admin)
    page = sync_page(qtbot, tasks, viewer)
    shown = [b.text() for b in page.findChildren(QPushButton) if b.isVisibleTo(page)]
    assert shown == ["刷新"]
    assert fact(page, "state") == "已注册"
    page = sync_page(qtbot, tasks, mediator)
    shown = [b.text() for b in page.findChildren(QPushButton) if b.isVisibleTo(page)]
    assert "注册…" not in shown and "导出到 U 盘…" in shown


# -- over HTTPS -------------------------------------------------------------------------------

@pytest.fixture
def served(tmp_path: Path) -> Iterator[County]:
    """The county over HTTPS on loopback (uvicorn); its enrolment files name the address."""
    import uvicorn

    from county.web import create_app
    county = make_county(tmp_path / "county-online")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(
        create_app(county), host="127.0.0.1", port=port, log_level="warning",
        ssl_certfile=str(county.home / "keys" / "tls.crt"),
        ssl_keyfile=str(county.home / "keys" / "tls.key")))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the county did not start"
        time.sleep(0.02)
    county.config["url"] = f"https://127.0.0.1:{port}"
    yield county
    server.should_exit = True
    thread.join(10)
    county.store.close()


def test_online_sync_then_the_timer_until_the_county_revokes(qtbot, tasks, admin, mediator,
                                                             service, single_doc, served,
                                                             tmp_path, monkeypatch):
    enrol_file = tmp_path / "S01.tjenrol"
    enrol_file.write_bytes(served.enrol_file("S01", "t"))
    page = sync_page(qtbot, tasks, admin)
    pick(monkeypatch, enrol_file=enrol_file, passphrase=STATION_PASS)
    click(qtbot, page.buttons["enrol"])  # the file names the county's address: sent at once
    idle(qtbot, tasks)
    assert fact(page, "state") == "已注册"
    assert fact(page, "address") == served.config["url"]
    assert page.timer.isActive() and "自动同步" in fact(page, "keys")

    service.register(single_doc, mediator)
    click(qtbot, page.buttons["sync"])  # 立即同步: push, then pull
    idle(qtbot, tasks)
    assert fact(page, "pending").startswith("0 个") and fact(page, "drift") == "数据一致"
    assert "县仲裁院确认 1 个" in page.notice.text()
    assert fact(page, "contact") != "无"

    # Downlink: a delegated case is applied, an item the county may not send is refused.
    delegated = {**single_doc, "court_case_no": "（2026）鲁0112民初1234号"}
    served.delegate("S01", delegated, "t")
    served.send_down("S01", [{"type": "lottery", "id": "x-1"}], "t", "不该下发的内容")
    with qtbot.waitSignal(page.data_changed):
        click(qtbot, page.buttons["sync"])
        idle(qtbot, tasks)
    assert [r["applied"] for r in page.received_model.rows] == [0, 1]
    assert fact(page, "refused") == "1 项"
    [refused] = page.refused_model.rows
    assert refused["item_type"] == "lottery"
    reason = page.refused_model.data(page.refused_model.index(0, 3))
    assert "不能下发" in reason and " / " not in reason  # the Chinese half only
    # 重新采用: nothing selected, nothing to retry; the selected item goes to the service.
    assert page.retry_button.isVisible() and not page.retry_button.isEnabled()
    page.refused_view.selectRow(0)
    assert page.retry_button.isEnabled()
    taken: list[str] = []
    with monkeypatch.context() as m:
        m.setattr(SyncService, "retry_refused",
                  lambda self, item_id, user: taken.append(item_id) or "已采用：测试")
        with qtbot.waitSignal(page.data_changed):
            click(qtbot, page.retry_button)
            idle(qtbot, tasks)
    assert taken == ["x-1"] and "已采用" in page.notice.text()

    # The county out of reach: the timer's quick look says so and nothing more is tried.
    contact = fact(page, "contact")
    with monkeypatch.context() as m:
        m.setattr(SyncService, "reachable", lambda self: False)
        m.setattr(SyncService, "push", lambda *a: pytest.fail("pushed while unreachable"))
        page.sync_in_background()
        idle(qtbot, tasks)
    assert page.error_line.isVisible() and "连不上" in page.error_line.text()
    assert fact(page, "contact") == contact and page.timer.isActive()

    served.revoke("S01", "测试", "t")
    page.sync_in_background()  # what the timer does every five minutes: no dialog
    assert page.progress.isVisible()
    idle(qtbot, tasks)
    assert not page.timer.isActive()
    assert fact(page, "state") == "已吊销"
    assert page.error_line.isVisible() and "吊销" in page.error_line.text()
    assert not page.buttons["sync"].isEnabled()


def test_the_main_window_opens_the_page_and_keeps_it_for_the_session(window, qtbot, tasks):
    action: Any = window.findChild(type(window.new_case_action), "syncAction")
    action.trigger()
    idle(qtbot, tasks)
    page = window.sync_page
    assert window.tabs.currentWidget() is page and fact(page, "state") == "未注册"
    window.close_tab(window.tabs.indexOf(page))
    assert window.tabs.indexOf(page) < 0
    action.trigger()
    idle(qtbot, tasks)
    assert window.sync_page is page and window.tabs.currentWidget() is page
