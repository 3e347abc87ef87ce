"""The CPS PIN dialog: 4 masked digits, the tries left, the final-try warning. The PIN is never logged or kept:
`take_pin()` hands it over once and empties the field."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.professional import CardHolder, PinState
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.wizard import Wizard
from dmp_desktop.ui.messages import message
from dmp_desktop.ui.pages.cps_text import holder_summary

PIN_LENGTH = 4
_WARN = "color: #8a1c1c; font-weight: bold;"


class PinDialog(QDialog):
    """Window-modal, opened with `open()` (the wizard keeps running); Entrée sends, Échap cancels."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Code PIN de la carte CPS"))
        self.setModal(True)
        self.holder_label = QLabel()
        self.holder_label.setWordWrap(True)
        self.prompt = QLabel(self.tr("&Code PIN (4 chiffres) :"))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(PIN_LENGTH)
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,4}"), self.pin))
        self.pin.setInputMethodHints(
            Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText | Qt.InputMethodHint.ImhHiddenText
        )
        self.pin.setAccessibleName(self.tr("Code PIN de la carte CPS, 4 chiffres"))
        self.pin.setMaximumWidth(160)
        self.pin.setStyleSheet("font-size: 18pt; letter-spacing: 6px;")
        self.prompt.setBuddy(self.pin)
        self.tries = QLabel()
        self.tries.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(_WARN)
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Valider"))
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("&Annuler"))
        self.buttons.accepted.connect(self._send)
        self.buttons.rejected.connect(self.reject)
        self.pin.textChanged.connect(self._on_text)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addWidget(self.holder_label)
        layout.addWidget(self.prompt)
        layout.addWidget(self.pin)
        layout.addWidget(self.tries)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.state = PinState.READY
        # asked before sending on the final try (tests replace it)
        self.confirm_final_try: Callable[[], bool] = self._ask_final_try
        self._on_text("")

    def show_for(self, holder: CardHolder | None, state: PinState, problem: str = "") -> None:
        """Fill the dialog for the card in the reader: who, how many tries are left, what went wrong."""
        self.state = state
        self.pin.clear()
        self.holder_label.setText(holder_summary(holder) if holder is not None else "")
        self.holder_label.setVisible(holder is not None)
        if state is PinState.FINAL_TRY:
            self.tries.setText(self.tr("Dernier essai : un code faux bloque la carte."))
            self.tries.setStyleSheet(_WARN)
        elif state is PinState.COUNT_LOW:
            self.tries.setText(self.tr("2 essais restants avant le blocage de la carte."))
            self.tries.setStyleSheet("")
        else:
            self.tries.setText(self.tr("3 essais avant le blocage de la carte."))
            self.tries.setStyleSheet("")
        self.tries.setAccessibleName(self.tries.text())
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.pin.setFocus()

    def _on_text(self, text: str) -> None:
        self.ok_button.setEnabled(len(text) == PIN_LENGTH and text.isdigit())

    def _send(self) -> None:
        if not self.ok_button.isEnabled():
            return
        if self.state is PinState.FINAL_TRY and not self.confirm_final_try():
            self.pin.setFocus()
            return
        self.accept()

    def _ask_final_try(self) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Dernier essai"))
        box.setText(self.tr("Dernier essai : un code faux bloque la carte."))
        box.setInformativeText(
            self.tr("Une carte bloquée se débloque avec son code PUK, hors du comptoir. Envoyer ce code ?")
        )
        send = box.addButton(self.tr("&Envoyer le code"), QMessageBox.ButtonRole.AcceptRole)
        check = box.addButton(self.tr("&Vérifier le code"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(check)  # Entrée twice by habit must not block the card
        box.exec()
        return box.clickedButton() is send

    def take_pin(self) -> str:
        """The typed PIN, once: the field is emptied (the dialog keeps nothing of it)."""
        pin = self.pin.text()
        self.pin.clear()
        return pin


class PinPrompt(QObject):
    """Opens the PIN dialog when the flow asks for the PIN and closes it when it no longer does (card
    pulled, Back…); what the pharmacist does in it goes to `send` as PinEntered / PinCancelled."""

    def __init__(self, parent: QWidget, send: Callable[[ev.Event], object]) -> None:
        super().__init__(parent)
        self.dialog = PinDialog(parent)
        self.dialog.finished.connect(self._finished)
        self._send = send
        self._closing = False  # closed by the flow, not cancelled by the pharmacist

    def sync(self, flow: Wizard) -> None:
        dialog = self.dialog
        if flow.pin_asked and not dialog.isVisible():
            problem = message(flow.card_error).text if flow.card_error is ErrorCode.CPS_PIN_INCORRECT else ""
            dialog.show_for(flow.cps_holder, flow.pin_state or PinState.READY, problem)
            dialog.open()
        elif not flow.pin_asked and dialog.isVisible():
            self._closing = True
            try:
                dialog.reject()
            finally:
                self._closing = False

    def _finished(self, result: int) -> None:
        pin = self.dialog.take_pin()  # emptied whatever happens: nothing of a cancelled PIN stays behind
        if self._closing:
            return
        if result == QDialog.DialogCode.Accepted.value:
            self._send(ev.PinEntered(pin))
        else:
            self._send(ev.PinCancelled())
