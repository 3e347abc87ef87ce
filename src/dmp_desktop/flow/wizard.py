"""The counter wizard as a Qt-free state machine: steps, what each needs, Back, card removal, retries.

API (the ui renders this object and never decides navigation itself):

    wizard = Wizard(environment=InsEnvironment.TEST, expected_nir=None)
    accepted = wizard.send(event)          # events from flow.events; False = ignored (stale, not allowed)
    request = wizard.take_task()           # TaskRequest | None, returned ONCE; run it on a worker, e.g.
                                           # flow.tasks.run_task(counter, request, emit) -> result event
    wizard.send(result_event)              # CardReadOk/…/CreationDone carrying request.generation

What to draw (read-only properties): `step` (Step), `busy`, `error` (ErrorCode | None, step level),
`field_errors` ({"email"|"mobile"|"account": ErrorCode}), `valid`, `can_next`, `can_back`, `can_retry`,
`can_cancel`, `can_restart`, `task` (the pending TaskRequest, not yet taken), `stage` (creation progress),
`outcome` (Outcome once ended), `card`, `beneficiaries`, `selected_index`, `beneficiary`, `ins`,
`existence`, `consent`, `oral_consent`, `emergency_access`, `wants_account`, `email_text`, `mobile_text`,
`account_request`, `email_suggestion`, `contacts_unused`, `can_create`, `report` (CreationReport with the
PDF in memory), `card_present`, `card_presence`.

Rules: a single eligible beneficiary (or the one matching `expected_nir`) is pre-selected. The existence
test starts when IDENTIFY is left and moves on to CONSENT by itself when the DMP is not found (nothing left
to decide); Back from CONSENT shows that result at CONNECT again (Next moves on, nothing re-tested). Only
IDENTIFY needs the Vitale card: removed there → waiting; removed in CONNECT/CONSENT/ACCOUNT → the visit goes
on with the identity read (`card_present` False), and IDENTIFY reached again by Back reads a card again (or
waits for one); a card put in then is read beside the step (CHECK_CARD, handed out by take_task after the step's
own task, never moving the step): the patient's again, another patient's or unreadable (`card_presence`); the
consent/account answers are kept for the same patient (same INS) only; in CREATING/RESULT nothing changes.
At ACCOUNT a contact field is checked when left (ContactLeft): its error, the e-mail's likely domain
(`email_suggestion`), the mobile as said (« 06 12 34 56 78 »); CreateRequested (account=False) with no answer
yet means Non. "DMP created, account failed":
RetryAccount (never TD1.1 again). Print failed: the PDF stays in the report, PrintRequested prints it
again. Every Back/Cancel/Restart/removal bumps `generation`, so late task results are dropped.

Step 2 with the pharmacist's card (flow.cps_step, mode DIRECTE): CPS_READ (card missing → MISSING; read →
PIN, the dialog asked by `pin_asked`), PinEntered → CPS_LOGIN (wrong: PIN again with the tries left; locked:
no PIN any more), several situations → SituationChosen → CPS_CONNECT, connected → TEST_EXISTENCE. What is known
of the card survives Restart/Cancel (one PIN for many patients); CpsRemoved, or a step 2-4 task failing with
CPS_REMOVED, brings steps 2-4 back to step 2 with the patient and the answers kept (found at « Créer »: back to
step 4 once connected again). A web account retried without the card: the result asks for the card and its PIN
(`card_error`, `pin_asked`), then retries the account.
"""

from __future__ import annotations

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.identity import InsEnvironment
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.account_step import AccountStep
from dmp_desktop.flow.cps_step import CpsStage, CpsStep, Professional
from dmp_desktop.flow.creation_step import CreationStep
from dmp_desktop.flow.events import Event, Task, TaskRequest
from dmp_desktop.flow.outcomes import Outcome, existence_ending, service_ending
from dmp_desktop.flow.state import Step
from dmp_desktop.flow.vitale_card import CardPresence, VitaleCard

__all__ = ["CardPresence", "CpsStage", "Professional", "Step", "Wizard"]


class Wizard(AccountStep, VitaleCard, CreationStep, CpsStep):
    """See the module docstring. Not thread-safe: call it from one thread (the GUI thread).

    `professional`: True when step 2 asks for the pharmacist's CPS/CPE (mode DIRECTE), False without a card
    (mode INDIRECTE), None when not known yet (the first CPS_READ tells: CpsRead or CpsNotNeeded)."""

    def __init__(
        self,
        environment: InsEnvironment = InsEnvironment.TEST,
        expected_nir: str | None = None,
        professional: bool | None = False,
    ) -> None:
        self._init_cps(professional)
        super().__init__(environment, expected_nir)

    # ------------------------------------------------------------------ driving

    def take_task(self) -> TaskRequest | None:
        """The task to start now (once): it becomes the running task until its result event arrives. Call it
        until None: a card check (CHECK_CARD, steps 2-4) comes after the step's own task and runs beside it."""
        req, self._pending = self._pending, None
        if req is not None:
            self._running = req
            return req
        if self._check is not None and not self._check_taken:
            self._check_taken = True
            return self._check
        return None

    def send(self, event: Event) -> bool:
        """Apply one event; False when it does not apply here (wrong step, stale generation, not allowed)."""
        if self._step is Step.CANCELLED and not isinstance(
            event, (ev.Restart, ev.CardInserted, ev.CardRemoved, ev.CpsInserted, ev.CpsRemoved)
        ):
            return False  # a cancelled visit waits for « Nouveau patient » (or a card)
        match event:
            case ev.CardInserted():
                return self._card_inserted(event)
            case ev.CardRemoved():
                return self._card_removed(event)
            case ev.ReadCard():
                return self._read_card(event)
            case ev.CardReadOk():
                return self._card_read_ok(event)
            case ev.CardReadFailed():
                return self._card_read_failed(event)
            case ev.BeneficiarySelected():
                return self._beneficiary_selected(event)
            case ev.Next():
                return self._next(event)
            case ev.Back():
                return self._back(event)
            case ev.ExistenceChecked():
                return self._existence_checked(event)
            case ev.ExistenceFailed():
                return self._existence_failed(event)
            case ev.ConsentChanged():
                return self._consent_changed(event)
            case ev.EmergencyAnswered():
                return self._emergency_answered(event)
            case ev.AccountWanted():
                return self._account_wanted(event)
            case ev.ContactsEntered():
                return self._contacts_entered(event)
            case ev.ContactLeft():
                return self._contact_left(event)
            case ev.CreateRequested():
                return self._create_requested(event)
            case ev.CreationProgress():
                return self._creation_progress(event)
            case ev.CreationDone():
                return self._creation_done(event)
            case ev.CreationFailed():
                return self._creation_failed(event)
            case ev.Retry():
                return self._retry(event)
            case ev.RetryAccount():
                return self._retry_account(event)
            case ev.PrintRequested():
                return self._print_requested(event)
            case ev.ReceiptConfirmed():
                return self._receipt_confirmed_event(event)
            case ev.Restart():
                return self._restart(event)
            case ev.Cancel():
                return self._cancel(event)
            case ev.CpsInserted() | ev.CpsRemoved():
                return self._cps_changed(event)
            case ev.PinRequested():
                return self._pin_requested(event)
            case ev.PinEntered():
                return self._pin_entered(event)
            case ev.PinCancelled():
                return self._pin_cancelled(event)
            case ev.SituationChosen():
                return self._situation_chosen(event)
            case ev.CpsNotNeeded():
                return self._cps_not_needed(event)
            case ev.CpsRead():
                return self._cps_read(event)
            case ev.CpsLoggedIn():
                return self._cps_logged_in(event)
            case ev.CpsConnected():
                return self._cps_connected(event)
            case ev.CpsFailed():
                return self._cps_failed(event)
            case _:
                raise TypeError(f"not a wizard event: {event!r}")

    # --- IDENTIFY

    def _beneficiary_selected(self, e: ev.BeneficiarySelected) -> bool:
        if self._step is not Step.IDENTIFY or self._card is None or self.busy:
            return False
        if all(b.index != e.index for b in self._card.beneficiaries):
            self._selected = None
            self._error = ErrorCode.BENEFICIARY_INDEX
            return True
        self._selected = e.index
        self._error = self._identify_problem()
        return True

    def _next(self, e: ev.Next) -> bool:
        if self.busy:
            return False
        if self._step is Step.IDENTIFY:
            problem = self._identify_problem()
            if problem is not None:
                self._error = problem
                return True
            ins = self.ins
            assert ins is not None  # _identify_problem guarantees it
            if self._answers_for != ins.value:
                self._reset_answers(ins.value)
            self._go(Step.CONNECT)
            self._enter_connect()
            return True
        if self._step is Step.CONSENT:
            if not self._oral_consent:
                self._error = ErrorCode.CONSENT_MISSING
                return True
            if self._emergency is None:
                self._error = ErrorCode.EMERGENCY_ANSWER_MISSING
                return True
            self._go(Step.ACCOUNT)
            return True
        if self._step is Step.CONNECT and self.valid:
            self._go(Step.CONSENT)  # after « Précédent » from step 3: the result is still the one shown
            return True
        if self._step is Step.ACCOUNT:
            return self._create_requested(ev.CreateRequested())
        return False

    def _back(self, e: ev.Back) -> bool:
        if not self.can_back:
            return False
        step = self._step
        if step is Step.CONNECT:
            self._back_to_identify()
        elif step is Step.CONSENT:
            # step 2's result again (no DMP), not a new test that would move on by itself at once
            self._go(Step.CONNECT)
        elif step is Step.ACCOUNT:
            self._go(Step.CONSENT)
        elif step is Step.RESULT:
            # Nothing was created: a failed creation goes back to the account step (answers kept); an
            # existing/closed/refused DMP back to the card (perhaps another beneficiary).
            back_to = Step.ACCOUNT if self._outcome in (Outcome.ERROR, Outcome.PENDING) else Step.IDENTIFY
            self._outcome = None
            self._report = None
            self._stage = None
            if back_to is Step.IDENTIFY:
                self._back_to_identify()
            else:
                self._go(back_to)
        return True

    # --- CONNECT

    def _existence_checked(self, e: ev.ExistenceChecked) -> bool:
        if self._step is not Step.CONNECT or self._result_for(e.generation, Task.TEST_EXISTENCE) is None:
            return False
        self._finish_task()
        self._existence = e.result
        ending = existence_ending(e.result.status)
        if ending is None:
            self._go(Step.CONSENT)
        else:
            self._end(ending)
        return True

    def _existence_failed(self, e: ev.ExistenceFailed) -> bool:
        if self._step is not Step.CONNECT or self._result_for(e.generation, Task.TEST_EXISTENCE) is None:
            return False
        self._finish_task()
        if self._card_lost_during(e.error):
            return True
        ending = service_ending(e.error)
        if ending is not None:
            self._end(ending, e.error)
        else:
            self._error = e.error
        return True

    # --- CONSENT

    def _consent_changed(self, e: ev.ConsentChanged) -> bool:
        if self._step is not Step.CONSENT:
            return False
        self._oral_consent = e.oral_consent
        if self._error is ErrorCode.CONSENT_MISSING and e.oral_consent:
            self._error = None
        return True

    def _emergency_answered(self, e: ev.EmergencyAnswered) -> bool:
        if self._step is not Step.CONSENT:
            return False
        self._emergency = e.answer
        if self._error is ErrorCode.EMERGENCY_ANSWER_MISSING and e.answer is not None:
            self._error = None
        return True

    # --- « Réessayer » (the task of the step's error)

    def _retry(self, e: ev.Retry) -> bool:
        task = self._retry_task()
        if task is Task.READ_CARD:
            return self._read_card(ev.ReadCard())
        if task is Task.TEST_EXISTENCE:
            self._ask(Task.TEST_EXISTENCE, ins=self.ins)
            return True
        if task in (Task.CPS_READ, Task.CPS_CONNECT):
            self._cps_retry()
            return True
        if task is Task.CREATE:
            self._start_creation()
            return True
        if task is Task.RETRY_ACCOUNT:
            return self._retry_account(ev.RetryAccount())
        if task is Task.PRINT:
            return self._print_requested(ev.PrintRequested())
        return False

    # --- anywhere

    def _restart(self, e: ev.Restart) -> bool:
        if not self.can_restart:
            return False
        card_in = self._card_in
        self._reset()  # forgets the report: PDF and temporary password go with it
        self._card_in = card_in  # whoever's card it is (another patient's too), step 1 reads it now
        return True

    def _cancel(self, e: ev.Cancel) -> bool:
        if not self.can_cancel:
            return False
        card_in = self._card_in
        self._reset()
        self._card_in = card_in
        self._step = Step.CANCELLED
        self._outcome = Outcome.CANCELLED
        return True
