"""Step 2: who connects (pharmacist, pharmacy) and the existence test TD0.2, which runs on its own."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from dmp_desktop.domain.identity import Beneficiary, Ins, InsType
from dmp_desktop.domain.model import DmpStatus, Pharmacist, Pharmacy
from dmp_desktop.flow.wizard import Wizard
from dmp_desktop.ui.messages import Message, message
from dmp_desktop.ui.pages.base import Page, ViewState, tr


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
        pat.addRow(self.tr("Nom, prénom :"), self.patient)
        pat.addRow(self.tr("Né(e) le :"), self.birth)
        pat.addRow(self.tr("Identifiant (INS) :"), self.ins)

        boxes = QHBoxLayout()
        boxes.addWidget(self.pro_box, 1)
        boxes.addWidget(self.patient_box, 1)

        self.retry_button = QPushButton(self.tr("&Réessayer"))
        self.retry_button.setAccessibleName(self.tr("Réessayer le test d'existence du DMP"))
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
        b, ins = flow.beneficiary, flow.ins
        if b is not None and ins is not None:
            service = (
                tr("simulateur de formation (aucun envoi réel)")
                if settings.training and not settings.dmp.endpoint
                else settings.dmp.endpoint
            )
            self.show_identities(settings.pharmacist, settings.pharmacy, b, ins, service)
        if flow.busy:
            self.show_checking()
        elif flow.error is not None:
            self.show_failure(message(flow.error), flow.can_retry)
        elif flow.existence is not None:
            self.show_status(flow.existence.status)

    def show_identities(
        self, pharmacist: Pharmacist, pharmacy: Pharmacy, beneficiary: Beneficiary, ins: Ins, service: str
    ) -> None:
        self.pharmacist.setText(pharmacist.display_name)
        self.rpps.setText(pharmacist.rpps)
        self.pharmacy.setText(f"{pharmacy.name} ({pharmacy.number})")
        self.service.setText(service)
        self.patient.setText(beneficiary.display_name)
        self.birth.setText(beneficiary.birth_date_display)
        kind = self.tr("INS-NIR") if ins.type is InsType.INS_NIR else self.tr("INS-C (calculé de la carte)")
        self.ins.setText(f"{ins.value} — {kind}")

    def show_checking(self) -> None:
        self.retry_button.hide()
        self.banner.show_text("info", self.tr("Vérification du DMP…"), self.tr("Le service DMP est interrogé."))
        self._error = None

    def show_status(self, status: DmpStatus) -> None:
        self.retry_button.hide()
        self._error = None
        if status is DmpStatus.NOT_FOUND:
            self.banner.show_text(
                "ok",
                self.tr("Ce patient n'a pas encore de DMP : vous pouvez le créer."),
                self.tr("Appuyez sur Entrée pour recueillir son consentement."),
            )
        elif status is DmpStatus.EXISTS:
            self.banner.show_text(
                "info",
                self.tr("Ce patient a déjà un DMP : rien à créer."),
                self.tr("Il le consulte sur dmp.fr. Passez au patient suivant."),
            )
        else:
            self.banner.show_text(
                "warn",
                self.tr("Le DMP de ce patient a été fermé."),
                self.tr("Il ne peut pas être recréé ici : le patient s'adresse à sa caisse d'Assurance Maladie."),
            )

    def show_failure(self, msg: Message, retry: bool) -> None:
        self.retry_button.setVisible(retry)
        self.set_error(msg, "error" if retry else "warn")
        if retry:
            self.retry_button.setFocus()

    def reset(self) -> None:
        super().reset()
        self.retry_button.hide()
