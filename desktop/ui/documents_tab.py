"""The case view's 文书 tab: the forms the case may have, issuing, versions, printing,
signed scans, captured signatures and the dossier."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.auth import User
from desktop.ui.errors import show_error
from desktop.ui.i18n import joined
from desktop.ui.printing import DocumentPrinter
from desktop.ui.signature_pad import SignatureDialog
from desktop.ui.tasks import Tasks

if TYPE_CHECKING:  # the documents stack (reportlab, pyHanko) loads when first used, not
    # while the main window is imported behind the login window
    from desktop.services import documents as doc_svc
    from desktop.services import dossier, verification
    from desktop.storage.documents import IssuedDocument

FORM_ROLE = Qt.ItemDataRole.UserRole
DOC_ROLE = Qt.ItemDataRole.UserRole + 1


class DocumentsTab(QWidget):
    """Forms and issued documents of one case."""

    changed = Signal()

    def __init__(self, tasks: Tasks, user: User, case_pk: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentsTab")
        self.tasks, self.user, self.case_pk = tasks, user, case_pk
        self.listing: doc_svc.Listing | None = None
        self.case_no = ""
        self.signers: list[tuple[str, str]] = []
        self.printer: DocumentPrinter | None = None
        self.problems = QLabel()
        self.problems.setObjectName("formProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #a33;")
        self.problems.hide()
        self.tree = QTreeWidget()
        self.tree.setObjectName("documentTree")
        self.tree.setHeaderLabels([self.tr("文书"), self.tr("状态"), self.tr("文书核验码"),
                                   self.tr("签发")])
        self.tree.setColumnWidth(0, 360)
        self.tree.setColumnWidth(1, 300)
        self.tree.setColumnWidth(2, 130)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.tree.itemDoubleClicked.connect(lambda *_: self.open_external())
        self.seal_box = QCheckBox(self.tr("加盖本单位印章图像（电子稿）"))
        self.seal_box.setObjectName("withSeal")
        self.captured_box = QCheckBox(self.tr("使用已采集的签名图像"))
        self.captured_box.setObjectName("withCaptured")
        self.captured_box.setChecked(True)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for i, (name, label, slot) in enumerate((
                ("issue", self.tr("制作文书"), self.issue),
                ("print", self.tr("打印…"), self.print_selected),
                ("open", self.tr("用系统程序打开"), self.open_external),
                ("save", self.tr("另存为…"), self.save_as),
                ("scan", self.tr("关联签章扫描件…"), self.link_scan),
                ("sign", self.tr("采集签名…"), self.capture_signature),
                ("dossier", self.tr("导出卷宗…"), self.export_dossier))):
            button = QPushButton(label)
            button.setObjectName(f"doc_{name}")
            button.clicked.connect(slot)
            grid.addWidget(button, i // 4, i % 4)
            self.buttons[name] = button
        options = QHBoxLayout()
        options.addWidget(self.seal_box)
        options.addWidget(self.captured_box)
        options.addStretch(1)
        self.hint = QLabel(self.tr("默认流程：打印 → 当事人签名、调解员签名 → 加盖印章 → 扫描后用"
                                   "“关联签章扫描件”存档。文件带有防篡改数字签名（不是可靠电子签名）。"))
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problems)
        layout.addWidget(self.tree, 1)
        layout.addLayout(options)
        layout.addLayout(grid)
        layout.addWidget(self.hint)
        self._update_buttons()

    # -- reading --------------------------------------------------------------------------

    def load(self, case_no: str, signers: list[tuple[str, str]]) -> None:
        from desktop.services import documents as doc_svc

        self.case_no, self.signers = case_no, signers
        pk, user = self.case_pk, self.user
        self.tasks.run(lambda station: doc_svc.listing(station, pk, user),
                       on_success=self.show_listing, parent=self)

    def show_listing(self, listing: doc_svc.Listing) -> None:
        self.listing = listing
        current = self._selected_form()
        self.tree.clear()
        for offer in listing.offers:
            if not offer.offered and not offer.issued:
                continue
            if offer.offered and not offer.missing:
                state = self.tr("可制作")
            elif offer.offered:
                state = self.tr("缺少：{items}").format(items="；".join(offer.missing))
            else:
                state = self.tr("已不可再制作")
            if offer.signed or offer.unsigned:
                state += self.tr("；原件已记录签章：{done}；尚缺：{left}").format(
                    done=joined(offer.signed) or self.tr("无"),
                    left=joined(offer.unsigned) or self.tr("无"))
            item = QTreeWidgetItem([offer.title, state, "", ""])
            item.setData(0, FORM_ROLE, offer.code)
            item.setToolTip(0, offer.description)
            item.setToolTip(1, state)
            for d in offer.issued:
                scan = self.tr("，已附签章扫描件") if d.scan_attachment_pk else ""
                marks = self.tr("（电子稿）") if d.sealed or d.captured else ""
                child = QTreeWidgetItem([
                    self.tr("第{n}版 {number}").format(n=d.version, number=d.number),
                    self.tr("已签发{marks}{scan}").format(marks=marks, scan=scan),
                    d.short_code, d.issued_on])
                child.setData(0, FORM_ROLE, offer.code)
                child.setData(0, DOC_ROLE, d.uid)
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            item.setExpanded(bool(offer.issued))
            if offer.code == current:
                self.tree.setCurrentItem(item)
        if listing.problems:
            lines = [self.tr("本站文书样式未采用（已改用内置样式）：")]
            lines += [f"{p.path.name}：{p.zh}" for p in listing.problems]
            self.problems.setText("\n".join(lines))
        self.problems.setVisible(bool(listing.problems))
        self._update_buttons()

    def _selected_form(self) -> str | None:
        item = self.tree.currentItem()
        return None if item is None else item.data(0, FORM_ROLE)

    def selected_document(self) -> IssuedDocument | None:
        """The chosen version, or the latest version of the chosen form."""
        item = self.tree.currentItem()
        if item is None or self.listing is None:
            return None
        uid = item.data(0, DOC_ROLE)
        docs = [d for d in self.listing.issued if d.form_code == item.data(0, FORM_ROLE)]
        if uid:
            docs = [d for d in docs if d.uid == uid]
        return docs[-1] if docs else None

    def _offer(self) -> doc_svc.Offer | None:
        code = self._selected_form()
        if self.listing is None or code is None:
            return None
        return next((o for o in self.listing.offers if o.code == code), None)

    def _update_buttons(self) -> None:
        offer, doc = self._offer(), self.selected_document()
        writes = self.user.can("write")
        self.buttons["issue"].setEnabled(writes and offer is not None and offer.offered)
        for name in ("print", "open", "save"):
            self.buttons[name].setEnabled(doc is not None)
        self.buttons["scan"].setEnabled(writes and bool(self.listing and self.listing.issued))
        self.buttons["sign"].setEnabled(writes and bool(self.signers))
        self.buttons["dossier"].setEnabled(bool(self.listing and self.listing.issued))

    # -- actions ---------------------------------------------------------------------------

    def issue(self) -> None:
        from desktop.services import documents as doc_svc

        offer = self._offer()
        if offer is None:
            return
        pk, code, user = self.case_pk, offer.code, self.user
        seal, captured = self.seal_box.isChecked(), self.captured_box.isChecked()
        self.tasks.run(lambda station: doc_svc.issue(station, pk, code, user, with_seal=seal,
                                                     captured=captured),
                       on_success=self._issued, parent=self,
                       progress=self.tr("正在制作文书……"))

    def _issued(self, issued: doc_svc.Issued) -> None:
        self.changed.emit()
        self.load(self.case_no, self.signers)

    def _path(self, doc: IssuedDocument) -> Path:
        return self.tasks.station.paths.attachment_file(doc.sha256)

    def print_selected(self) -> None:
        doc, offer = self.selected_document(), self._offer()
        if doc is None:
            return
        self.printer = DocumentPrinter(self.tasks, self)
        self.printer.start(self._path(doc), f"{doc.title} {doc.number}",
                           offer.copies if offer else 1)

    def open_external(self) -> None:
        doc = self.selected_document()
        if doc is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._path(doc))))

    def save_as(self) -> None:
        from desktop.services import documents as doc_svc

        doc = self.selected_document()
        if doc is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("另存为"),
            self.tr("{title}-第{n}版.pdf").format(title=doc.title, n=doc.version), "PDF (*.pdf)")
        if not name:
            return

        def copy(station: object) -> None:
            doc_svc.save_copy(station, doc, name)  # type: ignore[arg-type]

        self.tasks.run(copy, parent=self)

    def link_scan(self, _checked: bool = False, path: Path | None = None) -> None:
        from desktop.services import verification

        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                self, self.tr("选择签章原件扫描件"), "",
                self.tr("扫描件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)"))
            if not name:
                return
            path = Path(name)
        case_no, user = self.case_no, self.user

        def by_qr(station: object) -> verification.Linked:
            return verification.link_scan(station, case_no, path, user)  # type: ignore[arg-type]

        def failed(exc: BaseException) -> None:
            if isinstance(exc, verification.NoCodeFound):
                code, ok = QInputDialog.getText(
                    self, self.tr("输入文书核验码"),
                    self.tr("扫描件上没有识别到二维码。请输入二维码旁印的文书核验码："))
                if ok and code.strip():
                    self.tasks.run(lambda station: verification.link_scan(
                        station, case_no, path, user, code=code.strip()),  # type: ignore[arg-type]
                        on_success=self._linked, parent=self)
                return
            show_error(self, exc)

        self.tasks.run(by_qr, on_success=self._linked, on_failure=failed, parent=self,
                       progress=self.tr("正在识别扫描件……"))

    def _linked(self, linked: verification.Linked) -> None:
        QMessageBox.information(self, self.tr("已关联"), self.tr(
            "扫描件已作为《{title}》第{n}版的签章原件存档。").format(
                title=linked.document.title, n=linked.document.version))
        self.changed.emit()
        self.load(self.case_no, self.signers)

    def capture_signature(self) -> SignatureDialog:
        dialog = SignatureDialog(self.tasks, self.user, self.case_pk, self.signers, self)
        dialog.saved.connect(lambda _key: self.changed.emit())
        dialog.open()
        return dialog

    def export_dossier(self) -> None:
        from desktop.services import dossier

        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出卷宗"), self.tr("卷宗-{case_no}.pdf").format(case_no=self.case_no),
            "PDF (*.pdf)")
        if not name:
            return
        pk, user = self.case_pk, self.user
        self.tasks.run(lambda station: dossier.export(station, pk, user, Path(name)),
                       on_success=self._dossier_done, parent=self,
                       progress=self.tr("正在生成卷宗……"))

    def _dossier_done(self, made: dossier.Dossier) -> None:
        text = self.tr("卷宗已导出：{path}，共 {pages} 页。").format(path=made.path,
                                                                 pages=made.pages)
        if made.skipped:
            text += "\n" + self.tr("以下附件不是 PDF 或图片，未并入：{names}").format(
                names="、".join(made.skipped))
        QMessageBox.information(self, self.tr("导出卷宗"), text)
