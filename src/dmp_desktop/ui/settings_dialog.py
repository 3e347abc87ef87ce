"""Settings dialog: reader, printer, ticket or A4, pharmacy, pharmacist, database (applied at next start)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from dmp_desktop.domain.errors import DomainError
from dmp_desktop.domain.model import Pharmacist, Pharmacy, ReceiptFormat
from dmp_desktop.settings import CardSettings, DatabaseSettings, PrinterSettings, Settings
from dmp_desktop.ui.messages import message
from dmp_desktop.ui.runner import Runner
from dmp_desktop.ui.services import UiServices


class SettingsDialog(QDialog):
    """Reader and printer lists are fetched off the GUI thread (PC/SC and CUPS may be slow)."""

    def __init__(self, services: UiServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        s = services.settings
        self.setWindowTitle(self.tr("Paramètres du poste"))
        self.runner = Runner(self)

        self.reader = QComboBox()
        self.reader.setEditable(True)
        self.reader.addItem(self.tr("(premier lecteur avec une carte Vitale)"), "")
        if s.card.reader:
            self.reader.addItem(s.card.reader, s.card.reader)
            self.reader.setCurrentIndex(1)
        self.reader.setAccessibleName(self.tr("Lecteur de cartes"))
        self.printer = QComboBox()
        self.printer.addItem(self.tr("(imprimante par défaut du système)"), "")
        if s.printer.name:
            self.printer.addItem(s.printer.name, s.printer.name)
            self.printer.setCurrentIndex(1)
        self.printer.setAccessibleName(self.tr("Imprimante de l’accusé"))
        self.format = QComboBox()
        self.format.addItem(self.tr("A4"), ReceiptFormat.A4)
        self.format.addItem(self.tr("Ticket 80 mm"), ReceiptFormat.TICKET80)
        self.format.setCurrentIndex(0 if s.printer.format is ReceiptFormat.A4 else 1)
        self.format.setAccessibleName(self.tr("Format de l’accusé"))
        devices = QGroupBox(self.tr("Matériel"))
        f1 = QFormLayout(devices)
        f1.addRow(self.tr("&Lecteur :"), self.reader)
        f1.addRow(self.tr("&Imprimante :"), self.printer)
        f1.addRow(self.tr("&Format de l’accusé :"), self.format)

        self.pharmacy_name = QLineEdit(s.pharmacy.name)
        self.pharmacy_number = QLineEdit(s.pharmacy.number)
        self.rpps = QLineEdit(s.pharmacist.rpps)
        self.first_name = QLineEdit(s.pharmacist.first_name)
        self.last_name = QLineEdit(s.pharmacist.last_name)
        people = QGroupBox(self.tr("Pharmacie et pharmacien(ne)"))
        f2 = QFormLayout(people)
        f2.addRow(self.tr("&Nom de la pharmacie :"), self.pharmacy_name)
        f2.addRow(self.tr("N° FINESS / A&M :"), self.pharmacy_number)
        f2.addRow(self.tr("N° &RPPS :"), self.rpps)
        f2.addRow(self.tr("&Prénom :"), self.first_name)
        f2.addRow(self.tr("N&om :"), self.last_name)

        self.database = QLineEdit(s.database.url)
        self.database.setPlaceholderText(self.tr("(fichier SQLite local)"))
        db = QGroupBox(self.tr("Registre"))
        f3 = QFormLayout(db)
        f3.addRow(self.tr("&Base de données :"), self.database)

        self.note = QLabel()
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        if services.save_settings is None:
            self.save_button.setEnabled(False)
            self.note.setText(self.tr("Paramètres en lecture seule ici (fichier de configuration géré ailleurs)."))
        else:
            self.note.setText(self.tr(
                "L’imprimante choisie sert dès la prochaine impression ; les autres changements s’appliquent au "
                "prochain démarrage."
            ))
        layout = QVBoxLayout(self)
        for widget in (devices, people, db, self.note, buttons):
            layout.addWidget(widget)
        reader = services.reader
        self.runner.submit(lambda: reader.readers(), self._add_readers, lambda _e: None)
        # in the pool: the printer belongs to the services of steps 2-4, perhaps still being built
        self.runner.submit(lambda: services.wait_steps().printer.printers(), self._add_printers, lambda _e: None)

    def _add(self, combo: QComboBox, names: list[str]) -> None:
        for name in names:
            if combo.findData(name) < 0:
                combo.addItem(name, name)

    def _add_readers(self, names: list[str]) -> None:
        self._add(self.reader, names)

    def _add_printers(self, names: list[str]) -> None:
        self._add(self.printer, names)

    def edited(self) -> Settings:
        s = self.services.settings
        reader = self.reader.currentData() if self.reader.currentText() == self.reader.itemText(
            self.reader.currentIndex()) else self.reader.currentText().strip()
        return replace(
            s,
            card=replace(s.card, reader=reader or "") if isinstance(s.card, CardSettings) else s.card,
            printer=PrinterSettings(name=self.printer.currentData() or "", format=self.format.currentData()),
            pharmacy=Pharmacy(
                self.pharmacy_name.text().strip(), self.pharmacy_number.text().strip(),
                s.pharmacy.structure_id, s.pharmacy.workstation,
            ),
            pharmacist=Pharmacist(
                self.rpps.text().strip(), self.first_name.text().strip(), self.last_name.text().strip(),
                s.pharmacist.profession, s.pharmacist.sector,
            ),
            database=DatabaseSettings(url=self.database.text().strip()),
        )

    def save(self) -> None:
        if self.services.save_settings is None:
            return
        new = self.edited()
        if not (new.pharmacist.rpps.isdigit() and len(new.pharmacist.rpps) == 11):
            QMessageBox.warning(self, self.tr("Paramètres"), self.tr("Le n° RPPS compte 11 chiffres."))
            return
        try:
            self.services.save_settings(new)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Paramètres"), message(exc).html())
            return
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Paramètres"), str(exc))
            return
        self.accept()

    def done(self, result: int) -> None:
        self.runner.invalidate()
        super().done(result)
