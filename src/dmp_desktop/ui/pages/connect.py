"""Step 2: who connects (the pharmacist's CPS/CPE and its session, or the configured pharmacist in mode
INDIRECTE) and the existence test TD0.2, which runs on its own once connected."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.identity import Beneficiary, Ins, InsType
from dmp_desktop.domain.model import DmpStatus, Pharmacist, Pharmacy
from dmp_desktop.flow.agreement import agree
from dmp_desktop.flow.wizard import CpsStage, Wizard
from dmp_desktop.ui.messages import Message, message
from dmp_desktop.ui.pages.base import Page, ViewState, tr
from dmp_desktop.ui.pages.cps_box import CpsBox

# card problems the page words as « do this » rather than as a failure
_CARD_ADVICE = frozenset({ErrorCode.CPS_MISSING, ErrorCode.CPS_REMOVED})


class ConnectPage(Page):
    """Shows the identities sent to the service and the answer of the existence test."""

    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("2. Connexion au DMP"), parent)
        self.pro_box = QGroupBox(self.tr("Professionnel connecté"))
        pro = QFormLayout(self.pro_box)
        self.pharmacist = QLabel()
        self.rpps = QLabel()
        self.pharmacy = QLabel()
        self.service = QLabel()
        self.service.setWordWrap(True)
        pro.addRow(self.tr("Pharmacien(ne) :"), self.pharmacist)
        pro.addRow(self.tr("N° RPPS :"), self.rpps)
        pro.addRow(self.tr("Pharmacie :"), self.pharmacy)
        pro.addRow(self.tr("Service DMP :"), self.service)

        self.patient_box = QGroupBox(self.tr("Patient"))
        pat = QFormLayout(self.patient_box)
        self.patient = QLabel()
        self.birth = QLabel()
        self.ins = QLabel()
        self.ins.setWordWrap(True)  # an INS-C and its type are long: wrap rather than scroll sideways
        pat.addRow(self.tr("Nom, prénom :"), self.patient)
        self.birth_label = QLabel(self.tr("Né(e) le :"))
        pat.addRow(self.birth_label, self.birth)
        pat.addRow(self.tr("Identifiant (INS) :"), self.ins)

        self.cps_box = CpsBox()
        self.cps_box.hide()

        boxes = QHBoxLayout()
        boxes.addWidget(self.pro_box, 1)
        boxes.addWidget(self.cps_box, 1)
        boxes.addWidget(self.patient_box, 1)

        self.retry_button = QPushButton(self.tr("&Réessayer"))
        self.retry_button.setAccessibleName(self.tr("Réessayer le test d’existence du DMP"))
        self.retry_button.clicked.connect(self.retry_requested)
        self.retry_button.hide()
        retry_row = QHBoxLayout()
        retry_row.addStretch(1)
        retry_row.addWidget(self.retry_button)

        self.layout_.addLayout(boxes)
        self.layout_.addWidget(self.banner)
        self.layout_.addLayout(retry_row)
        self.layout_.addStretch(1)

    def draw(self, flow: Wizard, view: ViewState) -> None:
        settings = view.settings
        self.strip.draw(flow)
        b, ins = flow.beneficiary, flow.ins
        service = (
            tr("simulateur de formation (aucun envoi réel)")
            if settings.training and not settings.dmp.endpoint
            else settings.dmp.endpoint
        )
        if b is not None and ins is not None:
            self.show_identities(settings.pharmacist, settings.pharmacy, b, ins, service)
        card = flow.professional_card is True
        self.cps_box.setVisible(card)
        self.pro_box.setVisible(not card)
        if card:
            self.cps_box.draw(flow, service)
        stage = flow.cps_stage
        self.retry_button.setText(self._retry_text(flow))
        if flow.busy:
            self.show_checking(stage)
        elif flow.error is not None:
            advice = flow.error in _CARD_ADVICE or (flow.error is ErrorCode.CPS_PIN_INCORRECT and flow.pin_asked)
            # a wrong PIN: the dialog, open again, is the way on (not a re-read of the card)
            retry = flow.can_retry and not flow.pin_asked
            self.show_failure(message(flow.error), retry, "warn" if advice else None)
        elif card and stage is CpsStage.MISSING:
            self._show_card_step(self.tr("Insérez votre carte CPS ou CPE"),
                                 self.tr("Elle reste dans le lecteur : un seul code PIN pour tous les patients."))
        elif card and stage is CpsStage.PIN:
            self._show_card_step(self.tr("Saisissez le code PIN de votre carte."),
                                 self.tr("Il ne sera demandé qu’une fois tant que la carte reste dans le lecteur."))
        elif card and stage is CpsStage.SITUATION:
            self._show_card_step(self.tr("Votre carte porte plusieurs situations d’exercice."),
                                 self.tr("Choisissez la pharmacie où vous exercez aujourd’hui."))
        elif flow.existence is not None:
            self.show_status(flow.existence.status, flow.beneficiary.sex if flow.beneficiary is not None else "")

    def _retry_text(self, flow: Wizard) -> str:
        if flow.professional_card is True and flow.professional is None and not flow.situations:
            return self.tr("&Lire la carte CPS")
        return self.tr("&Réessayer")

    def _show_card_step(self, title: str, body: str) -> None:
        self.retry_button.hide()
        self._error = None
        self.banner.show_text("info", title, body)

    def show_identities(
        self, pharmacist: Pharmacist, pharmacy: Pharmacy, beneficiary: Beneficiary, ins: Ins, service: str
    ) -> None:
        self.pharmacist.setText(pharmacist.display_name)
        self.rpps.setText(pharmacist.rpps)
        self.pharmacy.setText(f"{pharmacy.name} ({pharmacy.number})")
        self.service.setText(service)
        self.patient.setText(beneficiary.display_name)
        self.birth.setText(beneficiary.birth_date_display)
        self.birth_label.setText(agree(beneficiary.sex, self.tr("Né le :"), self.tr("Née le :"), self.tr("Né(e) le :")))
        kind = self.tr("INS-NIR") if ins.type is InsType.INS_NIR else self.tr("INS-C (calculé de la carte)")
        self.ins.setText(f"{ins.value} — {kind}")

    def show_checking(self, stage: CpsStage = CpsStage.NOT_NEEDED) -> None:
        self.retry_button.hide()
        self._error = None
        if stage is CpsStage.READING:
            self.banner.show_text("info", self.tr("Lecture de la carte CPS…"))
        elif stage is CpsStage.LOGGING_IN:
            self.banner.show_text("info", self.tr("Vérification du code PIN…"), self.tr("La carte vérifie le code."))
        elif stage is CpsStage.CONNECTING:
            self.banner.show_text("info", self.tr("Connexion au service DMP…"),
                                  self.tr("Le canal sécurisé s’ouvre avec la clé de votre carte."))
        else:
            self.banner.show_text("info", self.tr("Vérification du DMP…"), self.tr("Le service DMP est interrogé."))

    def show_status(self, status: DmpStatus, sex: str = "") -> None:
        self.retry_button.hide()
        self._error = None
        if status is DmpStatus.NOT_FOUND:
            self.banner.show_text(
                "ok",
                agree(sex, self.tr("Ce patient n’a pas encore de DMP : vous pouvez le créer."),
                      self.tr("Cette patiente n’a pas encore de DMP : vous pouvez le créer."),
                      self.tr("Ce patient n’a pas encore de DMP : vous pouvez le créer.")),
                self.tr("Appuyez sur Entrée pour recueillir son consentement."),
            )
        elif status is DmpStatus.EXISTS:  # an existing DMP says nothing of an online account
            self.banner.show_text(
                "info",
                agree(sex, self.tr("Ce patient a déjà un DMP : rien à créer."),
                      self.tr("Cette patiente a déjà un DMP : rien à créer."),
                      self.tr("Ce patient a déjà un DMP : rien à créer.")),
                self.tr("Rien n’est compté ; passez au patient suivant."),
            )
        else:
            self.banner.show_text(
                "warn",
                agree(sex, self.tr("Le DMP de ce patient a été fermé."),
                      self.tr("Le DMP de cette patiente a été fermé."),
                      self.tr("Le DMP de ce patient a été fermé.")),
                self.tr("Il ne peut pas être recréé ici : le patient s’adresse à sa caisse d’Assurance Maladie."),
            )

    def show_failure(self, msg: Message, retry: bool, kind: str | None = None) -> None:
        self.retry_button.setVisible(retry)
        self.set_error(msg, kind or ("error" if retry else "warn"))
        if retry:
            self.retry_button.setFocus()

    def reset(self) -> None:
        super().reset()
        self.retry_button.hide()

    def focus_first(self) -> None:
        if self.cps_box.isVisible():
            self.cps_box.focus_first()
        else:
            super().focus_first()
