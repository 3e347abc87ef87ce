"""The wizard view: draws flow.wizard.Wizard on its pages, turns widget actions into flow events, runs its tasks."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dmp_desktop.domain.errors import DomainError
from dmp_desktop.domain.identity import Ins
from dmp_desktop.domain.ports import CardEvent
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.events import Task
from dmp_desktop.flow.outcomes import Outcome, Stage
from dmp_desktop.flow.wizard import Professional, Step, Wizard
from dmp_desktop.ui.button_bar import ButtonBar
from dmp_desktop.ui.card_bridge import CardBridge
from dmp_desktop.ui.card_status import CardStatus
from dmp_desktop.ui.cps_watch import CpsWatch
from dmp_desktop.ui.keys import enter, handle_key
from dmp_desktop.ui.messages import message
from dmp_desktop.ui.pages.account import AccountPage
from dmp_desktop.ui.pages.base import Page, ViewState
from dmp_desktop.ui.pages.connect import ConnectPage
from dmp_desktop.ui.pages.consent import ConsentPage
from dmp_desktop.ui.pages.identify import IdentifyPage
from dmp_desktop.ui.pages.result import ResultPage
from dmp_desktop.ui.pin_dialog import PinPrompt
from dmp_desktop.ui.questions import LeaveReason, ask_cancel, ask_leave, ask_printer
from dmp_desktop.ui.readers import ReaderWatch
from dmp_desktop.ui.receipt_actions import ReceiptActions
from dmp_desktop.ui.relay import call_in_gui, gui_relay
from dmp_desktop.ui.runner import Runner
from dmp_desktop.ui.services import UiServices
from dmp_desktop.ui.task_start import TaskStarter
from dmp_desktop.ui.widgets import BusyOverlay, StepIndicator, step_titles

log = logging.getLogger(__name__)


class WizardView(QWidget):
    """One patient after another. `finished(outcome)` fires when a visit ends (result shown or cancelled)."""

    finished = Signal(object)  # Outcome
    cancelled = Signal()
    leave_requested = Signal()  # « Nouveau patient », or Échap when there is nothing to cancel
    steps_built = Signal()  # the services of steps 2-4 are ready, or failed (shown on step 1)
    professional_changed = Signal(object)  # flow.Professional | None: who the DMP calls go out as (the card)
    card_status_announced = Signal(str, object)  # text, politeness: what went to QAccessible (tests listen here)
    _progress = Signal(object)  # flow events emitted by a worker (creation stages); queued to the GUI

    def __init__(self, services: UiServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        # whether step 2 asks for the pharmacist's card is known once the services of steps 2-4 are built:
        # until then the flow finds out with its first CPS_READ
        self.flow = Wizard(
            environment=services.settings.ins_environment, expected_nir=services.expected_nir, professional=None
        )
        self.runner = Runner(self)
        self.bridge = CardBridge(services.monitor, self)
        self.reader_watch = ReaderWatch(services, self.runner, self.send, self.redraw)
        self.bridge.card_event.connect(self.on_card_event)
        self._progress.connect(self._on_progress)
        self._start_failure: str | None = None
        self._rendering = False
        self._ended: Outcome | None = None
        self._professional: tuple[bool | None, Professional | None] = (None, None)
        self.visit_ins: Ins | None = None
        self.confirm_cancel: Callable[[], bool] = lambda: ask_cancel(self)
        self.confirm_leave: Callable[[LeaveReason], bool] = lambda reason: ask_leave(self, reason)
        self.choose_printer: Callable[[list[str], str | None], str | None] = lambda names, current: ask_printer(
            self, names, current
        )

        self.steps = StepIndicator(step_titles())
        self.identify_page = IdentifyPage()
        self.connect_page = ConnectPage()
        self.consent_page = ConsentPage()
        self.account_page = AccountPage()
        self.result_page = ResultPage()
        self.stack = QStackedWidget()
        self.pages: list[Page] = [
            self.identify_page, self.connect_page, self.consent_page, self.account_page, self.result_page
        ]
        for page in self.pages:
            # a page taller than a 150 % scaled 1366×768 screen scrolls instead of pushing the buttons away
            area = QScrollArea()
            area.setWidget(page)
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setAccessibleName(page.title)  # a tab stop when the page scrolls: the reader names the step
            self.stack.addWidget(area)
        self.overlay = BusyOverlay(self.stack)
        self.receipt = ReceiptActions(
            self, self.flow, services, self.runner, self.result_page, self.send,
            lambda names, current: self.choose_printer(names, current),  # looked up at each use: tests replace it
        )
        self.tasks = TaskStarter(
            self.flow, services, self.runner, self.bridge, self.send, self._progress.emit, lambda: self.printer_name
        )

        self.buttons = ButtonBar(self.account_page, self.result_page)
        self.cancel_button, self.back_button = self.buttons.cancel_button, self.buttons.back_button
        self.next_button = self.buttons.next_button

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        steps_row = QHBoxLayout()
        steps_row.setContentsMargins(24, 0, 24, 0)
        steps_row.addWidget(self.steps)
        self.card_status = CardStatus()
        self.card_status.announced.connect(self.card_status_announced)
        layout.addLayout(steps_row)
        layout.addWidget(self.card_status)  # its own line: a sentence, not squeezed beside the step bar
        layout.addWidget(self.stack, 1)
        layout.addLayout(self.buttons)

        self.cancel_button.clicked.connect(self.request_cancel)
        self.back_button.clicked.connect(lambda: self.send(ev.Back()))
        self.next_button.clicked.connect(self.go_next)
        self.identify_page.read_requested.connect(lambda: self.send(ev.ReadCard()))
        self.identify_page.beneficiary_selected.connect(self._on_beneficiary)
        self.identify_page.table.doubleClicked.connect(lambda _i: enter(self))
        self.connect_page.retry_requested.connect(lambda: self.send(ev.Retry()))
        self.connect_page.cps_box.pin_requested.connect(lambda: self.send(ev.PinRequested()))
        self.connect_page.cps_box.situation_chosen.connect(lambda sid: self.send(ev.SituationChosen(sid)))
        self.pin_prompt = PinPrompt(self, self.send)
        self.pin_dialog = self.pin_prompt.dialog
        self.consent_page.oral.toggled.connect(lambda on: self._user(ev.ConsentChanged(on)))
        self.consent_page.emergency.buttonToggled.connect(
            lambda *_: self._user(ev.EmergencyAnswered(self.consent_page.emergency_answer()))
        )
        self.account_page.answer.buttonToggled.connect(
            lambda *_: self._user(ev.AccountWanted(self.account_page.wants_account()))
        )
        self.account_page.answered.connect(self._on_answered)
        self.account_page.email.textChanged.connect(self._on_contacts)
        self.account_page.mobile.textChanged.connect(self._on_contacts)
        self.account_page.contact_left.connect(lambda name: self._user(ev.ContactLeft(name)))
        self.account_page.suggestion_taken.connect(self._on_suggestion)
        self.account_page.create_requested.connect(self.request_creation)
        self.result_page.retry_requested.connect(lambda: self.send(ev.Retry()))
        self.result_page.reprint_requested.connect(lambda: self.send(ev.PrintRequested()))
        self.result_page.receipt_confirmed.connect(lambda: self.send(ev.ReceiptConfirmed()))
        self.result_page.print_on_requested.connect(self.receipt.print_on)
        self.result_page.save_requested.connect(self.receipt.save_pdf)
        self.result_page.new_patient_requested.connect(self.leave_requested)
        self.leave_requested.connect(self.new_patient)  # the host's one-visit window reconnects this
        self.runner.busy_changed.connect(lambda _label: self.redraw())
        self.cps_watch = CpsWatch(self.flow, services, self.runner, self.send)  # a pulled PKCS#11 card is silent
        self.redraw()

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> None:
        """Once the window is shown: listen to the card reader, list the readers (off the GUI thread), and
        start building the services of steps 2-4 (UiServices.start), which the tasks of steps 2-4 await."""
        self.bridge.start()
        self.cps_watch.start()
        self.refresh_readers()
        gui_relay()  # made here, on the GUI thread, before any thread may use it
        self.services.start()
        self.services.steps.add_done_callback(self._steps_finished)

    def _steps_finished(self, _future: object) -> None:
        # on the build thread (or at once when already built): hand over to the GUI thread through the
        # application's relay, never by touching this widget from here (a closing window may be deleting it)
        call_in_gui(self._steps_done_if_alive)

    def _steps_done_if_alive(self) -> None:
        if shiboken6.isValid(self):  # the window was closed and deleted meanwhile: nobody to tell
            self._on_steps_done()

    def _on_steps_done(self) -> None:
        error = self.services.steps.exception()
        if error is not None:
            detail = message(error).text if isinstance(error, DomainError) else str(error) or type(error).__name__
            self._start_failure = html.escape(detail)
            self.bridge.stop()  # a card inserted now could go nowhere
            self.redraw()
        self.steps_built.emit()

    def shutdown(self) -> None:
        self.cps_watch.stop()
        self.bridge.stop()
        self.runner.invalidate()
        self.runner.wait(5000)

    def refresh_readers(self) -> None:
        self.reader_watch.refresh()

    # -- events in ---------------------------------------------------------------------------------
    def send(self, event: ev.Event) -> bool:
        """Give one event to the flow, start the task it asks for, redraw."""
        accepted = self.flow.send(event)
        self.tasks.start()
        self.redraw()
        return accepted

    def _user(self, event: ev.Event) -> None:
        if not self._rendering:
            self.send(event)

    def _on_beneficiary(self, index: int) -> None:
        if index >= 0:
            self._user(ev.BeneficiarySelected(index))

    def _on_contacts(self, *_: object) -> None:
        self._user(ev.ContactsEntered(self.account_page.email.text(), self.account_page.mobile.text()))

    def _on_answered(self, wants: bool) -> None:
        """Oui: on to the e-mail at once; Non: to the end button (Entrée creates)."""
        page = self.account_page
        (page.email if wants else page.create_button).setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_suggestion(self, email: str) -> None:
        page = self.account_page
        self.send(ev.ContactsEntered(email, page.mobile.text()))
        self.send(ev.ContactLeft("email"))
        page.mobile.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_card_event(self, event: CardEvent) -> None:
        self.reader_watch.on_card_event(event)

    def _on_progress(self, event: ev.Event) -> None:
        self.flow.send(event)  # a CreationProgress from run_task
        self.redraw()

    # -- navigation helpers ------------------------------------------------------------------------
    def request_cancel(self) -> None:
        if self.flow.step is Step.RESULT or (self.flow.step is Step.IDENTIFY and self.flow.card is None):
            self.leave_requested.emit()  # nothing to undo: next patient (or, for the host, close)
            return
        if not self.flow.can_cancel:
            return
        if self.confirm_cancel():
            self.runner.invalidate()
            self.send(ev.Cancel())
            self.cancelled.emit()
            self.finished.emit(Outcome.CANCELLED)

    def leave_reason(self) -> LeaveReason | None:
        """What leaving now could lose (None: nothing); the flow decides, the view only asks."""
        report = self.flow.report
        if report is None or not report.created:
            return None
        if report.account_pending:
            return LeaveReason.ACCOUNT
        if not report.printed:
            return LeaveReason.PRINT
        return LeaveReason.UNCONFIRMED if self.flow.unconfirmed_credentials else None

    def may_leave(self) -> bool:
        """False when a created DMP's credentials or accusé would be lost and the pharmacist says stay."""
        reason = self.leave_reason()
        return reason is None or self.confirm_leave(reason)

    def new_patient(self) -> None:
        if not self.flow.can_restart or not self.may_leave():
            return
        self.runner.invalidate()
        self.receipt.reset()
        self.visit_ins = None
        for page in self.pages:
            page.reset()
        self.send(ev.Restart())
        if self.flow.card_present:
            self.send(ev.ReadCard())  # the next patient's card is already in

    def _apply_page(self) -> None:
        page = self.pages[self.stack.currentIndex()]
        for event in page.apply():
            self.flow.send(event)

    def go_next(self) -> None:
        self._apply_page()
        self.send(ev.Next())

    def request_creation(self) -> None:
        """The end button: « Créer sans compte » (no answer yet counts as Non) or « Créer avec compte »."""
        self._apply_page()
        self.send(ev.CreateRequested(account=self.flow.wants_account is True))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not handle_key(self, event):
            super().keyPressEvent(event)

    # -- the result's accusé (ReceiptActions) ---------------------------------------------------------
    @property
    def printer_name(self) -> str | None:
        return self.receipt.printer_name

    def print_on(self) -> None:
        self.receipt.print_on()

    def save_pdf(self) -> None:
        self.receipt.save_pdf()

    # -- drawing -----------------------------------------------------------------------------------
    def view_state(self) -> ViewState:
        return ViewState(
            settings=self.services.settings,
            readers=tuple(r) if (r := self.reader_watch.readers) is not None else None,
            reader_problem=self.reader_watch.problem,
            monitor=self.bridge.available,
            start_failure=self._start_failure,
        )

    def redraw(self) -> None:
        if self._rendering:
            return
        self._rendering = True
        try:
            self._draw()
        finally:
            self._rendering = False
        if self.flow.ins is not None:
            self.visit_ins = self.flow.ins  # kept after a cancel, for the host's result
        ended = self.flow.outcome if self.flow.step is Step.RESULT and not self.flow.busy else None
        if ended is not None and self._ended is None:
            self.finished.emit(ended)
        self._ended = ended
        seen = (self.flow.professional_card, self.flow.professional)
        if seen != self._professional:
            self._professional = seen
            self.professional_changed.emit(self.flow.professional)

    def _draw(self) -> None:
        flow = self.flow
        step = flow.step if flow.step in _PAGE else Step.IDENTIFY
        index = _PAGE[step]
        self.steps.draw(flow)  # the card pulled at steps 2-4: the page's patient strip says so
        self.card_status.draw(flow, step)  # a card put in after the pull, at steps 2-4
        page = self.pages[index]
        if self.stack.currentIndex() != index:
            self.stack.setCurrentIndex(index)
            page.focus_first()
        page.draw(flow, self.view_state())
        if step is Step.RESULT and flow.report is not None and flow.outcome is Outcome.CREATED:
            self.receipt.preview(flow.report)
        self.buttons.draw(flow, step, started=self._start_failure is None)
        self.pin_prompt.sync(flow)
        if flow.busy:
            stages = list(Stage)
            done = stages.index(flow.stage) + 1 if flow.stage in stages else 0
            creating = flow.running in (Task.CREATE, Task.RETRY_ACCOUNT, Task.PRINT)
            self.overlay.set_busy(self.tasks.busy_label(), done, len(stages) if creating and done else 0)
        else:
            self.overlay.set_busy("")


_PAGE = {Step.IDENTIFY: 0, Step.CONNECT: 1, Step.CONSENT: 2, Step.ACCOUNT: 3, Step.CREATING: 3, Step.RESULT: 4}
