"""Step 4: web account Oui / Non (large), e-mail and/or French mobile checked when left, one end button."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dmp_desktop.flow import events as ev
from dmp_desktop.flow.validation import spoken_mobile
from dmp_desktop.flow.wizard import Wizard
from dmp_desktop.ui.messages import message
from dmp_desktop.ui.pages.base import Page, ViewState, summary_rows
from dmp_desktop.ui.widgets import FieldError

_ANSWER_STYLE = (
    "QRadioButton { font-size: 13pt; font-weight: bold; padding: 10px 26px 10px 14px;"
    " border: 1px solid #8a949e; border-radius: 6px; background: white; }"
    " QRadioButton:checked { background: #e6f0fb; border: 2px solid #1f5fa8; }"
    " QRadioButton:focus { border: 2px solid #0b3d17; }"
)
_LINK_STYLE = (
    "QPushButton { border: none; color: #0b57a4; text-decoration: underline; text-align: left; padding: 0; }"
    " QPushButton:focus { border: 1px dotted #0b57a4; }"
)
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_AWAY = (Qt.FocusReason.ActiveWindowFocusReason, Qt.FocusReason.PopupFocusReason)


class AccountPage(Page):
    """The patient's answer, the contacts, what to read back to the patient, a summary, and the end button."""

    create_requested = Signal()
    answered = Signal(bool)  # the pharmacist (not a redraw) chose Oui (True) or Non (False)
    contact_left = Signal(str)  # "email" | "mobile": the field lost the focus, check it now
    suggestion_taken = Signal(str)  # the e-mail as suggested (« Vouliez-vous dire … ? »)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("4. Compte d’accès patient"), parent)
        self.question = QGroupBox(self.tr("Le patient souhaite-t-il un compte d’accès en ligne ?"))
        self.question.setAccessibleName(self.question.title())
        font = self.question.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.question.setFont(font)  # the question the pharmacist asks aloud (the answers have their own style)
        self.yes = QRadioButton(self.tr("&Oui"))
        self.no = QRadioButton(self.tr("&Non"))
        self.yes.setAccessibleName(self.tr("Compte d’accès en ligne : oui"))
        self.no.setAccessibleName(self.tr("Compte d’accès en ligne : non, seulement l’accusé de création"))
        self.answer = QButtonGroup(self)
        self.answer.addButton(self.yes, 1)
        self.answer.addButton(self.no, 0)
        self.answer.idClicked.connect(lambda i: self.answered.emit(i == 1))
        ql = QHBoxLayout(self.question)
        for button in (self.yes, self.no):
            button.setStyleSheet(_ANSWER_STYLE)
            button.setMinimumWidth(120)
            ql.addWidget(button)
        ql.addStretch(1)
        self.unused = QLabel()  # contacts typed, then Non: said, never dropped silently
        self.unused.setObjectName("hint")
        self.unused.setWordWrap(True)

        self.contacts = QGroupBox(self.tr("Coordonnées pour recevoir les codes de connexion (au moins une)"))
        form = QFormLayout(self.contacts)
        self.email = QLineEdit()
        self.email.setPlaceholderText(self.tr("nom@exemple.fr"))
        self.email.setAccessibleName(self.tr("Adresse e-mail du patient"))
        self.email.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
        self.email_error = FieldError(self.email)
        self.suggestion = QPushButton()
        self.suggestion.setObjectName("suggestion")
        self.suggestion.setFlat(True)
        self.suggestion.setAccessibleName(self.tr("Adresse e-mail suggérée"))
        self.suggestion.setStyleSheet(_LINK_STYLE)
        self.suggestion.setCursor(Qt.CursorShape.PointingHandCursor)
        self.suggestion.setVisible(False)
        self.suggestion.setAutoDefault(True)  # Entrée on it takes the suggestion (it never creates)
        self.suggestion.clicked.connect(self._take_suggestion)
        self._suggested: str | None = None
        self.mobile = QLineEdit()
        self.mobile.setPlaceholderText(self.tr("06 12 34 56 78"))
        self.mobile.setAccessibleName(self.tr("Téléphone portable du patient"))
        self.mobile.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.mobile_error = FieldError(self.mobile)
        for label in (self.email_error, self.mobile_error):
            label.setStyleSheet("color: #b3261e;")
            label.setWordWrap(True)
        email_label = QLabel(self.tr("&E-mail :"))
        email_label.setBuddy(self.email)
        mobile_label = QLabel(self.tr("Por&table :"))
        mobile_label.setBuddy(self.mobile)
        form.addRow(email_label, self.email)
        form.addRow("", self.email_error)
        form.addRow("", self.suggestion)
        form.addRow(mobile_label, self.mobile)
        form.addRow("", self.mobile_error)
        for field in (self.email, self.mobile):
            field.installEventFilter(self)

        self.readback_title = QLabel(self.tr("Relisez l’adresse au patient :"))
        self.readback = QLabel()  # large enough to read aloud, letter by letter
        self.readback.setObjectName("readback")
        self.readback.setTextFormat(Qt.TextFormat.RichText)
        self.readback.setWordWrap(True)
        self.readback.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readback.setStyleSheet("QLabel#readback { font-size: 16pt; color: #1b1f24; }")
        form.addRow(self.readback_title)
        form.addRow(self.readback)

        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        summary_box = QGroupBox(self.tr("Récapitulatif"))
        sl = QVBoxLayout(summary_box)
        sl.addWidget(self.summary)
        sl.addStretch(1)

        self.create_button = QPushButton(self.tr("&Créer sans compte"))
        self.create_button.setObjectName("createButton")
        self.create_button.setMinimumHeight(32)
        self.create_button.setMinimumWidth(200)
        self.create_button.setAutoDefault(True)
        self.create_button.setEnabled(False)  # until the flow says the answers allow it
        self.create_button.setStyleSheet(
            "QPushButton#createButton { background: #1e7a34; color: white; font-weight: bold; padding: 6px 22px;"
            " border-radius: 5px; } QPushButton#createButton:disabled { background: #dfe9e1; color: #4d5a50; }"
            " QPushButton#createButton:focus { border: 2px solid #0b3d17; }"
        )
        self.create_button.clicked.connect(self.create_requested)

        top = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.question)
        left.addWidget(self.unused)
        left.addWidget(self.contacts)
        left.addStretch(1)
        top.addLayout(left, 1)
        top.addWidget(summary_box, 1)
        self.layout_.addLayout(top, 1)
        self.layout_.addWidget(self.banner)
        # the wizard puts create_button in its own button bar: always on screen, even at 150 % scaling

    # -- keyboard: Entrée moves on from a field, never creates; leaving a field checks it ------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.email and watched is not self.mobile:
            return super().eventFilter(watched, event)
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and event.key() in _ENTER:
            # done with this field: checked now, even when the focus cannot move on (the button still disabled)
            self.contact_left.emit("email" if watched is self.email else "mobile")
            (self.mobile if watched is self.email else self.create_button).setFocus(Qt.FocusReason.TabFocusReason)
            return True
        # the window losing the focus (another program, a menu) is not the pharmacist leaving the field
        if isinstance(event, QFocusEvent) and event.type() == QEvent.Type.FocusOut and event.reason() not in _AWAY:
            self.contact_left.emit("email" if watched is self.email else "mobile")
        return super().eventFilter(watched, event)

    def _take_suggestion(self) -> None:
        if self._suggested:
            self.suggestion_taken.emit(self._suggested)

    # -- what the wizard shows ---------------------------------------------------------------------
    def draw(self, flow: Wizard, view: ViewState) -> None:
        self.strip.draw(flow)
        if self.wants_account() != flow.wants_account:
            self.set_answer(flow.wants_account, flow.email_text, flow.mobile_text)
        else:
            # never rewrite a field the pharmacist is typing in (the cursor would jump)
            if self.email.text() != flow.email_text and not self.email.hasFocus():
                self.email.setText(flow.email_text)
            if self.mobile.text() != flow.mobile_text and not self.mobile.hasFocus():
                self.mobile.setText(flow.mobile_text)
        wants = flow.wants_account
        self.contacts.setEnabled(wants is True)
        errors = flow.field_errors if wants else {}  # only the fields already left
        self.email_error.setText(message(errors["email"]).text if "email" in errors else "")
        self.mobile_error.setText(message(errors["mobile"]).text if "mobile" in errors else "")
        self.email_error.setVisible("email" in errors)
        self.mobile_error.setVisible("mobile" in errors)
        self._suggested = flow.email_suggestion
        self.suggestion.setText(self.tr("Vouliez-vous dire {0} ?").format(self._suggested or ""))
        self.suggestion.setAccessibleName(
            self.tr("Adresse e-mail suggérée : {0}").format(self._suggested) if self._suggested
            else self.tr("Adresse e-mail suggérée")
        )
        self.suggestion.setVisible(self._suggested is not None)
        self._draw_unused(flow)
        self._draw_readback(flow)
        self.create_button.setText(self.tr("&Créer avec compte") if wants else self.tr("&Créer sans compte"))
        self.create_button.setAccessibleName(
            self.tr("Créer le DMP avec un compte d’accès en ligne") if wants
            else self.tr("Créer le DMP sans compte d’accès en ligne")
        )
        self.create_button.setEnabled(flow.can_create)
        self._render_summary(flow, view)
        if flow.error is not None:
            self.set_error(message(flow.error), "warn")
        elif self.error is not None:
            self.set_error(None)

    def _draw_unused(self, flow: Wizard) -> None:
        email, mobile = bool(flow.email_text.strip()), bool(flow.mobile_text.strip())
        if not flow.contacts_unused:
            text = ""
        elif email and mobile:
            text = self.tr("Réponse Non : l’e-mail et le portable saisis ne seront pas utilisés.")
        elif email:
            text = self.tr("Réponse Non : l’e-mail saisi ne sera pas utilisé.")
        else:
            text = self.tr("Réponse Non : le portable saisi ne sera pas utilisé.")
        self.unused.setText(text)
        self.unused.setVisible(bool(text))

    def _draw_readback(self, flow: Wizard) -> None:
        request = flow.account_request
        spoken = [
            v for v in (request.email if request else None, flow.mobile_text if request and request.mobile else None)
            if v
        ]
        self.readback.setText("<br>".join(f"<b>{html.escape(v)}</b>" for v in spoken))
        self.readback.setAccessibleName(self.readback_title.text() + " " + ", ".join(spoken))
        self.readback_title.setVisible(bool(spoken))
        self.readback.setVisible(bool(spoken))

    def _render_summary(self, flow: Wizard, view: ViewState) -> None:
        rows = summary_rows(flow, view.settings)
        wants = flow.wants_account
        request = flow.account_request
        if wants is None:
            rows.append((self.tr("Compte d’accès"), self.tr("<i>à demander au patient</i>")))
        elif not wants:
            rows.append((self.tr("Compte d’accès"), self.tr("non")))
        elif request is None:
            rows.append((self.tr("Compte d’accès"), self.tr("oui — <i>coordonnées à compléter</i>")))
        else:
            mobile = spoken_mobile(request.mobile) if request.mobile else None
            contacts = html.escape(", ".join(v for v in (request.email, mobile or request.mobile) if v))
            rows.append((self.tr("Compte d’accès"), self.tr("oui — codes envoyés à {0}").format(contacts)))
        body = "".join(
            f"<tr><td style='padding-right:12px; color:#5f6b76'>{k}</td><td><b>{v}</b></td></tr>" for k, v in rows
        )
        self.summary.setText(f"<table cellspacing='3'>{body}</table>")

    # -- answers -----------------------------------------------------------------------------------
    def wants_account(self) -> bool | None:
        button = self.answer.checkedButton()
        return None if button is None else button is self.yes

    def set_answer(self, wants: bool | None, email: str = "", mobile: str = "") -> None:
        self.answer.setExclusive(False)
        self.yes.setChecked(wants is True)
        self.no.setChecked(wants is False)
        self.answer.setExclusive(True)
        self.email.setText(email)
        self.mobile.setText(mobile)

    def apply(self) -> list[ev.Event]:
        return [ev.AccountWanted(self.wants_account()), ev.ContactsEntered(self.email.text(), self.mobile.text())]

    def reset(self) -> None:
        super().reset()
        self.set_answer(None)

    def focus_first(self) -> None:
        (self.email if self.wants_account() else self.yes).setFocus()
