"""Step 4: web account yes/no, e-mail and/or French mobile (validated by the flow), summary, one button."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
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
from dmp_desktop.flow.wizard import Wizard
from dmp_desktop.ui.messages import message
from dmp_desktop.ui.pages.base import Page, ViewState, summary_rows


class AccountPage(Page):
    """The patient's answer, the contacts, a summary of everything, and « Créer le DMP »."""

    create_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("4. Compte d’accès patient"), parent)
        self.question = QGroupBox(self.tr("Le patient souhaite-t-il un compte d’accès en ligne à son DMP ?"))
        self.question.setAccessibleName(self.question.title())
        self.yes = QRadioButton(self.tr("O&ui, créer son compte d’accès"))
        self.no = QRadioButton(self.tr("No&n, seulement l’accusé de création"))
        self.answer = QButtonGroup(self)
        self.answer.addButton(self.yes, 1)
        self.answer.addButton(self.no, 0)
        ql = QHBoxLayout(self.question)
        ql.addWidget(self.yes)
        ql.addWidget(self.no)
        ql.addStretch(1)

        self.contacts = QGroupBox(self.tr("Coordonnées pour recevoir les codes de connexion (au moins une)"))
        form = QFormLayout(self.contacts)
        self.email = QLineEdit()
        self.email.setPlaceholderText(self.tr("nom@exemple.fr"))
        self.email.setAccessibleName(self.tr("Adresse e-mail du patient"))
        self.email.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
        self.email_error = QLabel()
        self.mobile = QLineEdit()
        self.mobile.setPlaceholderText(self.tr("06 12 34 56 78"))
        self.mobile.setAccessibleName(self.tr("Téléphone portable du patient"))
        self.mobile.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.mobile_error = QLabel()
        for label in (self.email_error, self.mobile_error):
            label.setStyleSheet("color: #b3261e;")
            label.setWordWrap(True)
        email_label = QLabel(self.tr("&E-mail :"))
        email_label.setBuddy(self.email)
        mobile_label = QLabel(self.tr("Por&table :"))
        mobile_label.setBuddy(self.mobile)
        form.addRow(email_label, self.email)
        form.addRow("", self.email_error)
        form.addRow(mobile_label, self.mobile)
        form.addRow("", self.mobile_error)

        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        summary_box = QGroupBox(self.tr("Récapitulatif"))
        sl = QVBoxLayout(summary_box)
        sl.addWidget(self.summary)
        sl.addStretch(1)

        self.create_button = QPushButton(self.tr("&Créer le DMP"))
        self.create_button.setObjectName("createButton")
        self.create_button.setAccessibleName(self.tr("Créer le DMP du patient"))
        self.create_button.setMinimumHeight(32)
        self.create_button.setMinimumWidth(200)
        self.create_button.setAutoDefault(True)
        self.create_button.setEnabled(False)  # until the flow says the answers are complete
        self.create_button.setStyleSheet(
            "QPushButton#createButton { background: #1e7a34; color: white; font-weight: bold; padding: 6px 22px;"
            " border-radius: 5px; } QPushButton#createButton:disabled { background: #a9c9b1; }"
            " QPushButton#createButton:focus { border: 2px solid #0b3d17; }"
        )
        self.create_button.clicked.connect(self.create_requested)

        top = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.question)
        left.addWidget(self.contacts)
        left.addStretch(1)
        top.addLayout(left, 1)
        top.addWidget(summary_box, 1)
        self.layout_.addLayout(top, 1)
        self.layout_.addWidget(self.banner)
        # the wizard puts create_button in its own button bar: always on screen, even at 150 % scaling

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
        errors = flow.field_errors if wants else {}
        # only complain about a field once something is typed in it
        self.email_error.setText(
            message(errors["email"]).text if "email" in errors and self.email.text().strip() else ""
        )
        self.mobile_error.setText(
            message(errors["mobile"]).text if "mobile" in errors and self.mobile.text().strip() else ""
        )
        self.create_button.setEnabled(flow.valid and not flow.busy)
        self._render_summary(flow, view)
        if flow.error is not None:
            self.set_error(message(flow.error), "warn")
        elif self.error is not None:
            self.set_error(None)

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
            contacts = html.escape(", ".join(v for v in (request.email, request.mobile) if v))
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
