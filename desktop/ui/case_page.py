"""One case (案件): its parties, claims, clocks, agreement, history and attachments, and the
lifecycle steps the law allows now, each one button.

The detail is read in the background; after any step it is read again and the main window is
told, so the dashboard and the list follow.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import lifecycle, vocab
from desktop.domain.clocks import CLOCK_STATUS, Clock, rule_basis
from desktop.domain.money import format_yuan, to_daxie
from desktop.domain.records import Attachment, Event, Party
from desktop.domain.signers import PartyFacts, signer_label
from desktop.services import attachments, case_view
from desktop.services.auth import User
from desktop.services.case_view import AuditLine, CaseDetail
from desktop.ui import preview
from desktop.ui.documents_tab import DocumentsTab
from desktop.ui.event_dialog import EventDialog
from desktop.ui.i18n import joined
from desktop.ui.models import Column, RowsModel, days_left_text, read_only_table
from desktop.ui.tasks import Tasks

# Steps shown first and larger: the day-to-day path through a case.
# Steps shown on the 履行与回访 tab.
PERFORMANCE_EVENTS = ("perform", "performed", "partly_performed", "not_performed", "follow_up",
                      "capacity_assessed", "performance_notice_issued", "review_filed",
                      "review_result", "confirmation_filed", "confirmation_result",
                      "payment_order_guided")
PREVIEW_WIDTH = 480
ACTION_COLUMNS = 6
MAIN_STEPS = ("accept", "start", "session", "agree", "sign", "perform", "performed",
              "follow_up", "negotiation_accept", "settle", "archive")


def party_text(p: Party) -> str:
    """How a party's identity shows in the table."""
    return p.uscc or p.id_number or ""


class AttachmentList(QListWidget):
    """The case's files; files dropped on it are attached."""

    dropped = Signal(list)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("attachmentList")
        self.setAcceptDrops(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.dropped.emit(paths)
            event.acceptProposedAction()


class CasePage(QWidget):
    """The case view of one case."""

    changed = Signal(int)  # case pk
    open_case = Signal(int)
    title_changed = Signal(str)

    def __init__(self, tasks: Tasks, user: User, case_pk: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("casePage")
        self.tasks, self.user, self.case_pk = tasks, user, case_pk
        self.detail: CaseDetail | None = None
        self.header = QLabel(self.tr("正在读取……"))
        self.header.setObjectName("caseHeader")
        self.header.setWordWrap(True)
        self.header.setStyleSheet("font-size: 14pt;")
        self.facts = QLabel()
        self.facts.setObjectName("caseFacts")
        self.facts.setWordWrap(True)
        self.action_grid = QGridLayout()
        for column in range(ACTION_COLUMNS):  # a lone step keeps a button's width
            self.action_grid.setColumnStretch(column, 1)
        actions_box = QWidget()
        actions_box.setLayout(self.action_grid)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("caseTabs")
        self.party_model: RowsModel[Party] = RowsModel([
            Column(self.tr("方"), lambda p: vocab_side(p.side)),
            Column(self.tr("类型"), lambda p: vocab.PARTY_KINDS.get(p.kind, p.kind)),
            Column(self.tr("姓名/名称"), lambda p: p.name),
            Column(self.tr("角色"), lambda p: self.tr("代表") if p.representative else
                   vocab.PARTY_ROLES.get(p.role or "", "")),
            Column(self.tr("证件号码/统一社会信用代码"), party_text),
            Column(self.tr("电话"), lambda p: p.phone or ""),
            Column(self.tr("地址"), lambda p: p.address or ""),
        ])
        self.clock_model: RowsModel[Clock] = RowsModel([
            Column(self.tr("期限"), lambda c: c.label),
            Column(self.tr("到期日"), lambda c: c.due_on or ""),
            Column(self.tr("剩余"), lambda c: days_left_text(c.days_left)
                   if c.status in ("pending", "overdue") else ""),
            Column(self.tr("状态"), lambda c: c.status_label or CLOCK_STATUS.get(c.status, "")),
            Column(self.tr("依据"), self._basis),
        ], days_left=lambda c: c.days_left if c.status in ("pending", "overdue") else None)
        self.event_model: RowsModel[Event] = RowsModel([
            Column(self.tr("序号"), lambda e: str(e.seq)),
            Column(self.tr("日期"), lambda e: e.occurred_on),
            Column(self.tr("事项"), lambda e: lifecycle.EVENTS[e.event].label
                   if e.event in lifecycle.EVENTS else (self.tr("登记") if e.event == "register"
                                                         else e.event)),
            Column(self.tr("经办人"), lambda e: e.actor),
            Column(self.tr("记录时间"), lambda e: e.recorded_at.replace("T", " ")[:16]),
            Column(self.tr("内容"), event_summary),
        ])
        self.session_model: RowsModel[Event] = RowsModel([
            Column(self.tr("日期"), lambda e: e.occurred_on),
            Column(self.tr("地点"), lambda e: str(e.data.get("place") or "")),
            Column(self.tr("调解员"), lambda e: str(e.data.get("mediator") or "")),
            Column(self.tr("参加人员"), lambda e: str(e.data.get("participants") or "")),
            Column(self.tr("笔录要点"), lambda e: str(e.data.get("note") or "")),
        ])
        self.performance_model: RowsModel[Event] = RowsModel([
            Column(self.tr("日期"), lambda e: e.occurred_on),
            Column(self.tr("事项"), lambda e: lifecycle.EVENTS[e.event].label),
            Column(self.tr("经办人"), lambda e: e.actor),
            Column(self.tr("内容"), event_summary),
        ])
        self.audit_model: RowsModel[AuditLine] = RowsModel([
            Column(self.tr("时间"), lambda a: a.at.replace("T", " ")[:16]),
            Column(self.tr("操作人"), lambda a: a.actor),
            Column(self.tr("操作"), lambda a: a.label),
        ])
        self.agreement = QLabel()
        self.agreement.setObjectName("agreementView")
        self.agreement.setWordWrap(True)
        self.agreement.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.agreement.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.agreement.setContentsMargins(8, 8, 8, 8)
        agreement_scroll = QScrollArea()
        agreement_scroll.setWidgetResizable(True)
        agreement_scroll.setWidget(self.agreement)
        self.attachment_list = AttachmentList()
        self.attachment_list.dropped.connect(self.attach)
        self.attachment_list.itemDoubleClicked.connect(self._open_attachment)
        self.attachment_list.currentItemChanged.connect(self._preview_attachment)
        self.preview = QLabel(self.tr("选中图片或 PDF 文件可在此预览。"))
        self.preview.setObjectName("attachmentPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setWordWrap(True)
        self.preview.setMinimumWidth(240)
        preview_scroll = QScrollArea()
        preview_scroll.setWidgetResizable(True)
        preview_scroll.setWidget(self.preview)
        add_file = QPushButton(self.tr("添加附件…"))
        add_file.setObjectName("addAttachment")
        add_file.clicked.connect(self.choose_attachment)
        add_file.setEnabled(user.can("write"))
        files = QWidget()
        files_layout = QVBoxLayout(files)
        files_layout.addWidget(QLabel(self.tr("可把文件拖到下面的列表中；双击打开。")))
        split = QSplitter()
        split.addWidget(self.attachment_list)
        split.addWidget(preview_scroll)
        split.setSizes([400, 480])
        files_layout.addWidget(split, 1)
        files_layout.addWidget(add_file)
        self.tabs.addTab(read_only_table(self.party_model, "partyTable"), self.tr("当事人"))
        self.tabs.addTab(read_only_table(self.clock_model, "clockTable"),
                         self.tr("期限", "the tab listing the case's deadlines"))
        self.tabs.addTab(agreement_scroll, self.tr("协议"))
        sessions = QWidget()
        sessions_layout = QVBoxLayout(sessions)
        self.session_table = read_only_table(self.session_model, "sessionTable")
        self.session_table.setWordWrap(True)
        sessions_layout.addWidget(self.session_table, 1)
        sessions_hint = QLabel(self.tr(
            "每次调解后用“{step}”记下地点、参加人员和笔录要点；"
            "签过字的笔录扫描件请在“{tab}”中添加。").format(
                step=lifecycle.EVENTS["session"].label, tab=self.tr("附件")))
        sessions_hint.setObjectName("sessionsHint")
        sessions_layout.addWidget(sessions_hint)
        self.tabs.addTab(scrolled(sessions), self.tr("调解记录"))
        self.tabs.addTab(read_only_table(self.performance_model, "performanceTable"),
                         self.tr("履行与回访"))
        self.tabs.addTab(read_only_table(self.event_model, "eventTable"), self.tr("办理经过"))
        self.tabs.addTab(scrolled(files), self.tr("附件"))
        self.documents = DocumentsTab(tasks, user, case_pk)
        self.documents.changed.connect(self._documents_changed)
        self.documents_scroll = scrolled(self.documents)
        self.tabs.addTab(self.documents_scroll, self.tr("文书"))
        self.audit_table = read_only_table(self.audit_model, "auditTable")
        self.tabs.addTab(self.audit_table, self.tr("操作记录"))
        self.tabs.currentChanged.connect(self._tab_shown)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.facts)
        layout.addWidget(actions_box)
        layout.addWidget(self.tabs, 1)

    # -- reading ------------------------------------------------------------------------

    def load(self) -> None:
        """Read the case in the background and show it."""
        pk, user = self.case_pk, self.user
        self.tasks.run(lambda station: case_view.show(station, pk, user),
                       on_success=self.show_detail, parent=self)

    def show_detail(self, d: CaseDetail) -> None:
        """Fill the page."""
        self.detail = d
        c = d.case
        first = next((p.name for p in d.parties if p.side == "applicant"), "")
        self.title_changed.emit(self.tr("第{n}号 {name}").format(n=c.seq_no, name=first).strip())
        shown = (self.tr("视为不愿协商") if d.display_status != c.status
                 else lifecycle.STATES.get(c.status, c.status))
        self.header.setText(f"<b>{c.case_no}</b>　{shown}")
        self.facts.setText(self._facts(d))
        self.party_model.set_rows(d.parties)
        self.clock_model.set_rows(list(d.clocks.values()))
        self.event_model.set_rows(d.events)
        self.session_model.set_rows([e for e in d.events if e.event == "session"])
        self.session_table.resizeRowsToContents()
        self.performance_model.set_rows([e for e in d.events if e.event in PERFORMANCE_EVENTS])
        if self.tabs.currentWidget() is self.audit_table:
            self.load_audit()
        self.agreement.setText(agreement_text(d))
        self._fill_attachments(d.attachments)
        self._fill_actions(d)
        self.documents.load(c.case_no, signer_choices(d))

    def _documents_changed(self) -> None:
        self.load()
        self.changed.emit(self.case_pk)

    def _facts(self, d: CaseDetail) -> str:
        c = d.case
        kinds = [self.tr("争议类型：{types}").format(types=joined(
                     vocab.DISPUTE_TYPES.get(t, t) for t in c.dispute_types)),
                 self.tr("涉及劳动者：{n} 人").format(n=c.worker_count)]
        if c.flags:
            kinds.append(self.tr("标记：{flags}").format(flags=joined(
                vocab.FLAGS.get(f, f) for f in c.flags)))
        lines = [
            self.tr("来源：{source}　收案：{received}　"
                    "受理：{accepted}　调解员：{mediator}").format(
                source=vocab.SOURCES.get(c.source, c.source), received=c.received_on,
                accepted=c.accepted_on or "—", mediator=c.mediator_name or self.tr("未指派")),
            "　".join(kinds),
            self.tr("请求金额：{amount} 元（{daxie}）").format(
                amount=format_yuan(c.claimed_fen), daxie=to_daxie(c.claimed_fen))
            if c.claimed_fen else "",
            self.tr("案情：{summary}").format(summary=c.summary),
        ]
        if c.court_case_no:
            lines.insert(1, self.tr("法院/仲裁案号：{number}").format(number=c.court_case_no))
        if c.linked_case_no:
            lines.insert(1, self.tr("关联案件：{number}").format(number=c.linked_case_no))
        return "\n".join(line for line in lines if line)

    def _basis(self, c: Clock) -> str:
        """Where a clock comes from: its rule, the day it counts from and how long it is."""
        if c.day_type == "year":
            text = self.tr("自 {day} 起 1 年。{rule}")
        elif c.day_type == "working":
            text = self.tr("自 {day} 起 {n} 个工作日。{rule}")
        else:
            text = self.tr("自 {day} 起 {n} 日。{rule}")
        return text.format(rule=rule_basis(c.rule), day=c.basis_on, n=c.days)

    def _tab_shown(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.audit_table:
            self.load_audit()

    def load_audit(self) -> None:
        """Read the case's audit trail (who did and looked at what) in the background."""
        pk, user = self.case_pk, self.user
        self.tasks.run(lambda station: case_view.audit_trail(station, pk, user),
                       on_success=self.audit_model.set_rows, parent=self)

    def _fill_actions(self, d: CaseDetail) -> None:
        while self.action_grid.count():
            item = self.action_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if not self.user.can("write"):
            self.action_grid.addWidget(QLabel(self.tr("只读用户不能办理案件。")), 0, 0)
            return
        steps = sorted(d.allowed_events, key=lambda e: (e not in MAIN_STEPS,
                                                       MAIN_STEPS.index(e)
                                                       if e in MAIN_STEPS else 0))
        for i, event in enumerate(steps):
            button = QPushButton(lifecycle.EVENTS[event].label)
            button.setObjectName(f"action_{event}")
            if event in MAIN_STEPS:
                button.setStyleSheet("font-weight: bold;")
            button.clicked.connect(lambda _c=False, e=event: self.start_event(e))
            self.action_grid.addWidget(button, i // ACTION_COLUMNS, i % ACTION_COLUMNS)

    def _fill_attachments(self, items: list[Attachment]) -> None:
        self.attachment_list.clear()
        for a in items:
            entry = QListWidgetItem(f"{a.filename}　{a.size // 1024 + 1} KB　{a.added_at[:10]}"
                                    f"　{a.description or ''}")
            entry.setData(256, a.sha256)
            entry.setData(257, a.filename)
            self.attachment_list.addItem(entry)

    # -- doing --------------------------------------------------------------------------

    def start_event(self, event: str) -> EventDialog | None:
        """Open the form of one step."""
        if self.detail is None:
            return None
        dialog = EventDialog(self.tasks, self.user, self.detail, event, parent=self)
        dialog.recorded.connect(self._recorded)
        dialog.open()
        return dialog

    def _recorded(self, _event: str) -> None:
        self.load()
        self.changed.emit(self.case_pk)

    def choose_attachment(self) -> None:
        """Pick files to attach."""
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("选择附件"))
        if names:
            self.attach([Path(n) for n in names])

    def attach(self, paths: list[Path]) -> None:
        """Copy files into the station and link them to the case (in the background)."""
        if self.detail is None or not self.user.can("write"):
            return
        case_no, user = self.detail.case.case_no, self.user

        def copy(station: object) -> int:
            for path in paths:
                attachments.attach_file(station, case_no, path, user)  # type: ignore[arg-type]
            return len(paths)

        self.tasks.run(copy, on_success=lambda _n: self._recorded("attach"), parent=self,
                       progress=self.tr("正在添加附件……"))

    def _preview_attachment(self, item: QListWidgetItem | None,
                            _previous: QListWidgetItem | None = None) -> None:
        if item is None:
            return
        name = str(item.data(257))
        if not preview.can_preview(name):
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("此类文件不能预览，双击用系统程序打开。"))
            return
        path = self.tasks.station.paths.attachment_file(str(item.data(256)))
        self.preview.setText(self.tr("正在生成预览……"))

        def shown(image: QImage | None) -> None:
            self._show_preview(item, image)

        self.tasks.run(lambda _station: preview.render(path, name, PREVIEW_WIDTH),
                       on_success=shown, parent=self)

    def _show_preview(self, item: QListWidgetItem, image: QImage | None) -> None:
        if self.attachment_list.currentItem() is not item:
            return  # another file was chosen meanwhile
        if image is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("无法预览此文件（可能已损坏），双击用系统程序打开。"))
            return
        self.preview.setPixmap(QPixmap.fromImage(image))

    def _open_attachment(self, item: QListWidgetItem) -> None:
        path = self.tasks.station.paths.attachment_file(str(item.data(256)))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def scrolled(widget: QWidget) -> QScrollArea:
    """``widget`` in a scroll area, so the case page still fits a 1366×768 screen at 150 %."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


def signer_choices(d: CaseDetail) -> list[tuple[str, str]]:
    """Who may sign on the pad: each party (not agents) and the case's mediator."""
    facts = [PartyFacts(p.position, p.side, p.kind, p.representative, p.role)
             for p in d.parties]
    out = [(f"party:{p.position}", f"{signer_label(f'party:{p.position}', facts)}：{p.name}")
           for p in d.parties if p.kind != "agent"]
    if d.case.mediator_name:
        out.append(("mediator", f"{signer_label('mediator', facts)}：{d.case.mediator_name}"))
    return out


def vocab_side(side: str) -> str:
    """申请人 / 被申请人."""
    if side == "applicant":
        return QCoreApplication.translate("case_page", "申请人")
    if side == "respondent":
        return QCoreApplication.translate("case_page", "被申请人")
    return side



def event_summary(e: Event) -> str:
    """The data of an event in a line (Chinese labels, no JSON keys)."""
    from desktop.ui.event_dialog import field_label

    parts = []
    for key, value in e.data.items():
        if key in ("occurred_on", "terms", "signers", "warnings") or value in (None, ""):
            continue
        if isinstance(value, bool):
            value = (QCoreApplication.translate("case_page", "是") if value
                     else QCoreApplication.translate("case_page", "否"))
        elif key in ("term", "unpaid_terms"):  # 0-based in the data, counted from 1 here
            value = joined(QCoreApplication.translate("case_page", "第 {n} 项").format(n=i + 1)
                           for i in (value if isinstance(value, list) else [value]))
        elif key == "seq":
            value = QCoreApplication.translate("case_page", "第 {n} 步").format(n=value)
        parts.append(QCoreApplication.translate("case_page", "{label}：{value}").format(
            label=field_label(key), value=value))
    if "terms" in e.data:
        parts.append(QCoreApplication.translate("case_page", "协议事项 {n} 项").format(
            n=len(e.data["terms"])))
    if e.data.get("warnings"):
        parts.append(QCoreApplication.translate("case_page", "提示：{warnings}").format(
            warnings=joined(str(w) for w in e.data["warnings"])))
    return QCoreApplication.translate("case_page", "；", "between the fields of an event").join(
        parts)


def agreement_text(d: CaseDetail) -> str:
    """The agreement in force: terms, signatures still missing, whether it took effect."""
    a = d.agreement
    if a is None:
        return QCoreApplication.translate("case_page", "尚无调解协议。")
    facts = [PartyFacts(p.position, p.side, p.kind, p.representative, p.role)
             for p in d.parties]
    head = (QCoreApplication.translate(
                "case_page", "和解协议，{day} 达成，一式 {copies} 份，合计 {total} 元（{daxie}）")
            if a.kind == "settlement" else QCoreApplication.translate(
                "case_page", "调解协议，{day} 达成，一式 {copies} 份，合计 {total} 元（{daxie}）"))
    lines = [head.format(day=a.concluded_on, copies=a.copies, total=format_yuan(a.total_fen),
                         daxie=to_daxie(a.total_fen))]
    for i, t in enumerate(a.terms, 1):
        term = (QCoreApplication.translate(
                    "case_page", "{i}. {item}：{amount} 元，{due} 前，{method}，"
                                 "{payer} 支付给 {payee}")
                if t.payer and t.payee else QCoreApplication.translate(
                    "case_page", "{i}. {item}：{amount} 元，{due} 前，{method}"))
        lines.append(term.format(i=i, item=t.item, amount=format_yuan(t.amount_fen),
                                 due=t.due_on, method=t.method, payer=t.payer, payee=t.payee))
    lines.append("")
    lines.append(QCoreApplication.translate("case_page", "签署情况："))
    for key in d.required_signers:
        day = a.signatures.get(key)
        signer = (QCoreApplication.translate("case_page", "  {signer}：已签 {day}") if day
                  else QCoreApplication.translate("case_page", "  {signer}：未签"))
        lines.append(signer.format(signer=signer_label(key, facts), day=day))
    lines.append("")
    lines.append(QCoreApplication.translate("case_page", "生效日期：{day}").format(
                 day=a.effective_on) if a.effective_on else
                 QCoreApplication.translate("case_page", "尚未生效（须各方签名并加盖印章）"))
    return "\n".join(lines)
