"""The main window: training banner, the wizard, menus (settings, ledger, training cards, help), status bar."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from dmp_desktop.flow import events as ev
from dmp_desktop.flow.outcomes import Outcome
from dmp_desktop.flow.wizard import Professional, Step
from dmp_desktop.settings import Settings
from dmp_desktop.ui.services import UiServices
from dmp_desktop.ui.widgets import icon
from dmp_desktop.ui.wizard import WizardView

log = logging.getLogger(__name__)

SUPPORT_PHONE = "0810 331 133"


class MainWindow(QMainWindow):
    """The counter window around the wizard. With `services.single_visit` (launched by the host software
    for one patient) the window closes when the visit ends."""

    closed = Signal()

    def __init__(self, services: UiServices) -> None:
        super().__init__()
        self.services = services
        self.settings = services.settings  # the host's pharmacist and workstation, when it gave them
        self.single_visit = services.single_visit
        self.setWindowTitle(self.tr("Création du DMP — carte Vitale"))
        self.setWindowIcon(icon("dmp-desktop"))
        self.setMinimumSize(780, 460)  # 150 % scaling on a 1366×768 screen leaves ~910×480
        self.resize(1180, 720)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.training_banner = QLabel(
            self.tr("MODE FORMATION — simulateur DMP, cartes de formation : aucun DMP réel n’est créé")
        )
        self.training_banner.setObjectName("trainingBanner")
        self.training_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.training_banner.setStyleSheet(
            "QLabel#trainingBanner { background: #f5a623; color: #1d1d1d; font-weight: bold; padding: 6px;"
            " letter-spacing: 1px; }"
        )
        self.training_banner.setAccessibleName(self.training_banner.text())
        self.training_banner.setVisible(self.settings.training)
        layout.addWidget(self.training_banner)
        self.view = WizardView(services)
        layout.addWidget(self.view, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self._build_status()
        self.view.professional_changed.connect(self._show_professional)
        self.view.finished.connect(self._on_visit_finished)
        self.view.cancelled.connect(self._on_cancelled)
        if self.single_visit:
            self.view.result_page.new_button.setText(self.tr("&Terminer"))
            self.view.leave_requested.disconnect()
            self.view.leave_requested.connect(self._finish)

    # -- menus -------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        settings_menu = bar.addMenu(self.tr("Para&mètres"))
        self.settings_action = QAction(self.tr("&Paramètres du poste…"), self)
        self.settings_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Preferences))
        self.settings_action.triggered.connect(self.open_settings)
        settings_menu.addAction(self.settings_action)
        settings_menu.addSeparator()
        quit_action = QAction(self.tr("&Quitter"), self)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        settings_menu.addAction(quit_action)

        ledger_menu = bar.addMenu(self.tr("Re&gistre"))
        self.ledger_action = QAction(self.tr("&DMP créés et rémunération…"), self)
        self.ledger_action.triggered.connect(self.open_ledger)
        ledger_menu.addAction(self.ledger_action)
        self.history_action = QAction(self.tr("&Historique des créations…"), self)
        self.history_action.triggered.connect(self.open_history)
        ledger_menu.addAction(self.history_action)

        self.cards_menu = bar.addMenu(self.tr("Cartes de &formation"))
        self.card_actions: list[QAction] = []
        self.remove_card_action = QAction(self.tr("&Retirer la carte"), self)
        self.remove_card_action.setEnabled(False)
        self.remove_card_action.triggered.connect(self._remove_training_card)
        self.cards_menu.addSeparator()
        self.cards_menu.addAction(self.remove_card_action)
        self.cards_menu.menuAction().setVisible(self.settings.training)
        self._fill_cards_menu(self.services)

        help_menu = bar.addMenu(self.tr("A&ide"))
        self.support_action = QAction(self.tr("&Assistance DMP (FAQ, formulaire, téléphone)…"), self)
        self.support_action.triggered.connect(self.show_support)
        help_menu.addAction(self.support_action)
        about = QAction(self.tr("À &propos"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _fill_cards_menu(self, services: UiServices) -> None:
        separator = self.cards_menu.actions()[0]  # entries go above it, « Retirer la carte » stays below
        for label, insert in services.training_cards:
            action = QAction(label, self)
            action.triggered.connect(lambda _checked=False, f=insert: self._insert_training_card(f))
            self.cards_menu.insertAction(separator, action)
            self.card_actions.append(action)
        self.remove_card_action.setEnabled(services.remove_training_card is not None)
        # the pharmacist's training CPS/CPE below, with their own « Retirer »
        self.cps_actions: list[QAction] = []
        self.remove_cps_action = QAction(self.tr("Retirer la carte &CPS"), self)
        self.remove_cps_action.triggered.connect(self._remove_training_cps)
        if not services.training_cps and services.remove_training_cps is None:
            return
        self.cps_heading = self.cards_menu.addSection(self.tr("Carte du pharmacien (CPS / CPE)"))
        for label, insert in services.training_cps:
            action = QAction(label, self)
            action.triggered.connect(lambda _checked=False, f=insert: self._insert_training_cps(f))
            self.cards_menu.addAction(action)
            self.cps_actions.append(action)
        self.cards_menu.addAction(self.remove_cps_action)
        self.remove_cps_action.setEnabled(services.remove_training_cps is not None)

    def _build_status(self) -> None:
        self.status_label = QLabel()
        self.statusBar().addWidget(self.status_label, 1)
        s = self.settings
        self.status_label.setText(
            self.tr("{0} — {1} (RPPS {2}) — poste {3}").format(
                s.pharmacy.name, s.pharmacist.display_name, s.pharmacist.rpps, s.workstation
            )
        )

    def _show_professional(self, professional: Professional | None) -> None:
        """The status bar names who the DMP calls go out as: the card holder once connected with the card."""
        s = self.settings
        if professional is None:
            if self.view.flow.professional_card is True:
                text = self.tr("{0} — carte CPS : pas de session ouverte — poste {1}")
                self.status_label.setText(text.format(s.pharmacy.name, s.workstation))
            return
        self.status_label.setText(
            self.tr("{0} — {1} (carte {2}, n° {3}) — poste {4}").format(
                professional.pharmacy.name, professional.holder.display_name, professional.holder.card_type.value,
                professional.holder.national_id, s.workstation,
            )
        )

    # -- actions -----------------------------------------------------------------------------------
    def _insert_training_card(self, insert: Callable[[], None]) -> None:
        # the callback may talk to vpcd: run it in the pool; the monitor (or a read) picks the card up
        self.view.runner.submit(insert, lambda _r: self._after_training_insert(), lambda _e: self.view.redraw())

    def _after_training_insert(self) -> None:
        if not self.view.bridge.available:
            self.view.send(ev.CardInserted(""))

    def _insert_training_cps(self, insert: Callable[[], None]) -> None:
        # issuing its certificates the first time may take a moment: in the pool
        self.view.runner.submit(insert, lambda _r: self.view.send(ev.CpsInserted()), lambda _e: self.view.redraw())

    def _remove_training_cps(self) -> None:
        remove = self.services.remove_training_cps
        if remove is not None:
            self.view.runner.submit(remove, lambda _r: self.view.send(ev.CpsRemoved()), lambda _e: self.view.redraw())

    def _remove_training_card(self) -> None:
        remove = self.services.remove_training_card
        if remove is not None:
            self.view.runner.submit(remove, lambda _r: self._after_training_remove(), lambda _e: self.view.redraw())

    def _after_training_remove(self) -> None:
        if not self.view.bridge.available:
            self.view.send(ev.CardRemoved(""))

    def open_settings(self) -> None:
        from dmp_desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.services, self)
        if dialog.exec() == SettingsDialog.DialogCode.Accepted.value:
            self.apply_settings(dialog.edited())

    def apply_settings(self, saved: Settings) -> None:
        """What applies without a restart: the printer, read by each print (the accusé's format stays the
        one this run renders with, so that a reprint matches its PDF)."""
        self.services.settings = replace(self.services.settings, printer=saved.printer)
        self.settings = self.services.settings

    def open_ledger(self) -> None:
        from dmp_desktop.ui.ledger_view import LedgerDialog

        LedgerDialog(self.services, self).exec()

    def open_history(self) -> None:
        from dmp_desktop.ui.history_view import HistoryDialog

        HistoryDialog(self.services, self).exec()

    def show_support(self) -> None:
        from dmp_desktop.ui.help import support_html

        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Assistance DMP"))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(support_html())
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        box.exec()

    def show_about(self) -> None:
        from dmp_desktop.ui.help import about_html

        QMessageBox.about(self, self.tr("À propos"), about_html(self.settings))

    # -- visit end ---------------------------------------------------------------------------------
    def _on_visit_finished(self, outcome: Outcome) -> None:
        log.info("visit ended: %s", outcome.value)

    def _finish(self) -> None:
        """One-visit window: « Terminer » (or Échap) closes it, after the same check as « Nouveau patient »
        (closeEvent asks it)."""
        if self.view.flow.can_restart:
            self.close()

    def _on_cancelled(self) -> None:
        if self.single_visit:
            self.close()
        else:
            self.view.new_patient()

    def closeEvent(self, event: QCloseEvent) -> None:
        flow = self.view.flow
        if flow.step is Step.CREATING or (flow.busy and not flow.can_cancel):
            QMessageBox.information(
                self,
                self.tr("Création en cours"),
                self.tr("Attendez la fin de la création du DMP avant de fermer."),
            )
            event.ignore()
            return
        if not self.view.may_leave():  # the window, Quitter, the host's « Terminer »: the same question
            event.ignore()
            return
        self.view.shutdown()
        self.closed.emit()
        event.accept()
