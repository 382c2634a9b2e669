"""The 同步 page: this station's link with the county court (县仲裁院).

It shows the enrolment, what waits to be sent or receipted, the drift check and the recent
downlink; it enrols, exchanges files on a USB stick and pushes + pulls through the runner.
The sync keys are unlocked once per login session and kept in memory on this page only (never
logged or written).  While they are unlocked and the county has an address, push + pull runs
every five minutes in the background, silently: a failure shows on the page's error line; a
revoked station stops the timer.  The main window imports this module (and with it the sync
stack: cryptography, zstandard) when the page is first opened, not at start-up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.auth import User
from desktop.services.station import Station
from desktop.services.sync import PullResult, PushResult, Revoked, SyncStatus
from desktop.services.sync_io import SyncService
from desktop.sync import enrolment, keys, transport
from desktop.ui import sync_dialogs
from desktop.ui.errors import describe, show_error
from desktop.ui.inputs import ErrorLabel
from desktop.ui.models import Column, RowsModel, read_only_table
from desktop.ui.sync_ops import (
    ITEM_TYPES,
    STATES,
    Row,
    SyncView,
    message,
    push_and_pull,
    read_view,
    size_text,
    when,
)
from desktop.ui.tasks import Tasks

log = logging.getLogger(__name__)
AUTO_SYNC_MS = 5 * 60_000
OK_STYLE, BAD_STYLE = "color: #1e7b34; font-weight: bold;", "color: #a33; font-weight: bold;"


class SyncPage(QWidget):
    """同步."""

    data_changed = Signal()  # downlink added or changed cases: the lists should refresh

    def __init__(self, tasks: Tasks, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncPage")
        self.tasks, self.user = tasks, user
        self.pairs: keys.KeyPairs | None = None  # in memory only, for this session
        self.view: SyncView | None = None
        self.busy = False  # a sync operation (manual or automatic) is under way
        self.session_error: str | None = None  # the last failure in this session
        self.synced = False  # a push + pull went through in this session
        self.last_auto: datetime | None = None  # the last automatic sync that went through
        self.timer = QTimer(self)
        self.timer.setInterval(AUTO_SYNC_MS)
        self.timer.timeout.connect(self.sync_in_background)
        self.facts: dict[str, QLabel] = {}
        top = QHBoxLayout()
        top.addWidget(self._facts(self.tr("注册"), (
            ("state", self.tr("状态")), ("county", self.tr("县仲裁院")),
            ("station", self.tr("本站编号")), ("address", self.tr("交换方式")),
            ("keys", self.tr("同步密钥")))), 1)
        top.addWidget(self._facts(self.tr("发送与接收"), (
            ("changes", self.tr("待打包的变更")), ("pending", self.tr("待确认批次")),
            ("receipt", self.tr("最近回执")), ("contact", self.tr("最近联系")),
            ("refused", self.tr("拒收的下发")))), 1)
        self.resend_button = self._button("resend", self.tr("全部重新发送"),
                                          self.request_full_resend)
        self.resend_button.hide()
        drift = QHBoxLayout()
        drift.addWidget(QLabel(self.tr("数据比对：")))
        drift.addWidget(self._fact("drift"))
        drift.addWidget(self.resend_button)
        drift.addStretch(1)
        self.error_line, self.problems = ErrorLabel(), ErrorLabel()
        self.error_line.setObjectName("syncError")
        self.problems.setObjectName("syncProblems")
        self.notice = QLabel()
        self.notice.setObjectName("syncNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.hide()  # until an action reports
        self.progress = QProgressBar()  # background sync; the others show a progress dialog
        self.progress.setObjectName("syncBusy")
        self.progress.setRange(0, 0)
        self.progress.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(drift)
        layout.addWidget(self.error_line)
        layout.addLayout(self._action_bar())
        layout.addWidget(self.progress)
        layout.addWidget(self.notice)
        layout.addWidget(self.problems)
        layout.addLayout(self._lists(), 1)
        self._update_state()

    def _button(self, name: str, label: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(label)
        button.setObjectName(f"sync_{name}")
        button.clicked.connect(slot)
        return button

    def _action_bar(self) -> QHBoxLayout:
        """The actions a user may take (none for a viewer), and 刷新."""
        self.buttons: dict[str, QPushButton] = {}
        if self.user.can("write"):  # a viewer only looks
            actions = [("unlock", self.tr("解锁同步密钥…"), self.toggle_keys),
                       ("enrol", self.tr("注册…"), self.enrol),
                       ("import", self.tr("导入回执/下发文件…"), self.import_files),
                       ("export", self.tr("导出到 U 盘…"), self.export_files),
                       ("sync", self.tr("立即同步"), self.sync_now)]
            self.buttons = {name: self._button(name, label, slot)
                            for name, label, slot in actions
                            if name != "enrol" or self.user.can("manage_station")}
        self.refresh_button = self._button("refresh", self.tr("刷新"), self.refresh)
        bar = QHBoxLayout()
        for button in self.buttons.values():
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.refresh_button)
        return bar

    def _lists(self) -> QGridLayout:
        self.received_model: RowsModel[Row] = RowsModel([
            Column(self.tr("序号"), lambda r: str(r["seq"]), align_right=True),
            Column(self.tr("收到时间"), lambda r: when(r["received_at"])),
            Column(self.tr("条目"), lambda r: str(r["items"]), align_right=True),
            Column(self.tr("采用"), lambda r: str(r["applied"]), align_right=True),
            Column(self.tr("拒收"), lambda r: str(r["refused"]), align_right=True),
            Column(self.tr("说明"), lambda r: r["summary"] or "")])
        self.refused_model: RowsModel[Row] = RowsModel([
            Column(self.tr("时间"), lambda r: when(r["at"])),
            Column(self.tr("下发序号"), lambda r: str(r["down_seq"]), align_right=True),
            Column(self.tr("类别"), lambda r: QCoreApplication.translate(
                "SyncPage", ITEM_TYPES.get(r["item_type"], str(r["item_type"])))),
            Column(self.tr("原因"), lambda r: message(r["reason"]))])
        grid = QGridLayout()
        tables = ((self.tr("最近收到的下发"), self.received_model, "receivedTable"),
                  (self.tr("拒收的下发内容"), self.refused_model, "refusedTable"))
        views = []
        for column, (title, model, name) in enumerate(tables):
            caption = QLabel(title)
            caption.setStyleSheet("font-weight: bold;")
            grid.addWidget(caption, 0, column)
            views.append(read_only_table(model, name))
            grid.addWidget(views[-1], 1, column)
        self.refused_view = views[1]
        self.refused_view.selectionModel().selectionChanged.connect(
            lambda *_: self._update_state())
        self.retry_button = self._button("retry", self.tr("重新采用选中的内容"),
                                         self.retry_refused)
        self.retry_button.setToolTip(self.tr("拒收的原因消除后（例如本站已记录审查所针对的"
                                             "调解协议），重新采用县仲裁院发来的这项内容"))
        self.retry_button.setVisible(self.user.can("write"))
        grid.addWidget(self.retry_button, 2, 1, Qt.AlignmentFlag.AlignRight)
        return grid

    def _selected_refused(self) -> Row | None:
        rows = self.refused_view.selectionModel().selectedRows()
        return self.refused_model.rows[rows[0].row()] if rows else None

    def retry_refused(self) -> None:
        """重新采用: take the selected refused item again (its reason put right)."""
        row = self._selected_refused()
        if row is None:
            return
        item_id, user = row["item_id"], self.user

        def taken(note: str) -> None:
            self._say(note)
            self.data_changed.emit()

        self._run_sync(lambda station: SyncService(station).retry_refused(item_id, user),
                       taken, None)

    def _fact(self, name: str) -> QLabel:
        label = self.facts[name] = QLabel("—")
        label.setObjectName(f"sync_{name}")
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _facts(self, title: str, rows: tuple[tuple[str, str], ...]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        for name, label in rows:
            form.addRow(label, self._fact(name))
        return box

    # -- showing ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the status and the downlink log in the background."""
        self.refresh_button.setEnabled(False)
        self.tasks.run(read_view, on_success=self.show_view, parent=self)

    def show_view(self, view: SyncView) -> None:
        """Fill the page from a refresh."""
        self.refresh_button.setEnabled(True)
        self.view = view
        st, f = view.status, self.facts
        f["state"].setText(QCoreApplication.translate("SyncPage", STATES[st.status])
                           if st.status in STATES else str(st.status))
        f["state"].setStyleSheet(BAD_STYLE if st.status == "revoked" else "")
        f["county"].setText(f"{st.county_name}（{st.county}）" if st.county_name else "—")
        f["station"].setText(st.station or "—")
        f["address"].setText((st.url or self.tr("仅 U 盘交换")) if st.status else "—")
        f["changes"].setText(self.tr("{n} 项").format(n=st.changes))
        f["pending"].setText(self.tr("{n} 个（{size}）").format(
            n=st.pending, size=size_text(st.pending_bytes)))
        f["receipt"].setText(when(st.last_receipt_at) or self.tr("无"))
        f["contact"].setText(when(st.last_contact) or self.tr("无"))
        f["refused"].setText(self.tr("{n} 项").format(n=st.refused))
        self._show_drift(st)
        self.received_model.set_rows(view.received)
        self.refused_model.set_rows(view.refused)
        self._update_timer()
        self._update_state()

    def _show_drift(self, st: SyncStatus) -> None:
        agree = st.hashes_agree
        text, style = "—", ""
        if st.status == "enrolled" and st.full_resend:
            text = self.tr("已安排全部重新发送（下次发送时）")
        elif st.status == "enrolled" and agree is None:
            text = self.tr("待发送后比对")
        elif st.status == "enrolled":
            text, style = ((self.tr("数据一致"), OK_STYLE) if agree else
                           (self.tr("不一致：县仲裁院的数据与本站不同"), BAD_STYLE))
        self.facts["drift"].setText(text)
        self.facts["drift"].setStyleSheet(style)
        self.resend_button.setVisible(st.status == "enrolled" and agree is False
                                      and not st.full_resend
                                      and self.user.can("manage_station"))

    def _update_state(self) -> None:
        """The keys line, the error line and which actions are open now."""
        st = self.view.status if self.view else None
        state = st.status if st else None
        self.facts["keys"].setText(self._keys_text(st))
        # The stored error outlives a later sync that went through with nothing to move:
        # once one did in this session, only this session's failures show.
        error = self.session_error or ("" if self.synced or not st else message(st.last_error))
        self.error_line.show_error(self.tr("最近错误：{text}").format(text=error)
                                   if error else None)
        self.resend_button.setEnabled(not self.busy)
        self.retry_button.setEnabled(not self.busy and self._selected_refused() is not None)
        b, idle = self.buttons, not self.busy
        if not b:
            return
        b["unlock"].setText(self.tr("锁上同步密钥") if self.pairs else self.tr("解锁同步密钥…"))
        b["unlock"].setEnabled(idle and (state is not None or self.pairs is not None))
        if "enrol" in b:
            b["enrol"].setEnabled(idle)  # enrolled: 重新注册, asked first
            b["enrol"].setText(self.tr("重新注册…") if state == "enrolled" else self.tr("注册…"))
        b["import"].setEnabled(idle and state in ("requested", "enrolled"))
        b["export"].setEnabled(idle and state == "enrolled")
        b["sync"].setEnabled(idle and state == "enrolled" and bool(st and st.url))
        b["sync"].setToolTip(self.tr("注册文件中没有县级服务地址：请用 U 盘交换文件")
                             if st and st.status and not st.url else "")

    def _keys_text(self, st: SyncStatus | None) -> str:
        if self.pairs is None:
            return self.tr("未解锁") if st and st.status else "—"
        if not self.timer.isActive():
            return self.tr("已解锁（本次登录有效）")
        if self.last_auto is None:
            return self.tr("已解锁（本次登录有效），每 5 分钟自动同步")
        return self.tr("已解锁（本次登录有效），每 5 分钟自动同步，上次 {time}").format(
            time=self.last_auto.strftime("%H:%M"))

    # -- the keys and the timer ---------------------------------------------------------

    def with_keys(self, then: Callable[[keys.KeyPairs], None]) -> None:
        """Call ``then`` with the unlocked keys, asking for the passphrase first if needed."""
        if self.pairs is not None:
            then(self.pairs)
            return

        def unlocked(pairs: keys.KeyPairs) -> None:
            self.keep_keys(pairs)
            then(pairs)

        dialog = sync_dialogs.PassphraseDialog(self.tasks, parent=self)
        dialog.unlocked.connect(unlocked)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def toggle_keys(self) -> None:
        """解锁同步密钥, or forget the unlocked keys (锁上)."""
        if self.pairs is None:
            self.with_keys(lambda _pairs: None)
        else:
            self.forget_keys()

    def keep_keys(self, pairs: keys.KeyPairs | None) -> None:
        """Hold the unlocked sync keys for this session (``None`` forgets them)."""
        self.pairs = pairs
        self._update_timer()
        self._update_state()

    def forget_keys(self) -> None:
        """Drop the unlocked keys and stop the automatic sync (also when the user who
        unlocked them leaves)."""
        self.keep_keys(None)

    def _update_timer(self) -> None:
        st = self.view.status if self.view else None
        if self.pairs is None or st is None or st.status != "enrolled" or not st.url:
            self.timer.stop()
        elif not self.timer.isActive():
            self.timer.start()

    def sync_in_background(self) -> None:
        """The timer's push + pull: no dialog; a failure goes to the error line."""
        if self.busy or self.pairs is None:
            return
        self._run_sync(push_and_pull(self.pairs, probe=True), self._synced_quietly, None,
                       quiet=True)

    def _synced_quietly(self, results: tuple[PushResult, PullResult] | None) -> None:
        if results is None:  # the county is not reachable now: try at the next tick
            self.session_error = self.tr("县仲裁院暂时连不上，稍后自动再试")
            return
        self.session_error, self.synced = None, True
        self.last_auto = datetime.now()
        if results[1].applied:
            self.data_changed.emit()

    # -- operations ---------------------------------------------------------------------

    def _run_sync(self, op: Callable[[Station], Any], on_success: Callable[[Any], None],
                  progress: str | None, *, quiet: bool = False) -> None:
        """Run a sync operation (one at a time), then read the page again."""
        self._set_busy(True, quiet)

        def done(result: Any) -> None:
            self._set_busy(False)
            on_success(result)
            self.refresh()

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            if isinstance(exc, Revoked):
                self.timer.stop()
            shown = describe(exc)
            self.session_error = shown.text
            if not quiet:
                show_error(self, exc)
            elif shown.bug:
                log.error("background sync failed", exc_info=exc)
            self.refresh()

        self.tasks.run(op, on_success=done, on_failure=failed, parent=self, progress=progress)

    def _set_busy(self, busy: bool, quiet: bool = False) -> None:
        self.busy = busy
        self.progress.setVisible(busy and quiet)
        self._update_state()

    def _say(self, text: str, problems: list[str] | None = None) -> None:
        self.session_error = None
        self.notice.setText(text)
        self.notice.show()
        self.problems.show_error("\n".join(problems) if problems else None)

    def sync_now(self) -> None:
        """立即同步: push, then pull."""
        self.with_keys(lambda pairs: self._run_sync(
            push_and_pull(pairs), self._synced, self.tr("正在与县仲裁院同步…")))

    def _synced(self, results: tuple[PushResult, PullResult]) -> None:
        pushed, pulled = results
        self.synced = True
        self._say(self.tr("已发送 {sent} 个批次，县仲裁院确认 {receipted} 个；收到下发 "
                          "{received} 个（采用 {applied} 项，拒收 {refused} 项）。").format(
            sent=pushed.sent, receipted=pushed.receipted, received=pulled.received,
            applied=pulled.applied, refused=pulled.refused), pulled.messages[:5])
        if pulled.applied:
            self.data_changed.emit()

    def export_files(self) -> None:
        """导出到 U 盘: the unreceipted envelopes and a downlink receipt, as files."""
        folder = sync_dialogs.choose_folder(self, self.tr("选择 U 盘上的文件夹"))
        if folder is None:
            return
        self.with_keys(lambda pairs: self._run_sync(
            lambda station: SyncService(station).export_files(folder, pairs),
            lambda written: self._say(self.tr(
                "已在 {folder} 写入 {n} 个文件。把它们交给县仲裁院，再导入县仲裁院给的回执。")
                .format(folder=folder, n=len(written))), self.tr("正在导出…")))

    def import_files(self) -> None:
        """导入回执/下发文件: receipts, downlink and the enrolment answer."""
        paths = sync_dialogs.choose_import_files(self)
        if paths:
            self.with_keys(lambda pairs: self._run_sync(
                lambda station: SyncService(station).import_files(paths, pairs, self.user),
                self._imported, self.tr("正在导入…")))

    def _imported(self, done: dict[str, Any]) -> None:
        down: PullResult = done["down"]
        text = self.tr("导入回执 {receipts} 个，下发 {received} 个（采用 {applied} 项，拒收 "
                       "{refused} 项）。").format(receipts=done["receipts"], received=down.received,
                                                 applied=down.applied, refused=down.refused)
        if done["enrolled"]:
            text = self.tr("注册完成，证书已安装。") + text
        problems = [message(p) for p in done["problems"]]
        self._say(text, [self.tr("有 {n} 个文件未采用：").format(n=len(problems)),
                         *problems[:10]] if problems else None)
        if down.applied:
            self.data_changed.emit()

    def request_full_resend(self) -> None:
        """全部重新发送 after a drift (administrators)."""
        if not sync_dialogs.confirm_full_resend(self):
            return
        user = self.user
        self._run_sync(lambda station: SyncService(station).request_full_resend(user),
                       lambda _none: self._say(self.tr("已安排：下次同步或导出时全部重新发送。")),
                       None)

    # -- enrolment ----------------------------------------------------------------------

    def enrol(self) -> None:
        """注册…: answer the county's .tjenrol file (administrators); an enrolled station
        enrols again only once that is confirmed (a forgotten passphrase, say)."""
        st = self.view.status if self.view else None
        again = st is not None and st.status == "enrolled"
        if again and not sync_dialogs.confirm_enrol_again(self):
            return
        path = sync_dialogs.choose_enrol_file(self)
        if path is None:
            return
        passphrase = sync_dialogs.ask_new_passphrase(self, self.tasks)
        if passphrase is None:
            return
        user = self.user

        def op(station: Station) -> tuple[bytes, keys.KeyPairs, dict[str, Any]]:
            service = SyncService(station)
            # A missing, unreadable or huge file: its error says why.
            [(_path, data)] = transport.read_files([path], enrolment.MAX_FILE)
            request = service.enrol(data, passphrase, user, again=again)
            st = service.state()
            assert st is not None
            return request, service.unlock(passphrase), st

        self._run_sync(op, lambda result: self._requested(path, *result),
                       self.tr("正在生成同步密钥…"))

    def _requested(self, path: Path, request: bytes, pairs: keys.KeyPairs,
                   st: dict[str, Any]) -> None:
        """The request is made: send it now, or save it for the USB stick."""
        self.keep_keys(pairs)
        if st["url"]:
            user = self.user
            self._run_sync(lambda station: SyncService(station).enrol_online(request, pairs,
                                                                            user=user),
                           lambda _none: self._say(self.tr("注册完成，证书已安装。")),
                           self.tr("正在向县仲裁院注册…"))
            return
        folder = sync_dialogs.choose_folder(
            self, self.tr("选择保存注册请求的文件夹（U 盘）"), path.parent)
        if folder is None:
            self._say(self.tr("注册请求没有保存。需要时请重新注册。"))
            return
        name = f"{st['station']}-enrol"
        self._run_sync(lambda _station: transport.write_files(folder, [(name, request)]),
                       lambda written: self._say(self.tr(
                           "注册请求已写入 {path}。把它交给县仲裁院，再用“导入回执/下发文件…”"
                           "导入县仲裁院的回执。").format(path=written[0])), None)
