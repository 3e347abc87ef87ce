"""The main window: training banner, the wizard, menus (settings, ledger, training cards, help), status bar.

The window can open before the wizard exists (`MainWindow(None, settings=…)`, then `attach(services)`):
ui.launch shows it at once with step 1's waiting screen, and attaches the wizard in the next turns of the
event loop, so the pharmacist sees the window as fast as a bare Qt window opens."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from dmp_desktop.ui.widgets import Banner, StepIndicator, heading, instruction, step_titles

if TYPE_CHECKING:
    from dmp_desktop.flow.outcomes import Outcome
    from dmp_desktop.flow.wizard import Wizard
    from dmp_desktop.settings import Settings
    from dmp_desktop.ui.services import UiServices
    from dmp_desktop.ui.wizard import WizardView

log = logging.getLogger(__name__)

SUPPORT_PHONE = "0810 331 133"


class StartingView(QWidget):
    """Step 1's waiting screen, shown while the wizard is attached (a fraction of a second): the same step
    indicator and instruction, and what is being prepared."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        steps_row = QHBoxLayout()
        steps_row.setContentsMargins(24, 0, 24, 0)
        steps_row.addWidget(StepIndicator(step_titles()))
        layout.addLayout(steps_row)
        page = QVBoxLayout()
        page.setContentsMargins(24, 16, 24, 12)
        page.setSpacing(12)
        page.addWidget(heading(self.tr("1. Identification du patient")))
        self.instruction = instruction(self.tr("Insérez la carte Vitale du patient dans le lecteur."))
        page.addWidget(self.instruction)
        self.status = QLabel(self.tr("Préparation du lecteur de cartes…"))
        self.status.setObjectName("readerStatus")
        self.status.setWordWrap(True)
        page.addWidget(self.status)
        self.banner = Banner()  # the start failure, in place of the instruction
        page.addWidget(self.banner)
        page.addStretch(1)
        layout.addLayout(page, 1)

    def show_failure(self, title: str, body: str) -> None:
        self.instruction.hide()  # inserting a card would do nothing: do not ask for it
        self.status.hide()
        self.banner.show_text("error", title, body)

    def failure_text(self) -> str:
        return self.banner.text()


class MainWindow(QMainWindow):
    """`single_visit`: launched by the host software for one patient; the window closes when it ends.
    `view_ready` fires once the wizard is attached (at once when `services` are given)."""

    closed = Signal()
    view_ready = Signal()

    def __init__(
        self,
        services: UiServices | None,
        *,
        wizard: Wizard | None = None,
        single_visit: bool = False,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        if settings is None:
            if services is None:
                raise ValueError("MainWindow needs services or settings")
            settings = services.settings
        self.settings = settings
        self.services: UiServices | None = None
        self.view: WizardView | None = None
        self.start_error: Exception | None = None  # set by ui.launch when the services failed to build
        self.single_visit = single_visit
        self.setWindowTitle(self.tr("Création du DMP — carte Vitale"))
        self.setMinimumSize(780, 460)  # 150 % scaling on a 1366×768 screen leaves ~910×480
        self.resize(1180, 720)
        central = QWidget()
        self._layout = QVBoxLayout(central)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self.training_banner = QLabel(
            self.tr("MODE FORMATION — simulateur DMP, cartes de formation : aucun DMP réel n'est créé")
        )
        self.training_banner.setObjectName("trainingBanner")
        self.training_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.training_banner.setStyleSheet(
            "QLabel#trainingBanner { background: #f5a623; color: #1d1d1d; font-weight: bold; padding: 6px;"
            " letter-spacing: 1px; }"
        )
        self.training_banner.setAccessibleName(self.training_banner.text())
        self.training_banner.setVisible(settings.training)
        self._layout.addWidget(self.training_banner)
        self.starting: StartingView | None = StartingView()
        self._layout.addWidget(self.starting, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self._build_status()
        if services is not None:
            self.attach(services, wizard)

    def attach(self, services: UiServices, wizard: Wizard | None = None) -> WizardView:
        """Put the wizard in the window (once), in place of the waiting screen."""
        if self.view is not None:
            return self.view
        from dmp_desktop.ui.widgets import icon
        from dmp_desktop.ui.wizard import WizardView

        self.services = services
        self.settings = services.settings  # the host's pharmacist and workstation, when it gave them
        self._show_identity(self.settings)
        self.setWindowIcon(icon("dmp-desktop"))
        view = WizardView(services, wizard)
        self.view = view
        if self.starting is not None:
            self._layout.replaceWidget(self.starting, view)
            self.starting.deleteLater()
            self.starting = None
        else:
            self._layout.addWidget(view, 1)
        self._fill_cards_menu(services)
        self.settings_action.setEnabled(True)
        self.ledger_action.setEnabled(True)
        view.finished.connect(self._on_visit_finished)
        view.cancelled.connect(self._on_cancelled)
        if self.single_visit:
            view.result.new_button.setText(self.tr("&Terminer"))
            view.leave_requested.disconnect()
            view.leave_requested.connect(self._finish)
        page = view.stack.currentWidget()
        if self.isVisible() and page is not None:
            page.setFocus()
        self.view_ready.emit()
        return view

    def show_start_failure(self, detail: str) -> None:
        """The wizard could not be attached (its services failed to build): say so in the window."""
        if self.starting is not None:
            self.starting.show_failure(
                self.tr("Le poste n'a pas pu démarrer"),
                html.escape(detail) + "<br>" + self.tr(
                    "Fermez la fenêtre et relancez l'application. Si le problème revient, le détail est dans "
                    "le journal : transmettez-le à votre informaticien."
                ),
            )

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

        self.cards_menu = bar.addMenu(self.tr("Cartes de &formation"))
        self.card_actions: list[QAction] = []
        self.remove_card_action = QAction(self.tr("&Retirer la carte"), self)
        self.remove_card_action.setEnabled(False)
        self.remove_card_action.triggered.connect(self._remove_training_card)
        self.cards_menu.addSeparator()
        self.cards_menu.addAction(self.remove_card_action)
        self.cards_menu.menuAction().setVisible(self.settings.training)
        # the dialogs need the services: usable once the wizard is attached (a fraction of a second)
        self.settings_action.setEnabled(False)
        self.ledger_action.setEnabled(False)

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

    def _build_status(self) -> None:
        self.status_label = QLabel()
        self.statusBar().addWidget(self.status_label, 1)
        self._show_identity(self.settings)

    def _show_identity(self, s: Settings) -> None:
        self.status_label.setText(
            self.tr("{0} — {1} (RPPS {2}) — poste {3}").format(
                s.pharmacy.name, s.pharmacist.display_name, s.pharmacist.rpps, s.workstation
            )
        )

    # -- actions -----------------------------------------------------------------------------------
    def _insert_training_card(self, insert: Callable[[], None]) -> None:
        # the callback may talk to vpcd: run it in the pool; the monitor (or a read) picks the card up
        view = self.view
        if view is None:
            return
        view.runner.submit(insert, lambda _r: self._after_training_insert(), lambda e: view.redraw())

    def _after_training_insert(self) -> None:
        if self.view is not None and not self.view.bridge.available:
            from dmp_desktop.flow import events as ev

            self.view.send(ev.CardInserted(""))

    def _remove_training_card(self) -> None:
        view = self.view
        remove = self.services.remove_training_card if self.services is not None else None
        if remove is None or view is None:
            return
        view.runner.submit(remove, lambda _r: self._after_training_remove(), lambda e: view.redraw())

    def _after_training_remove(self) -> None:
        if self.view is not None and not self.view.bridge.available:
            from dmp_desktop.flow import events as ev

            self.view.send(ev.CardRemoved(""))

    def open_settings(self) -> None:
        from dmp_desktop.ui.settings_dialog import SettingsDialog

        if self.services is None:
            return
        dialog = SettingsDialog(self.services, self)
        dialog.exec()

    def open_ledger(self) -> None:
        from dmp_desktop.ui.ledger_view import LedgerDialog

        if self.services is None:
            return
        dialog = LedgerDialog(self.services, self)
        dialog.exec()

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
        """One-visit window: « Terminer » (or Échap) closes it, after the same check as « Nouveau patient »."""
        if self.view is not None and self.view.flow.can_restart and self.view.may_leave():
            self.close()

    def _on_cancelled(self) -> None:
        if self.single_visit:
            self.close()
        elif self.view is not None:
            self.view.new_patient()

    def closeEvent(self, event: QCloseEvent) -> None:
        from dmp_desktop.flow.wizard import Step

        if self.view is None:  # closed before the wizard was attached: nothing started, nothing to lose
            self.closed.emit()
            event.accept()
            return
        flow = self.view.flow
        if flow.step is Step.CREATING or (flow.busy and not flow.can_cancel):
            QMessageBox.information(
                self,
                self.tr("Création en cours"),
                self.tr("Attendez la fin de la création du DMP avant de fermer."),
            )
            event.ignore()
            return
        self.view.shutdown()
        self.closed.emit()
        event.accept()
