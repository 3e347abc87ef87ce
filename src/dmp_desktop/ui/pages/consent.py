"""Step 3: the talking guide from the leaflet, oral consent (required), emergency access Oui / Non (no default)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dmp_desktop.domain.model import Consent
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.agreement import agree
from dmp_desktop.flow.wizard import Wizard
from dmp_desktop.ui.messages import message
from dmp_desktop.ui.pages.base import Page, ViewState


class ConsentPage(Page):
    """The guide on the left, the two answers on the right; Next needs both answers. The words follow the
    patient's sex as the card gives it (« le patient / la patiente », « il / elle »)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("3. Consentement et accès d’urgence"), parent)
        self.guide = QLabel()
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

        self.oral = QCheckBox()
        self.oral.setAccessibleName(self.tr("Consentement oral du patient (obligatoire)"))
        oral_box = QGroupBox(self.tr("Consentement (obligatoire)"))
        ol = QVBoxLayout(oral_box)
        ol.addWidget(self.oral)

        self.emergency_box = QGroupBox()
        # two large answers, the same letters as every Oui / Non of the wizard (Alt+O, Alt+N)
        self.yes = _answer_button(self.tr("&Oui"))
        self.no = _answer_button(self.tr("&Non"))
        self.yes.setAccessibleName(self.tr("Accès en cas d’urgence : oui"))
        self.no.setAccessibleName(self.tr("Accès en cas d’urgence : non"))
        # an exclusive group whose buttons all start unchecked: nothing is pre-selected
        self.emergency = QButtonGroup(self)
        self.emergency.setExclusive(True)
        self.emergency.addButton(self.yes, 1)
        self.emergency.addButton(self.no, 0)
        self.emergency.buttonToggled.connect(self._mark_answer)
        answers = QHBoxLayout()
        answers.addWidget(self.yes)
        answers.addWidget(self.no)
        answers.addStretch(1)
        self.answer_text = QLabel()  # the answer in words: colour is never the only signal
        self.answer_text.setObjectName("answerText")
        self.answer_text.setWordWrap(True)
        el = QVBoxLayout(self.emergency_box)
        el.addLayout(answers)
        el.addWidget(self.answer_text)
        self.note = QLabel()
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        el.addWidget(self.note)

        right = QVBoxLayout()
        right.addWidget(oral_box)
        right.addWidget(self.emergency_box)
        right.addWidget(self.banner)
        right.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(guide_frame, 3)
        row.addLayout(right, 2)
        self.layout_.addLayout(row, 1)
        self._sex: str | None = None
        self._word("")

    def _word(self, sex: str) -> None:
        """Every sentence that names the patient, agreed with the card's sex (unknown: « le patient »)."""
        if sex == self._sex:
            return
        self._sex = sex
        self.guide.setText(self._guide_html(sex))
        self.oral.setText(agree(
            sex,
            self.tr("Le patient donne son &consentement oral à la création de son DMP"),
            self.tr("La patiente donne son &consentement oral à la création de son DMP"),
            self.tr("Le patient donne son &consentement oral à la création de son DMP"),
        ))
        question = agree(
            sex,
            self.tr("En cas d’urgence, le patient autorise-t-il l’accès à son DMP ?"),
            self.tr("En cas d’urgence, la patiente autorise-t-elle l’accès à son DMP ?"),
            self.tr("En cas d’urgence, le patient autorise-t-il l’accès à son DMP ?"),
        )
        self.emergency_box.setTitle(question)
        self.emergency_box.setAccessibleName(question)
        self.note.setText(agree(
            sex,
            self.tr("Réponse obligatoire : ne répondez pas à la place du patient."),
            self.tr("Réponse obligatoire : ne répondez pas à la place de la patiente."),
            self.tr("Réponse obligatoire : ne répondez pas à la place du patient."),
        ))
        self._mark_answer()

    def _mark_answer(self, *_: object) -> None:
        answer = self.emergency_answer()
        for button, text in ((self.yes, self.tr("&Oui")), (self.no, self.tr("&Non"))):
            button.setText(("✔ " if button.isChecked() else "") + text)
        sex = self._sex or ""
        if answer is True:
            said = agree(
                sex,
                self.tr("Il autorise l’accès à son DMP en cas d’urgence."),
                self.tr("Elle autorise l’accès à son DMP en cas d’urgence."),
                self.tr("Le patient autorise l’accès à son DMP en cas d’urgence."),
            )
        elif answer is False:
            said = agree(
                sex,
                self.tr("Il refuse l’accès à son DMP en cas d’urgence."),
                self.tr("Elle refuse l’accès à son DMP en cas d’urgence."),
                self.tr("Le patient refuse l’accès à son DMP en cas d’urgence."),
            )
        else:
            said = ""
        self.answer_text.setText(said)
        self.answer_text.setVisible(bool(said))

    def _guide_html(self, sex: str) -> str:
        title = self.tr("Pour présenter le DMP au patient")
        parts = [
            (self.tr("Simple et pratique."), self.tr(
                "Un carnet de santé numérique, gratuit, sur Internet ou l’application DMP : "
                "toutes ses informations de santé au même endroit.")),
            (self.tr("Utile pour sa santé."), agree(
                sex,
                self.tr("Il partage son historique avec les professionnels de son choix ; en urgence ou loin "
                        "de chez lui, il est soigné plus efficacement."),
                self.tr("Elle partage son historique avec les professionnels de son choix ; en urgence ou loin "
                        "de chez elle, elle est soignée plus efficacement."),
                self.tr("Il partage son historique avec les professionnels de son choix ; en urgence ou loin "
                        "de chez lui, il est soigné plus efficacement."),
            )),
            (self.tr("Sécurisé et confidentiel."), agree(
                sex,
                self.tr("Le patient contrôle l’accès : seuls les professionnels de santé de son choix le consultent."),
                self.tr("La patiente contrôle l’accès : seuls les professionnels de santé de son choix le consultent."),
                self.tr("Le patient contrôle l’accès : seuls les professionnels de santé de son choix le consultent."),
            )),
        ]
        # what « accès en cas d'urgence » means, said plainly (the question on the right asks for it)
        emergency = (self.tr("Accès en cas d’urgence."), agree(
            sex,
            self.tr("S’il dit oui, un médecin du SAMU (centre 15) ou une équipe d’urgence pourra ouvrir son DMP "
                    "quand il n’est pas en état de donner son accord, par exemple s’il est inconscient. "
                    "Il peut changer ce choix plus tard sur dmp.fr."),
            self.tr("Si elle dit oui, un médecin du SAMU (centre 15) ou une équipe d’urgence pourra ouvrir son DMP "
                    "quand elle n’est pas en état de donner son accord, par exemple si elle est inconsciente. "
                    "Elle peut changer ce choix plus tard sur dmp.fr."),
            self.tr("S’il dit oui, un médecin du SAMU (centre 15) ou une équipe d’urgence pourra ouvrir son DMP "
                    "quand il n’est pas en état de donner son accord, par exemple s’il est inconscient. "
                    "Il peut changer ce choix plus tard sur dmp.fr."),
        ))
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
        html += f"<p style='background:#e8f1fb'><b>{emergency[0]}</b> {emergency[1]}</p>"
        html += f"<p><b>{holds}</b></p><ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
        return html

    def draw(self, flow: Wizard, view: ViewState) -> None:
        self.strip.draw(flow)
        self._word(flow.beneficiary.sex if flow.beneficiary is not None else "")
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
        self._mark_answer()

    def apply(self) -> list[ev.Event]:
        return [ev.ConsentChanged(self.oral.isChecked()), ev.EmergencyAnswered(self.emergency_answer())]

    def reset(self) -> None:
        super().reset()
        self.set_consent(None)

    def focus_first(self) -> None:
        self.oral.setFocus()


def _answer_button(text: str) -> QPushButton:
    """A large Oui / Non answer: a checkable button, easy to hit and to read across the counter."""
    button = QPushButton(text)
    button.setCheckable(True)
    button.setAutoDefault(False)  # Entrée is « Suivant », never an answer
    button.setMinimumSize(130, 46)
    font = button.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    button.setFont(font)
    button.setStyleSheet(
        "QPushButton { border: 2px solid #1f5fa8; border-radius: 6px; background: white; color: #1f5fa8;"
        " padding: 6px 18px; }"
        "QPushButton:checked { background: #1f5fa8; color: white; }"
        "QPushButton:focus { border: 3px solid #0b3d75; }"
    )
    return button
