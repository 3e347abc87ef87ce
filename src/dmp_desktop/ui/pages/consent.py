"""Step 3: the talking guide from the leaflet, oral consent (required), emergency access yes/no (no default)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dmp_desktop.domain.model import Consent
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.wizard import Wizard
from dmp_desktop.ui.messages import message
from dmp_desktop.ui.pages.base import Page, ViewState


class ConsentPage(Page):
    """The guide on the left, the two answers on the right; Next needs both answers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("3. Consentement du patient"), parent)
        self.guide = QLabel(self._guide_html())
        self.guide.setObjectName("talkingGuide")
        self.guide.setWordWrap(True)
        self.guide.setTextFormat(Qt.TextFormat.RichText)
        self.guide.setAccessibleName(self.tr("Guide pour présenter le DMP au patient"))
        guide_frame = QFrame()
        guide_frame.setObjectName("guideFrame")
        guide_frame.setStyleSheet(
            "QFrame#guideFrame { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; }"
        )
        gl = QVBoxLayout(guide_frame)
        gl.setContentsMargins(14, 10, 14, 10)
        gl.addWidget(self.guide)
        gl.addStretch(1)

        self.oral = QCheckBox(self.tr("Le patient donne son &consentement oral à la création de son DMP"))
        self.oral.setAccessibleName(self.tr("Consentement oral du patient (obligatoire)"))
        oral_box = QGroupBox(self.tr("Consentement (obligatoire)"))
        ol = QVBoxLayout(oral_box)
        ol.addWidget(self.oral)

        self.emergency_box = QGroupBox(self.tr("En cas d’urgence, le patient autorise-t-il l’accès à son DMP ?"))
        self.emergency_box.setAccessibleName(self.emergency_box.title())
        self.yes = QRadioButton(self.tr("&Oui, il autorise l’accès en cas d’urgence"))
        self.no = QRadioButton(self.tr("&Non, il refuse l’accès en cas d’urgence"))
        self.yes.setAccessibleName(self.tr("Accès en cas d’urgence : oui"))
        self.no.setAccessibleName(self.tr("Accès en cas d’urgence : non"))
        # an exclusive group whose buttons all start unchecked: nothing is pre-selected
        self.emergency = QButtonGroup(self)
        self.emergency.setExclusive(True)
        self.emergency.addButton(self.yes, 1)
        self.emergency.addButton(self.no, 0)
        el = QVBoxLayout(self.emergency_box)
        el.addWidget(self.yes)
        el.addWidget(self.no)
        note = QLabel(self.tr("Réponse obligatoire : ne répondez pas à la place du patient."))
        note.setObjectName("hint")
        note.setWordWrap(True)
        el.addWidget(note)

        right = QVBoxLayout()
        right.addWidget(oral_box)
        right.addWidget(self.emergency_box)
        right.addWidget(self.banner)
        right.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(guide_frame, 3)
        row.addLayout(right, 2)
        self.layout_.addLayout(row, 1)

    def _guide_html(self) -> str:
        title = self.tr("Pour présenter le DMP au patient")
        parts = [
            (self.tr("Simple et pratique."), self.tr(
                "Un carnet de santé numérique, gratuit, sur Internet ou l’application DMP : "
                "toutes ses informations de santé au même endroit.")),
            (self.tr("Utile pour sa santé."), self.tr(
                "Il partage son historique avec les professionnels de son choix ; en urgence ou loin "
                "de chez lui, il est soigné plus efficacement.")),
            (self.tr("Sécurisé et confidentiel."), self.tr(
                "Le patient contrôle l’accès : seuls les professionnels de santé de son choix le consultent.")),
        ]
        holds = self.tr("Ce que contient le DMP :")
        items = [
            self.tr("l’historique des soins des 24 derniers mois (Assurance Maladie)"),
            self.tr("les pathologies et allergies éventuelles"),
            self.tr("les traitements médicamenteux"),
            self.tr("les comptes-rendus d’hospitalisation et de consultation"),
            self.tr("les résultats d’examens (radios, analyses biologiques…)"),
            self.tr("les directives anticipées et les proches à prévenir en cas d’urgence"),
        ]
        html = f"<p style='font-size:large'><b>{title}</b></p>"
        html += "".join(f"<p><b>{head}</b> {body}</p>" for head, body in parts)
        html += f"<p><b>{holds}</b></p><ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
        return html

    def draw(self, flow: Wizard, view: ViewState) -> None:
        if self.consent() != flow.consent:
            self.set_consent(flow.consent)
        if flow.error is not None:
            self.set_error(message(flow.error), "warn")
        elif self.error is not None:
            self.set_error(None)

    def emergency_answer(self) -> bool | None:
        button = self.emergency.checkedButton()
        if button is None:
            return None
        return button is self.yes

    def consent(self) -> Consent:
        return Consent(oral_consent=self.oral.isChecked(), emergency_access=self.emergency_answer())

    def set_consent(self, consent: Consent | None) -> None:
        """Show a consent kept by the flow (Back then Next), or clear everything."""
        self.oral.setChecked(bool(consent and consent.oral_consent))
        answer = consent.emergency_access if consent else None
        self.emergency.setExclusive(False)  # an exclusive group cannot be unchecked otherwise
        self.yes.setChecked(answer is True)
        self.no.setChecked(answer is False)
        self.emergency.setExclusive(True)

    def apply(self) -> list[ev.Event]:
        return [ev.ConsentChanged(self.oral.isChecked()), ev.EmergencyAnswered(self.emergency_answer())]

    def reset(self) -> None:
        super().reset()
        self.set_consent(None)

    def focus_first(self) -> None:
        self.oral.setFocus()
