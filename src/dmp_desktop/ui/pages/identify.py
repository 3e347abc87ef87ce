"""Step 1: insert the Vitale card, see its beneficiaries, pick one (a lone eligible one is pre-selected)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.identity import Beneficiary, CardRead, Quality
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.agreement import agree
from dmp_desktop.flow.wizard import Wizard
from dmp_desktop.ui.messages import Message, eligibility_text, message, patient_line
from dmp_desktop.ui.pages.base import Page, ViewState, tr
from dmp_desktop.ui.widgets import MUTED, icon, instruction

# errors a click on an ineligible row gives: with nobody eligible on the card, the card-wide message says it
_SAME_AS_NOBODY = frozenset(
    {None, ErrorCode.BENEFICIARY_NOT_ELIGIBLE, ErrorCode.NIR_INVALID, ErrorCode.BENEFICIARY_INDEX}
)


class IdentifyPage(Page):
    """Shows the reader state, a clear waiting state, then the card's beneficiaries."""

    beneficiary_selected = Signal(int)  # index on the card, -1 when the selection is cleared
    read_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("1. Identification du patient"), parent)
        self.instruction = instruction(self.tr("Insérez la carte Vitale du patient dans le lecteur."))
        self.reader_status = QLabel()
        self.reader_status.setObjectName("readerStatus")
        self.reader_status.setWordWrap(True)
        self.read_button = QPushButton(self.tr("&Lire la carte"))
        self.read_button.setAccessibleName(self.tr("Lire la carte Vitale"))
        self.read_button.setToolTip(self.tr("Relire la carte insérée (sinon la lecture est automatique)"))
        self.read_button.clicked.connect(self.read_requested)
        self.read_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)  # alone on its row too
        status_row = QHBoxLayout()
        status_row.addWidget(self.reader_status, 1)
        status_row.addWidget(self.read_button, 0, Qt.AlignmentFlag.AlignRight)

        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Nom"), self.tr("Prénom"), self.tr("Né(e) le"), self.tr("Qualité"), self.tr("DMP possible")]
        )
        self.table.setAccessibleName(self.tr("Bénéficiaires de la carte Vitale"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move inside it)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(110)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        font = self.table.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)  # read at arm's length across the counter
        self.table.setFont(font)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.table.installEventFilter(self)
        self.table.hide()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setObjectName("hint")

        self.picture = QLabel()
        self.picture.setPixmap(icon("carte-vitale").pixmap(QSize(240, 170)))
        self.picture.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.picture.setAccessibleName(self.tr("Insérez la carte Vitale"))
        self.layout_.addWidget(self.instruction)
        self.layout_.addWidget(self.picture)
        self.layout_.addWidget(self.banner)  # when step 1 stops, the message comes first, then the button
        self.layout_.addLayout(status_row)
        self.layout_.addWidget(self.table)
        self.layout_.addWidget(self.hint)
        self.layout_.addStretch(1)
        self._card: CardRead | None = None
        self._filling = False

    # -- what the wizard shows ---------------------------------------------------------------------
    def draw(self, flow: Wizard, view: ViewState) -> None:
        if view.start_failure is not None:
            self.show_start_failure(view.start_failure)
            return
        self.set_reader_status(self._reader_text(flow, view))
        self.set_reading(flow.busy)
        if flow.card is None:
            if self._card is not None or self.table.isVisible() or not self.instruction.text():
                self.show_waiting(view.settings.training)
            else:
                self.hint.setText(
                    tr("Mode formation : insérez une carte de formation par le menu « Cartes de formation ».")
                    if view.settings.training
                    else ""
                )
        elif self._card is not flow.card:
            self.show_card(flow.card, flow.selected_index)
        elif flow.selected_index is not None and self.selected_index() != flow.selected_index:
            self.select(flow.selected_index)
        self._draw_problem(flow, view)
        # « Réessayer » only where a second read may help (a Vitale 1 card stays a Vitale 1 card)
        again = flow.can_retry and flow.error is not None and message(flow.error).retryable
        self.read_button.setText(tr("&Réessayer la lecture") if again else tr("&Lire la carte"))

    def _draw_problem(self, flow: Wizard, view: ViewState) -> None:
        """One message when step 1 stops (no reader, a card that cannot serve, nobody eligible), with what to say
        to the patient; the waiting instruction, the picture and the reader's line go, as they would say
        « insert the card » under it."""
        error = flow.error
        stopped = flow.card is None and not flow.busy and (view.reader_problem is not None or error is not None)
        nobody = self._nobody_eligible(flow) and error in _SAME_AS_NOBODY
        self.instruction.setVisible(not stopped and not nobody)
        self.reader_status.setVisible(not stopped)
        self.picture.setVisible(flow.card is None and not stopped)
        if stopped:
            self.hint.setText("")
        if stopped and error is None and view.reader_problem is not None:
            self.read_button.hide()  # nothing to read without a reader
            self._set_problem(message(view.reader_problem), "error", patient_line(view.reader_problem))
            return
        self.read_button.show()
        if nobody:
            self._set_problem(
                Message(
                    ErrorCode.BENEFICIARY_NOT_ELIGIBLE,
                    tr("Aucun bénéficiaire de cette carte ne peut avoir son DMP créé ici."),
                    tr("La raison est dans la colonne « DMP possible ». Rien n’est créé."),
                    retryable=False,
                ),
                "warn",
                patient_line(ErrorCode.BENEFICIARY_NOT_ELIGIBLE),
            )
        elif error is not None and not (error is ErrorCode.BENEFICIARY_INDEX and flow.selected_index is None):
            kind = "error" if flow.can_retry or flow.card is None else "warn"
            self._set_problem(message(error), kind, patient_line(error))
        elif self.error is not None:
            self.set_error(None)

    def _set_problem(self, msg: Message, kind: str, patient: str) -> None:
        if patient:
            msg = replace(msg, todo=f"{msg.todo}<br><i>{patient}</i>")
        if msg != self.error or self.banner.kind != kind:
            self.set_error(msg, kind)

    @staticmethod
    def _nobody_eligible(flow: Wizard) -> bool:
        card = flow.card
        return card is not None and bool(card.beneficiaries) and not any(b.eligible for b in card.beneficiaries)

    @staticmethod
    def _reader_text(flow: Wizard, view: ViewState) -> str:
        if view.reader_problem is not None:
            return message(view.reader_problem).text + " " + message(view.reader_problem).todo
        if view.readers is None:
            return tr("Recherche des lecteurs…")
        reader = view.settings.card.reader or (view.readers[0] if view.readers else "")
        if flow.card is not None:
            return tr("Carte lue dans le lecteur « {0} ».").format(flow.card.reader or reader)
        if view.monitor:
            return tr("Lecteur « {0} » : en attente de la carte (lecture automatique).").format(reader)
        return tr("Lecteur « {0} » : insérez la carte puis « Lire la carte ».").format(reader)

    def show_start_failure(self, detail: str) -> None:
        """The services of steps 2-4 could not be built: nothing here would work, say so and what to do
        (inserting a card would do nothing: the instruction and the reader go)."""
        for widget in (self.instruction, self.picture, self.reader_status, self.read_button, self.table, self.hint):
            widget.hide()
        self.banner.show_text(
            "error",
            self.tr("Le poste n’a pas pu démarrer"),
            detail + "<br>" + self.tr(
                "Fermez la fenêtre et relancez l’application. Si le problème revient, le détail est dans "
                "le journal : transmettez-le à votre informaticien."
            ),
        )

    def set_reader_status(self, text: str) -> None:
        self.reader_status.setText(text)
        self.reader_status.setAccessibleName(text)

    def set_reading(self, reading: bool) -> None:
        self.read_button.setEnabled(not reading)

    def show_waiting(self, training: bool = False) -> None:
        """No card: the big instruction, nothing else."""
        self._card = None
        self._fill([])
        self.table.hide()
        self.picture.show()
        self.instruction.setText(self.tr("Insérez la carte Vitale du patient dans le lecteur."))
        self.hint.setText(
            self.tr("Mode formation : insérez une carte de formation par le menu « Cartes de formation ».")
            if training
            else ""
        )

    def show_card(self, card: CardRead, selected: int | None) -> None:
        self._card = card
        self.instruction.setText(self.tr("Choisissez le patient parmi les bénéficiaires de la carte."))
        self._fill(list(card.beneficiaries))
        self.picture.hide()
        self.table.show()
        self.table.setFocus()  # arrows choose, Enter goes on: no mouse needed
        if selected is not None:
            self.select(selected)
        eligible = [b for b in card.beneficiaries if b.eligible]
        if not eligible:
            self.hint.setText("")  # the banner says it, with what to tell the patient
        elif len(card.beneficiaries) > 1:
            self.hint.setText(self.tr("Flèches haut/bas pour choisir, Entrée pour continuer."))
        else:
            self.hint.setText("")

    def select(self, index: int) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == index:
                self._filling = True
                self.table.selectRow(row)
                self.table.setCurrentCell(row, 0)
                self._filling = False
                return

    def selected_index(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    # -- the page contract -------------------------------------------------------------------------
    def apply(self) -> list[ev.Event]:
        index = self.selected_index()
        return [] if index is None else [ev.BeneficiarySelected(index)]

    def reset(self) -> None:
        super().reset()
        self.show_waiting()

    def focus_first(self) -> None:
        (self.table if self.table.isVisible() else self.read_button).setFocus()

    # -- internals ---------------------------------------------------------------------------------
    def _eligibility_text(self, b: Beneficiary) -> str:
        return eligibility_text(b.eligibility)

    def _quality_text(self, q: Quality) -> str:
        return {
            Quality.ASSURE: self.tr("Assuré(e)"),
            Quality.CONJOINT: self.tr("Conjoint(e)"),
            Quality.ENFANT: self.tr("Enfant"),
            Quality.AUTRE: self.tr("Autre"),
        }[q]

    def _fill(self, beneficiaries: list[Beneficiary]) -> None:
        self._filling = True
        self.table.clearSelection()
        self.table.setRowCount(len(beneficiaries))
        for row, b in enumerate(beneficiaries):
            name = b.surname.upper()
            if b.birth_name and b.birth_name.upper() != b.surname.upper():
                born = agree(b.sex, self.tr("(né {0})"), self.tr("(née {0})"), self.tr("(né(e) {0})"))
                name += " " + born.format(b.birth_name.upper())
            cells = [name, b.first_name, b.birth_date_display, self._quality_text(b.quality), self._eligibility_text(b)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, b.index)
                if not b.eligible:
                    # still selectable (the pharmacist learns why), but visibly not a candidate
                    item.setForeground(QColor(MUTED))
                self.table.setItem(row, col, item)
        # as tall as its rows (a card has at most a dozen beneficiaries): no empty white box below
        rows_height = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedHeight(self.table.horizontalHeader().height() + rows_height + 4)
        self._filling = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Qt gives the focused table a current row without selecting it, so the first arrow press would
        # skip to the second beneficiary: with nothing selected, an arrow selects the current row instead
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
            and self.selected_index() is None
            and self.table.rowCount()
        ):
            row = max(self.table.currentRow(), 0)
            self.table.selectRow(row)
            return True
        return super().eventFilter(watched, event)

    def _on_selection(self) -> None:
        if self._filling:
            return
        index = self.selected_index()
        self.beneficiary_selected.emit(-1 if index is None else index)
