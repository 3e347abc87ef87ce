"""The patient read at step 1, in one line under the heading of steps 2-4 and the result: who the pharmacist
is working for (name, birth date, identifier type), and whether the Vitale card has left the reader since."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from dmp_desktop.domain.identity import Beneficiary
from dmp_desktop.flow.agreement import agree
from dmp_desktop.flow.wizard import CardPresence, Step, Wizard

# the steps where the card may leave the reader and the visit goes on (only step 1 needs it)
_CARD_STEPS = frozenset({Step.CONNECT, Step.CONSENT, Step.ACCOUNT, Step.CREATING})


def born_text(b: Beneficiary) -> str:
    """« né le 12/05/1980 », « née le … », « né(e) le … » by the card's sex."""
    text = agree(  # written out in full: lupdate finds only literal QCoreApplication.translate calls
        b.sex,
        QCoreApplication.translate("PatientStrip", "né le {0}"),
        QCoreApplication.translate("PatientStrip", "née le {0}"),
        QCoreApplication.translate("PatientStrip", "né(e) le {0}"),
    )
    return text.format(b.birth_date_display)


class PatientStrip(QFrame):
    """One line: « MARTIN Jean · né le 12/05/1980 · INS-C », then « Carte retirée — identité déjà lue » once the
    card is pulled at steps 2-4. Hidden while no patient is chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patientStrip")
        self.setStyleSheet(
            "QFrame#patientStrip { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; }"
            "QLabel { background: transparent; }"
        )
        self.patient = QLabel()
        self.patient.setTextFormat(Qt.TextFormat.RichText)
        self.patient.setObjectName("stripPatient")
        self.card = QLabel()
        self.card.setObjectName("stripCard")
        self.card.setStyleSheet("color: #9a5b00; font-weight: bold;")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.addWidget(self.patient)
        layout.addStretch(1)
        layout.addWidget(self.card)
        self.hide()

    def draw(self, flow: Wizard) -> None:
        b, ins = flow.beneficiary, flow.ins
        if b is None or flow.step in (Step.IDENTIFY, Step.CANCELLED):
            self.hide()
            return
        parts = [f"<b>{html.escape(b.display_name)}</b>", html.escape(born_text(b))]
        if ins is not None:
            parts.append(f"<span style='color:#5f6b76; font-size:small'>{html.escape(ins.type.value)}</span>")
        self.patient.setText(" · ".join(parts))
        # pulled and nothing in since (a card put in since is said by the view: another patient's, unreadable)
        pulled = flow.step in _CARD_STEPS and flow.card_presence is CardPresence.REMOVED
        pulled_text = QCoreApplication.translate("PatientStrip", "Carte retirée — identité déjà lue")
        self.card.setText("⚠ " + pulled_text if pulled else "")
        self.card.setVisible(pulled)
        plain = f"{b.display_name}, {born_text(b)}" + (f", {ins.type.value}" if ins is not None else "")
        if pulled:
            plain += ". " + pulled_text
        self.setAccessibleName(QCoreApplication.translate("PatientStrip", "Patient : {0}").format(plain))
        self.show()

    def text(self) -> str:
        """What the strip says, as plain text (tests, accessibility)."""
        return self.accessibleName()
