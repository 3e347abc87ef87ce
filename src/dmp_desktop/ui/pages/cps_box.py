"""Step 2's box for the pharmacist's CPS/CPE: who holds it, its validity, the situation, the session's state,
and what to do next (insert the card, type the PIN, choose a situation)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.professional import PinState
from dmp_desktop.flow.wizard import CpsStage, Wizard
from dmp_desktop.ui.pages.cps_text import card_type_text, profession_text, situation_text, validity_text


class CpsBox(QGroupBox):
    """Draws `flow.cps_stage` and the card's facts; emits what the pharmacist asks for."""

    pin_requested = Signal()
    situation_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Votre carte CPS"), parent)
        self.state = QLabel()
        self.state.setWordWrap(True)
        font = self.state.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.state.setFont(font)
        self.holder = QLabel()
        self.card_type = QLabel()
        self.profession = QLabel()
        self.national_id = QLabel()
        self.validity = QLabel()
        self.situation = QLabel()
        self.situation.setWordWrap(True)
        self.pin = QLabel()
        self.pin.setWordWrap(True)
        self.service = QLabel()
        self.service.setWordWrap(True)
        for label in (self.holder, self.card_type, self.profession, self.national_id, self.validity):
            label.setWordWrap(True)  # two boxes side by side still fit a 150 % scaled 1366×768 screen
        self.form = QFormLayout()
        self.form.addRow(self.tr("Titulaire :"), self.holder)
        self.form.addRow(self.tr("Carte :"), self.card_type)
        self.form.addRow(self.tr("Profession :"), self.profession)
        self.form.addRow(self.tr("Identifiant national :"), self.national_id)
        self.form.addRow(self.tr("Validité :"), self.validity)
        self.form.addRow(self.tr("Code PIN :"), self.pin)
        self.form.addRow(self.tr("Exercice :"), self.situation)
        self.form.addRow(self.tr("Service DMP :"), self.service)

        self.situations = QListWidget()
        self.situations.setAccessibleName(self.tr("Situations d’exercice de la carte"))
        self.situations.setStyleSheet("QListWidget::item { padding: 6px 4px; }")
        self.situations.itemActivated.connect(lambda _item: self.choose())
        self.choose_button = QPushButton(self.tr("Se &connecter dans cette pharmacie"))
        self.choose_button.setAccessibleName(self.tr("Se connecter au DMP dans la situation choisie"))
        self.choose_button.clicked.connect(self.choose)
        self.pin_button = QPushButton(self.tr("Saisir le code PI&N…"))
        self.pin_button.setAccessibleName(self.tr("Saisir le code PIN de la carte CPS"))
        self.pin_button.clicked.connect(self.pin_requested)
        actions = QHBoxLayout()
        actions.addWidget(self.pin_button)
        actions.addWidget(self.choose_button)
        actions.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(self.form)
        layout.addWidget(self.situations)
        layout.addLayout(actions)

    def choose(self) -> None:
        item = self.situations.currentItem()
        if item is not None and self.choose_button.isEnabled():
            self.situation_chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def draw(self, flow: Wizard, service: str) -> None:
        stage = flow.cps_stage
        holder = flow.cps_holder
        self.state.setText(self._state_text(flow, stage))
        self.state.setAccessibleName(self.state.text())
        rows = holder is not None
        for label in (self.holder, self.card_type, self.profession, self.national_id, self.validity):
            self.form.setRowVisible(label, rows)
        if holder is not None:
            self.holder.setText(holder.display_name)
            self.card_type.setText(card_type_text(holder))
            self.profession.setText(profession_text(holder))
            self.national_id.setText(holder.national_id)
            self.validity.setText(validity_text(holder))
        self.form.setRowVisible(self.pin, rows and stage in (CpsStage.PIN, CpsStage.LOGGING_IN))
        self.pin.setText(self._pin_text(flow.pin_state))
        connected = flow.professional
        self.form.setRowVisible(self.situation, connected is not None)
        if connected is not None:
            self.situation.setText(situation_text(connected.situation))
        self.service.setText(service)

        choosing = stage is CpsStage.SITUATION and len(flow.situations) > 1
        self.situations.setVisible(choosing)
        self.choose_button.setVisible(choosing)
        if choosing:
            self._fill_situations(flow)
        self.pin_button.setVisible(
            stage is CpsStage.PIN and not flow.pin_asked and flow.pin_state is not PinState.LOCKED
        )

    def _fill_situations(self, flow: Wizard) -> None:
        ids = [s.structure_id for s in flow.situations]
        shown = [self.situations.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.situations.count())]
        if shown == ids:
            return
        self.situations.clear()
        for situation in flow.situations:
            item = QListWidgetItem(situation_text(situation))
            item.setData(Qt.ItemDataRole.UserRole, situation.structure_id)
            self.situations.addItem(item)
        self.situations.setCurrentRow(0)  # the keyboard starts on a row; nothing is sent before « Se connecter »
        rows = sum(self.situations.sizeHintForRow(i) for i in range(self.situations.count()))
        self.situations.setFixedHeight(rows + 2 * self.situations.frameWidth() + 4)

    def _pin_text(self, state: PinState | None) -> str:
        return {
            PinState.READY: self.tr("3 essais"),
            PinState.COUNT_LOW: self.tr("2 essais restants"),
            PinState.FINAL_TRY: self.tr("dernier essai : un code faux bloque la carte"),
            PinState.LOCKED: self.tr("carte bloquée"),
        }.get(state, "") if state is not None else ""

    def _state_text(self, flow: Wizard, stage: CpsStage) -> str:
        if stage is CpsStage.READING:
            return self.tr("Lecture de la carte CPS…")
        if stage is CpsStage.MISSING:
            if flow.error in (ErrorCode.CPS_EXPIRED, ErrorCode.CPS_UNKNOWN):
                return self.tr("Cette carte ne peut pas servir : insérez une carte CPS ou CPE valide")
            if flow.error is ErrorCode.CPS_MODULE_MISSING:
                return self.tr("Le lecteur de carte CPS n’est pas disponible")
            return self.tr("Insérez votre carte CPS ou CPE")
        if stage is CpsStage.PIN:
            if flow.pin_state is PinState.LOCKED:
                return self.tr("Carte bloquée : elle ne peut pas ouvrir de session")
            return self.tr("Carte lue : saisissez votre code PIN")
        if stage is CpsStage.LOGGING_IN:
            return self.tr("Vérification du code PIN…")
        if stage is CpsStage.SITUATION:
            return self.tr("Choisissez votre situation d’exercice") if len(flow.situations) > 1 else self.tr(
                "Code PIN accepté"
            )
        if stage is CpsStage.CONNECTING:
            return self.tr("Connexion au service DMP…")
        if stage is CpsStage.CONNECTED:
            return self.tr("Connecté(e) au DMP avec votre carte (mode DIRECTE)")
        return ""

    def focus_first(self) -> None:
        if self.situations.isVisible():
            self.situations.setFocus()
        elif self.pin_button.isVisible():
            self.pin_button.setFocus()
