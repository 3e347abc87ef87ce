"""The history of creations: newest first, filtered by name and period; the accusé reprinted (never a
password) or new credentials issued (TD1.5d) for a selected created DMP. Every call runs in the pool."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dmp_desktop.domain.errors import DomainError
from dmp_desktop.domain.model import CreationState, HistoryEntry
from dmp_desktop.flow.reprint import ReprintOutcome, reprint
from dmp_desktop.flow.tasks import connected
from dmp_desktop.ui.messages import message
from dmp_desktop.ui.questions import ask_yes
from dmp_desktop.ui.runner import Runner
from dmp_desktop.ui.services import UiServices

DATE_FORMAT = "dd/MM/yyyy"  # Qt's spelling of the one date format of every table: dd/mm/yyyy
HISTORY_LIMIT = 500  # rows shown at most; the filters narrow a longer journal


def card_date(birth_date: str) -> str:
    """YYYYMMDD as on the card (lunar dates kept: 00 day or month) → dd/mm/yyyy; "" stays ""."""
    if len(birth_date) != 8:
        return birth_date
    return f"{birth_date[6:]}/{birth_date[4:6]}/{birth_date[:4]}"


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class HistoryDialog(QDialog):
    def __init__(self, services: UiServices, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Historique des créations"))
        self.resize(980, 560)
        self.runner = Runner(self)
        self.entries: list[HistoryEntry] = []
        today = today or date.today()
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("Nom ou prénom"))
        self.name.setAccessibleName(self.tr("Filtrer par nom du patient"))
        self.name.returnPressed.connect(self.refresh)
        # the last twelve months by default, like the Registre's chart (29 February falls back to the 28th)
        year_ago = date(today.year - 1, today.month, min(today.day, 28 if today.month == 2 else today.day))
        self.since = self._date_edit(year_ago, self.tr("Du"))
        self.until = self._date_edit(today, self.tr("Au"))
        self.search = QPushButton(self.tr("&Rechercher"))
        self.search.clicked.connect(self.refresh)
        filters = QHBoxLayout()
        name_label = QLabel(self.tr("&Patient :"))
        name_label.setBuddy(self.name)
        since_label = QLabel(self.tr("&Du :"))
        since_label.setBuddy(self.since)
        until_label = QLabel(self.tr("&Au :"))
        until_label.setBuddy(self.until)
        for widget in (name_label, self.name, since_label, self.since, until_label, self.until, self.search):
            filters.addWidget(widget)
        self.count = QLabel(self.tr("Chargement de l’historique…"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels([
            self.tr("Date"), self.tr("Patient"), self.tr("Pharmacien"), self.tr("Poste"),
            self.tr("Compte"), self.tr("Accusé"), self.tr("Statut"),
        ])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(self.tr("Historique des créations de DMP"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons; the arrows move in it
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.reprint_button = QPushButton(self.tr("Réimprimer l’a&ccusé"))
        self.reprint_button.setAccessibleName(self.tr("Réimprimer l’accusé sans mot de passe"))
        self.reprint_button.clicked.connect(lambda: self.reprint_selected(new_credentials=False))
        self.credentials_button = QPushButton(self.tr("&Nouveaux identifiants…"))
        self.credentials_button.setAccessibleName(
            self.tr("Demander de nouveaux identifiants et imprimer un accusé avec le mot de passe provisoire"))
        self.credentials_button.clicked.connect(lambda: self.reprint_selected(new_credentials=True))
        for button in (self.reprint_button, self.credentials_button):
            button.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.reprint_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.credentials_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.refresh()

    def _date_edit(self, value: date, name: str) -> QDateEdit:
        edit = QDateEdit(QDate(value.year, value.month, value.day))
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setCalendarPopup(True)
        edit.setAccessibleName(name)
        return edit

    def state_text(self, entry: HistoryEntry) -> str:
        return {
            CreationState.CREATED: self.tr("créé"),
            CreationState.PENDING: self.tr("en attente"),
            CreationState.ALREADY_EXISTED: self.tr("existait déjà"),
            CreationState.REFUSED: self.tr("refusé"),
            CreationState.FAILED: self.tr("échec"),
        }[entry.state]

    def refresh(self) -> None:
        """Ask the journal again with the filters, in the pool (the StepServices may still be building)."""
        since, until = _day(self.since.date()), _day(self.until.date())
        words = self.name.text().strip()
        services = self.services
        self.runner.invalidate()
        self.runner.submit(
            lambda: services.wait_steps().ledger.history(since=since, until=until, patient=words,
                                                         limit=HISTORY_LIMIT),
            self.show_entries, self._failed,
        )

    def show_entries(self, entries: list[HistoryEntry]) -> None:
        self.entries = entries
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            p = e.patient
            patient = f"{p.last_name} {p.first_name}".strip() or self.tr("(inconnu)")
            if p.birth_date:
                patient += f" — {card_date(p.birth_date)}"
            local = (e.created_at or e.at).astimezone()
            cells = [
                local.strftime("%d/%m/%Y %H:%M"), patient, e.pharmacist_name, e.workstation,
                self.tr("avec compte") if e.account else self.tr("sans compte"),
                self.tr("imprimé") if e.printed else self.tr("non imprimé"),
                self.state_text(e),
            ]
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.count.setText(self.tr("{0} création(s)").format(len(entries)))
        self._selection_changed()

    def selected(self) -> HistoryEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        entry = self.selected()
        ok = entry is not None and entry.state is CreationState.CREATED and entry.patient.known
        self.reprint_button.setEnabled(ok)
        self.credentials_button.setEnabled(ok)

    def reprint_selected(self, new_credentials: bool, confirm: bool = True) -> None:
        entry = self.selected()
        if entry is None:
            return
        if new_credentials and confirm and not ask_yes(
            self, self.tr("Nouveaux identifiants"),
            self.tr("Demander au DMP un nouveau mot de passe provisoire pour {0} ? L’ancien ne servira "
                    "plus.").format(f"{entry.patient.last_name} {entry.patient.first_name}")):
            return
        services = self.services

        def work() -> ReprintOutcome:
            steps = services.wait_steps()
            # mode DIRECTE: TD1.5d goes out as the card's holder (its session from step 2); printing needs no card
            counter = connected(steps.counter, steps.professional, required=new_credentials)
            return reprint(entry, ledger=steps.ledger, renderer=counter.renderer, printer=steps.printer,
                           pharmacy=counter.pharmacy, fmt=counter.receipt_format,
                           printer_name=counter.printer_name, training=counter.training,
                           dmp=counter.dmp if new_credentials else None,
                           pharmacist=counter.pharmacist if new_credentials else None, clock=counter.clock)

        self.reprint_button.setEnabled(False)
        self.credentials_button.setEnabled(False)
        self.status.setText(self.tr("Impression en cours…"))
        self.runner.submit(work, self._reprinted, self._failed)

    def _reprinted(self, outcome: ReprintOutcome) -> None:
        if outcome.error is not None:
            msg = message(outcome.error)
            lost = self.tr(" Le nouveau mot de passe est perdu : redemandez de nouveaux identifiants.") \
                if outcome.credentials_reset else ""
            self.status.setText(f"{msg.text} {msg.todo}{lost}")
        elif outcome.print_result is not None and not outcome.print_result.printed:
            self.status.setText(self.tr("L’accusé n’a pas été imprimé : vérifiez l’imprimante."))
        elif outcome.credentials_reset:
            self.status.setText(self.tr("Accusé avec nouveaux identifiants imprimé."))
        else:
            self.status.setText(self.tr("Accusé réimprimé (sans mot de passe)."))
        self.refresh()

    def _failed(self, error: DomainError) -> None:
        msg = message(error)
        self.status.setText(f"{msg.text} {msg.todo}")
        self._selection_changed()

    def done(self, result: int) -> None:
        self.runner.invalidate()
        super().done(result)
