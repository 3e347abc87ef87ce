"""Step 2's professional card inside the wizard: card missing, card read, PIN, situation, connected.

The card belongs to the pharmacist, not to the patient: what is known of it survives « Nouveau patient » and
Annuler (one PIN for many patients), and pulling it costs nothing of the patient (card, answers kept).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.model import Pharmacist, Pharmacy
from dmp_desktop.domain.professional import CardHolder, PinState, Situation
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.events import Pin, Task
from dmp_desktop.flow.state import Step, WizardState

CPS_TASKS = frozenset({Task.CPS_READ, Task.CPS_LOGIN, Task.CPS_CONNECT})
# failures that mean « no usable card in the reader » (the page asks for one)
_CARD_GONE = frozenset({ErrorCode.CPS_REMOVED, ErrorCode.CPS_MISSING})
# failures that no PIN can cure: another card (or the module) is needed
_CARD_UNUSABLE = frozenset({ErrorCode.CPS_EXPIRED, ErrorCode.CPS_UNKNOWN, ErrorCode.CPS_MODULE_MISSING})


class CpsStage(enum.Enum):
    """Where the professional card stands (what step 2 draws above the patient)."""

    NOT_NEEDED = "not_needed"  # mode INDIRECTE: an establishment certificate pair, no card
    READING = "reading"
    MISSING = "missing"  # « Insérez votre carte CPS ou CPE » (or an unreadable / expired card: see `error`)
    PIN = "pin"  # card read: its holder and PIN state shown, the PIN to type (or LOCKED)
    LOGGING_IN = "logging_in"
    SITUATION = "situation"  # several situations d'exercice: the pharmacist picks one
    CONNECTING = "connecting"
    CONNECTED = "connected"


@dataclass(frozen=True)
class Professional:
    """Who the DMP calls go out as (from the card): shown at step 2, kept while the card stays in."""

    holder: CardHolder
    situation: Situation
    pharmacist: Pharmacist
    pharmacy: Pharmacy


class CpsStep(WizardState):
    """The card's fields, what the ui reads of them, and their transitions (flow.wizard.Wizard dispatches)."""

    def _init_cps(self, professional: bool | None) -> None:
        # True: mode DIRECTE, the card is asked; False: no card (mode INDIRECTE); None: not known yet (the
        # services are still being built): the first CPS_READ answers CpsRead or CpsNotNeeded.
        self._professional = professional
        self._forget_cps()
        self._resume_at: Step | None = None
        self._used_situation: str | None = None  # the situation of the last connection (kept after a pull)

    def _reset(self) -> None:
        super()._reset()
        self._resume_at = None  # a new patient: nothing to resume after a re-login

    def _forget_cps(self) -> None:
        self._holder: CardHolder | None = None
        self._pin_state: PinState | None = None
        self._situations: tuple[Situation, ...] = ()
        self._connected: Professional | None = None
        self._pin_asked = False
        self._chosen_situation: str | None = None

    @property
    def _card_step(self) -> bool:
        """Where the card's part runs: step 2, or the result while a web account waits for the card back."""
        return self._step is Step.CONNECT or (self._step is Step.RESULT and self._resume_at is Step.RESULT)

    # ------------------------------------------------------------------ what the ui reads

    @property
    def professional_card(self) -> bool | None:
        """True when step 2 asks for the pharmacist's card, False without one, None while not known."""
        return self._professional

    @property
    def cps_stage(self) -> CpsStage:
        running = self.running
        if running is Task.CPS_READ:
            return CpsStage.READING
        if running is Task.CPS_LOGIN:
            return CpsStage.LOGGING_IN
        if running is Task.CPS_CONNECT:
            return CpsStage.CONNECTING
        if self._professional is not True:
            return CpsStage.NOT_NEEDED
        if self._connected is not None:
            return CpsStage.CONNECTED
        if self._situations:
            return CpsStage.SITUATION
        if self._holder is not None:
            return CpsStage.PIN
        return CpsStage.MISSING

    @property
    def card_error(self) -> ErrorCode | None:
        """The card's trouble: step 2's error, or at the result the error of the web account waiting for it."""
        if self._step is Step.RESULT:
            return self._report.account_error if self._report is not None else None
        return self._error

    @property
    def cps_holder(self) -> CardHolder | None:
        return self._connected.holder if self._connected else self._holder

    @property
    def pin_state(self) -> PinState | None:
        return self._pin_state

    @property
    def pin_asked(self) -> bool:
        """The PIN dialog is to be shown now."""
        return (
            self._card_step and self.cps_stage is CpsStage.PIN and self._pin_asked
            and self._pin_state is not PinState.LOCKED
        )

    @property
    def situations(self) -> tuple[Situation, ...]:
        return self._situations

    @property
    def professional(self) -> Professional | None:
        """The connected professional (pharmacist, pharmacy, situation from the card), None before."""
        return self._connected

    # ------------------------------------------------------------------ transitions

    def _enter_connect(self) -> None:
        """Step 2 starts: the card first when one is (or may be) needed and no session is known."""
        self._existence = None
        self._resume_at = None
        if self._professional is False or self._connected is not None:
            self._ask(Task.TEST_EXISTENCE, ins=self.ins)
        else:
            self._ask(Task.CPS_READ)

    def _cps_changed(self, e: ev.CpsInserted | ev.CpsRemoved) -> bool:
        """Another card, or none: the session is gone. Steps 2-4 go back to step 2 (patient and answers kept)."""
        if self._professional is False:
            return False
        self._forget_cps()
        if self._step in (Step.CONNECT, Step.CONSENT, Step.ACCOUNT):
            self._go(Step.CONNECT)
            self._ask(Task.CPS_READ)
        elif self._card_step and not self.busy and isinstance(e, ev.CpsInserted):
            self._ask(Task.CPS_READ)  # the card back for the account still to open
        return True

    def _pin_requested(self, e: ev.PinRequested) -> bool:
        if not self._card_step or self.busy or self.cps_stage is not CpsStage.PIN:
            return False
        if self._pin_state is PinState.LOCKED or self._pin_asked:
            return False
        self._pin_asked = True
        return True

    def _pin_cancelled(self, e: ev.PinCancelled) -> bool:
        if not self._pin_asked:
            return False
        self._pin_asked = False
        return True

    def _pin_entered(self, e: ev.PinEntered) -> bool:
        if not self.pin_asked or self.busy:
            return False
        self._pin_asked = False
        self._ask(Task.CPS_LOGIN, pin=Pin(e.pin))
        return True

    def _situation_chosen(self, e: ev.SituationChosen) -> bool:
        if not self._card_step or self.busy or self.cps_stage is not CpsStage.SITUATION:
            return False
        if all(s.structure_id != e.structure_id for s in self._situations):
            self._card_error(ErrorCode.CPS_SITUATION_REQUIRED)
            return True
        self._chosen_situation = e.structure_id
        self._ask(Task.CPS_CONNECT, structure_id=e.structure_id)
        return True

    def _cps_result_ok(self, generation: int, *kinds: Task) -> bool:
        if not self._card_step or self._result_for(generation, *kinds) is None:
            return False
        self._finish_task()
        self._card_error(None)
        return True

    def _cps_not_needed(self, e: ev.CpsNotNeeded) -> bool:
        if not self._cps_result_ok(e.generation, Task.CPS_READ):
            return False
        self._professional = False
        self._ask(Task.TEST_EXISTENCE, ins=self.ins)
        return True

    def _cps_read(self, e: ev.CpsRead) -> bool:
        if not self._cps_result_ok(e.generation, Task.CPS_READ):
            return False
        self._professional = True
        self._forget_cps()
        self._holder = e.holder
        self._pin_state = e.pin_state
        if e.pin_state is PinState.LOCKED:
            self._card_error(ErrorCode.CPS_PIN_LOCKED)
        else:
            self._pin_asked = True
        return True

    def _cps_logged_in(self, e: ev.CpsLoggedIn) -> bool:
        if not self._cps_result_ok(e.generation, Task.CPS_READ, Task.CPS_LOGIN):
            return False
        self._professional = True
        self._holder = e.holder
        self._pin_state = PinState.READY
        self._pin_asked = False
        self._situations = e.situations
        used = [s for s in e.situations if s.structure_id == self._used_situation]
        if self._step is Step.RESULT and used:  # the DMP was created in that situation: its account too
            e = ev.CpsLoggedIn(e.holder, tuple(used), e.generation)
        if len(e.situations) == 1:  # nothing to choose (EX_GEN-1370 asks a choice only among several)
            self._chosen_situation = e.situations[0].structure_id
            self._ask(Task.CPS_CONNECT, structure_id=self._chosen_situation)
        elif not e.situations:
            self._card_error(ErrorCode.CPS_UNKNOWN)
        return True

    def _cps_connected(self, e: ev.CpsConnected) -> bool:
        if not self._cps_result_ok(e.generation, Task.CPS_READ, Task.CPS_CONNECT):
            return False
        self._professional = True
        self._holder = e.holder
        self._pin_asked = False
        self._connected = Professional(e.holder, e.situation, e.pharmacist, e.pharmacy)
        self._used_situation = e.situation.structure_id
        resume, self._resume_at = self._resume_at, None
        if resume is Step.RESULT and self._report is not None and self._report.account_pending:
            self._ask(Task.RETRY_ACCOUNT, report=self._report)  # as the same professional, on to the account
        elif resume is Step.ACCOUNT and self._existence is not None:
            self._go(Step.ACCOUNT)  # the card was pulled at « Créer »: back where it was, « Créer » again
        else:
            self._ask(Task.TEST_EXISTENCE, ins=self.ins)
        return True

    def _cps_failed(self, e: ev.CpsFailed) -> bool:
        req = self._result_for(e.generation, *CPS_TASKS)
        if not self._card_step or req is None:
            return False
        self._finish_task()
        self._professional = True
        self._card_error(e.error)
        if req.kind is Task.CPS_READ or e.error in _CARD_GONE or e.error in _CARD_UNUSABLE:
            self._forget_cps()  # the page asks for a (readable, valid) card; the error says why
        elif req.kind is Task.CPS_LOGIN:
            self._pin_state = e.pin_state or self._pin_state
            if e.error is ErrorCode.CPS_PIN_LOCKED:
                self._pin_state = PinState.LOCKED
            # a wrong PIN: the dialog comes back at once with the tries left (locked: no dialog, the message)
            self._pin_asked = self._pin_state is not PinState.LOCKED and e.error is ErrorCode.CPS_PIN_INCORRECT
        return True

    def _card_error(self, code: ErrorCode | None) -> None:
        """Step 2 shows the card's trouble as its error; the result keeps its own (the visit's) and shows the
        card's with the web account that waits for it."""
        if self._step is Step.RESULT and self._report is not None:
            self._report = replace(self._report, account_error=code or self._report.account_error)
        else:
            self._error = code

    def _account_card_lost(self, error: ErrorCode) -> bool:
        """The account retry (DMP created) found no card session: the result waits for the card, its PIN, then
        retries the account as the same professional. False for another error."""
        if self._professional is not True or error not in _CARD_GONE:
            return False
        self._forget_cps()
        self._resume_at = Step.RESULT
        return True

    def _card_lost_during(self, error: ErrorCode, resume_at: Step | None = None) -> bool:
        """A step 2-4 task found no card session (pulled since): back to step 2 to ask for the card, the
        patient and the answers kept; once connected again, on to `resume_at` (the creation: its previous
        attempt, if any, is confirmed rather than redone) or the existence test. False for another error."""
        if self._professional is not True or error not in _CARD_GONE:
            return False
        self._forget_cps()
        self._go(Step.CONNECT)
        self._error = error
        self._resume_at = resume_at
        return True

    def _retry_task(self) -> Task | None:
        """At step 2, « Réessayer » redoes the card's part while no session is known, else the existence test."""
        task = super()._retry_task()
        if task is Task.RETRY_ACCOUNT and self._resume_at is Step.RESULT and self._connected is None:
            task = Task.TEST_EXISTENCE  # the card first, as at step 2
        if task is not Task.TEST_EXISTENCE or self._professional is False or self._connected is not None:
            return task
        if self._situations:
            return Task.CPS_CONNECT if self._chosen_situation else None
        return Task.CPS_READ

    def _cps_retry(self) -> None:
        task = self._retry_task()
        if task is Task.CPS_CONNECT:
            self._ask(Task.CPS_CONNECT, structure_id=self._chosen_situation)
        elif task is Task.CPS_READ:
            self._ask(Task.CPS_READ)
