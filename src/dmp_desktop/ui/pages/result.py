"""The result: created (accusé preview, reprint, save as PDF) or the exact problem and what to do."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.model import Channel
from dmp_desktop.flow.agreement import agree
from dmp_desktop.flow.outcomes import CreationReport, Outcome
from dmp_desktop.flow.wizard import Wizard
from dmp_desktop.ui.messages import message, warning_message
from dmp_desktop.ui.pages.base import Page, ViewState, summary_rows, tr


class ResultPage(Page):
    """What happened, what to hand the patient, and the next move (Nouveau patient is the default)."""

    reprint_requested = Signal()
    receipt_confirmed = Signal()  # « Oui, il est sorti »
    print_on_requested = Signal()  # « Imprimer sur… »: another printer, for this reprint
    save_requested = Signal()
    retry_requested = Signal()  # creation or account, whichever failed
    new_patient_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Résultat"), parent)
        self.details_box = QGroupBox(self.tr("Détails"))
        self.details = QFormLayout(self.details_box)
        self.print_banner = type(self.banner)()
        self.reprint_button = QPushButton(self.tr("&Réimprimer l’accusé"))
        self.save_button = QPushButton(self.tr("Enregistrer en P&DF…"))
        self.retry_button = QPushButton(self.tr("Réessa&yer"))
        self.new_button = QPushButton(self.tr("Nouveau pa&tient"))
        self.new_button.setObjectName("newPatient")
        self.new_button.setMinimumHeight(36)
        for button in (self.reprint_button, self.save_button, self.retry_button, self.new_button):
            button.setAutoDefault(True)  # Enter presses the focused button
        self.reprint_button.clicked.connect(self.reprint_requested)
        # A job in the spooler is not a page in the patient's hand: ask whether it came out.
        self.sent_question = QWidget()
        self.sent_label = QLabel(self.tr("L’accusé est-il sorti ?"))
        self.sent_label.setStyleSheet("font-weight: bold;")
        self.confirm_button = QPushButton(self.tr("&Oui, il est sorti"))
        self.again_button = QPushButton(self.tr("&Non : Réimprimer"))
        self.print_on_button = QPushButton(self.tr("Imprimer s&ur…"))
        self.print_on_button.setAccessibleName(self.tr("Imprimer l’accusé sur une autre imprimante"))
        question = QHBoxLayout(self.sent_question)
        question.setContentsMargins(0, 0, 0, 0)
        question.addWidget(self.sent_label)
        for button in (self.confirm_button, self.again_button, self.print_on_button):
            button.setAutoDefault(True)
            button.setMinimumHeight(32)
            question.addWidget(button)
        question.addStretch(1)
        self.confirm_button.clicked.connect(self.receipt_confirmed)
        self.again_button.clicked.connect(self.reprint_requested)
        self.print_on_button.clicked.connect(self.print_on_requested)
        self.sent_question.hide()
        self.save_button.clicked.connect(self.save_requested)
        self.retry_button.clicked.connect(self.retry_requested)
        self.new_button.clicked.connect(self.new_patient_requested)
        for button in (self.reprint_button, self.save_button, self.retry_button):
            button.hide()
        # the wizard places these in its always-visible button bar (action_buttons)
        self.action_buttons = [self.retry_button, self.reprint_button, self.save_button]

        left = QVBoxLayout()
        left.addWidget(self.banner)
        left.addWidget(self.details_box)
        left.addWidget(self.print_banner)
        left.addWidget(self.sent_question)
        left.addStretch(1)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview.setAccessibleName(self.tr("Aperçu de l’accusé de création"))
        self.preview_area = QScrollArea()
        self.preview_area.setWidget(self.preview)
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.preview_area.setMinimumWidth(300)
        self.preview_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview_area.hide()
        row = QHBoxLayout()
        row.addLayout(left, 3)
        row.addWidget(self.preview_area, 2)
        self.layout_.addLayout(row, 1)
        self._preview_png: bytes | None = None
        self._pixmap: QPixmap | None = None

    # -- what the wizard shows ---------------------------------------------------------------------
    def draw(self, flow: Wizard, view: ViewState) -> None:
        """The outcome; the accusé's preview is the view's (it renders the PDF off the GUI thread)."""
        outcome, report = flow.outcome, flow.report
        self.strip.draw(flow)
        if outcome is Outcome.CREATED and report is not None:
            self._render_created(flow, view, report)
            return
        self.set_preview(None)
        self.show_print_status("", "")
        self.sent_question.hide()
        # the strip above names the patient; the details keep the identifier sent
        rows = [r for r in summary_rows(flow, view.settings) if r[0] == tr("Identifiant")]
        self.set_details(rows)
        sex = flow.beneficiary.sex if flow.beneficiary is not None else ""
        if outcome is Outcome.ALREADY_EXISTS:
            # an existing DMP says nothing of an online account: the patient may never have opened one
            self.show_outcome(
                "info",
                agree(sex, tr("Ce patient a déjà un DMP"), tr("Cette patiente a déjà un DMP"),
                      tr("Ce patient a déjà un DMP")),
                tr("Rien à créer ni à compter."),
                "<i>" + agree(
                    sex,
                    tr("Dites au patient : « Vous avez déjà un DMP. Vos professionnels de santé peuvent "
                       "l’alimenter ; pour le consulter vous-même, voyez dmp.fr. »"),
                    tr("Dites à la patiente : « Vous avez déjà un DMP. Vos professionnels de santé peuvent "
                       "l’alimenter ; pour le consulter vous-même, voyez dmp.fr. »"),
                    tr("Dites au patient : « Vous avez déjà un DMP. Vos professionnels de santé peuvent "
                       "l’alimenter ; pour le consulter vous-même, voyez dmp.fr. »"),
                ) + "</i>",
            )
        elif outcome is Outcome.CLOSED:
            self.show_outcome(
                "warn",
                agree(sex, tr("Le DMP de ce patient est fermé"), tr("Le DMP de cette patiente est fermé"),
                      tr("Le DMP de ce patient est fermé")),
                tr("Il ne peut pas être recréé ici. Rien n’a été créé ni compté."),
                "<i>" + agree(
                    sex,
                    tr("Dites au patient : « Votre DMP a été fermé. Pour le rouvrir, adressez-vous à votre "
                       "caisse d’Assurance Maladie. »"),
                    tr("Dites à la patiente : « Votre DMP a été fermé. Pour le rouvrir, adressez-vous à votre "
                       "caisse d’Assurance Maladie. »"),
                    tr("Dites au patient : « Votre DMP a été fermé. Pour le rouvrir, adressez-vous à votre "
                       "caisse d’Assurance Maladie. »"),
                ) + "</i>",
            )
        elif outcome is Outcome.REFUSED:
            self.show_outcome(
                "warn",
                tr("Création refusée : le DMP est désormais créé automatiquement"),
                tr(
                    "Depuis le 1ᵉʳ juillet 2021, les professionnels ne créent plus le DMP : il est ouvert "
                    "automatiquement dans « Mon espace santé ». Invitez le patient à activer son profil sur "
                    "monespacesante.fr. Rien n’a été créé ni compté."
                ),
            )
        elif outcome is Outcome.PENDING:  # neither created nor failed: the journal checks it again
            msg = message(ErrorCode.DMP_CREATION_UNCONFIRMED)
            self.show_outcome("warn", tr("Création non confirmée"), f"{msg.text}<br>{msg.todo}")
        else:
            msg = message(flow.error or ErrorCode.INTERNAL)
            self.show_outcome("error", tr("Le DMP n’a pas été créé"), f"{msg.text}<br>{msg.todo}")
        retry = tr("Réessa&yer la création") if flow.can_retry else None
        self.set_actions(reprint=False, save=False, retry=retry)

    def _render_created(self, flow: Wizard, view: ViewState, report: CreationReport) -> None:
        title = tr("DMP créé")
        if report.account_pending:
            body = tr("Le DMP est créé, mais pas encore le compte d’accès du patient.")
        elif not report.printed:
            body = tr("Le DMP est créé ; l’accusé reste à imprimer (ou à enregistrer en PDF).")
        elif report.account is not None:
            body = tr("Remettez l’accusé au patient : il contient son identifiant et son mot de passe provisoire.")
        else:
            body = tr("Remettez l’accusé de création au patient. Il recevra une confirmation par e-mail ou courrier.")
        self.show_outcome("warn" if report.account_pending else "ok", title, body)
        rows = [r for r in summary_rows(flow, view.settings) if r[0] not in (tr("Accusé"), tr("Patient"))]
        if report.created_at is not None:
            rows.append((tr("Créé le"), report.created_at.astimezone().strftime("%d/%m/%Y %H:%M")))
        if report.account is not None:
            rows.append((tr("Identifiant de connexion"), report.account.login))
            rows.append((tr("Codes envoyés par"), _channels_text(report)))
        self.set_details(rows)
        self._render_print_status(report, flow.receipt_confirmed)
        if report.account_pending and report.account_error is not None:
            msg = message(report.account_error)
            self.show_print_status("warn", tr("Compte d’accès non créé : ") + msg.text, msg.todo)
        for warning in report.warnings:
            notice = warning_message(warning)
            self.print_banner.show_text("warn", notice.text, notice.todo)
        retry = None
        if flow.can_retry and report.account_pending and report.account_error is not None:
            retry = tr("Réessa&yer le compte")
        asking = flow.can_confirm_receipt
        self.sent_question.setVisible(asking or (report.print_error is not None and not report.account_pending))
        self.sent_label.setVisible(asking)
        self.confirm_button.setVisible(asking)
        self.again_button.setVisible(asking)
        # the question's « Non : Réimprimer » is the reprint while it is asked (one button, one letter)
        self.set_actions(reprint=not asking, save=bool(report.pdf), retry=retry)
        self.reprint_button.setText(
            tr("Imprimer l’&accusé sans compte")
            if report.account_pending
            else tr("&Réimprimer l’accusé") if report.printed else tr("Imprimer l’&accusé")
        )

    def _render_print_status(self, report: CreationReport, confirmed: bool) -> None:
        if report.printed and report.print_result is not None:
            printer = report.print_result.printer or "?"
            if confirmed:
                self.show_print_status("ok", tr("Accusé sorti de l’imprimante « {0} ».").format(printer))
            else:
                self.show_print_status(
                    "info",
                    tr("Envoyé à l’imprimante « {0} ».").format(printer),
                    tr("Vérifiez que l’accusé est sorti : sinon, « Réimprimer » ou « Imprimer sur… »."),
                )
        elif report.print_error is not None:
            msg = message(report.print_error)
            self.show_print_status("error", msg.text, msg.todo)
        else:
            self.show_print_status("", "")

    def back_text(self, flow: Wizard) -> str | None:
        """The words of the view's back button here: where it leads (None: the usual « Précédent »)."""
        if flow.outcome in (Outcome.ALREADY_EXISTS, Outcome.CLOSED, Outcome.REFUSED) and flow.report is None:
            # ended at step 2: back is step 1 with the same card, to take another of its beneficiaries
            if len(flow.beneficiaries) > 1:
                return tr("< &Choisir un autre bénéficiaire")
            return tr("< Retour à la &carte Vitale")
        return None

    def show_outcome(self, kind: str, title: str, body: str = "", detail: str = "") -> None:
        """kind: ok / info / warn / error; `body` in bold in the banner, `detail` (what to say) below it."""
        self.heading.setText(title)
        self.heading.setAccessibleName(title)
        if body:
            self.banner.show_text(kind, body, detail)
        else:
            self.banner.clear()

    def set_details(self, rows: list[tuple[str, str]]) -> None:
        while self.details.rowCount():
            self.details.removeRow(0)
        for label, value in rows:
            field = QLabel(value)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            field.setWordWrap(True)
            self.details.addRow(label, field)
        self.details_box.setVisible(bool(rows))

    def show_print_status(self, kind: str, title: str, body: str = "") -> None:
        if not title:
            self.print_banner.clear()
        else:
            self.print_banner.show_text(kind, title, body)

    def set_actions(self, *, reprint: bool, save: bool, retry: str | None) -> None:
        """Which buttons apply; `retry` is the retry button's text (None hides it)."""
        self.reprint_button.setVisible(reprint)
        self.save_button.setVisible(save)
        self.retry_button.setVisible(retry is not None)
        if retry is not None:
            self.retry_button.setText(retry)
        self.new_button.setDefault(retry is None)
        self.retry_button.setDefault(retry is not None)

    def set_preview(self, png: bytes | None) -> None:
        self._preview_png = png
        if not png:
            self._pixmap = None
            self.preview.clear()
            self.preview_area.hide()
            return
        self._pixmap = QPixmap()
        self._pixmap.loadFromData(png, "PNG")
        self.preview_area.show()
        self._rescale()

    def _rescale(self) -> None:
        """Fit the accusé to the preview's width (the page scrolls vertically, never sideways)."""
        if self._pixmap is None or self._pixmap.isNull():
            return
        # the PNG was drawn for this screen's ratio: fit it in device pixels and say so, or Qt would blow
        # each logical pixel up into a blurred 1.5 × 1.5 block at 150 % scaling
        dpr = self.devicePixelRatioF()
        bar = self.preview_area.verticalScrollBar()
        reserve = 0 if bar.isVisible() else bar.sizeHint().width()  # the tall accusé brings the bar up
        width = max(200, self.preview_area.viewport().width() - reserve - 4)
        pixmap = self._pixmap
        if pixmap.width() > round(width * dpr):
            pixmap = pixmap.scaledToWidth(round(width * dpr), Qt.TransformationMode.SmoothTransformation)
        pixmap.setDevicePixelRatio(dpr)
        self.preview.setPixmap(pixmap)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rescale()

    @property
    def has_preview(self) -> bool:
        return bool(self._preview_png)

    def reset(self) -> None:
        super().reset()
        self.set_details([])
        self.set_preview(None)  # the accusé may show a temporary password: forget it
        self.show_print_status("", "")
        self.sent_question.hide()
        self.set_actions(reprint=False, save=False, retry=None)

    def focus_first(self) -> None:
        if self.retry_button.isVisible():
            self.retry_button.setFocus()
        elif not self.sent_question.isHidden() and not self.confirm_button.isHidden():
            self.confirm_button.setFocus()
        else:
            self.new_button.setFocus()


def _channels_text(report: CreationReport) -> str:
    names = {Channel.SMS: tr("SMS"), Channel.EMAIL: tr("e-mail")}
    return ", ".join(names[c] for c in report.channels)
