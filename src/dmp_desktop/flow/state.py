"""The wizard's state and what the ui reads from it (the transitions live in flow.wizard and its step modules)."""

from __future__ import annotations

import enum

from dmp_desktop.domain.errors import RETRYABLE, DomainError, ErrorCode
from dmp_desktop.domain.identity import Beneficiary, CardRead, Ins, InsEnvironment, normalize_nir
from dmp_desktop.domain.model import AccountRequest, Consent, DmpStatus, ExistenceResult
from dmp_desktop.flow.events import Task, TaskRequest
from dmp_desktop.flow.outcomes import CreationReport, Outcome, Stage


class Step(enum.Enum):
    IDENTIFY = "identify"
    CONNECT = "connect"
    CONSENT = "consent"
    ACCOUNT = "account"
    CREATING = "creating"
    RESULT = "result"
    CANCELLED = "cancelled"


# Tasks during which the patient's DMP may be changing: no Back, Cancel or Restart then.
_CREATION_TASKS = frozenset({Task.CREATE, Task.RETRY_ACCOUNT, Task.PRINT})


class WizardState:
    """Fields and read-only views of the counter wizard; flow.wizard.Wizard adds the transitions."""

    def __init__(self, environment: InsEnvironment = InsEnvironment.TEST, expected_nir: str | None = None) -> None:
        self.environment = environment
        self.expected_nir = normalize_nir(expected_nir) if expected_nir else None
        self.generation = 0
        self._reset()

    # ------------------------------------------------------------------ state

    def _reset(self) -> None:
        self.generation += 1
        self._step = Step.IDENTIFY
        self._pending: TaskRequest | None = None
        self._running: TaskRequest | None = None
        self._error: ErrorCode | None = None
        self._field_errors: dict[str, ErrorCode] = {}
        self._card: CardRead | None = None
        self._reader: str | None = None
        self._selected: int | None = None
        self._existence: ExistenceResult | None = None
        self._outcome: Outcome | None = None
        self._stage: Stage | None = None
        self._report: CreationReport | None = None
        self._last_creation: tuple[str, str] | None = None  # (INS value, creation id) of a failed attempt
        self._receipt_confirmed = False  # the pharmacist saw the accusé come out of the printer
        self._reset_answers(None)

    def _reset_answers(self, owner: str | None) -> None:
        self._answers_for = owner  # the INS value these answers belong to
        self._oral_consent = False
        self._emergency: bool | None = None
        self._wants_account: bool | None = None
        self._email_text = ""
        self._mobile_text = ""
        self._account_request: AccountRequest | None = None
        self._contacts_left: set[str] = set()  # fields checked (left once, or a creation asked); "account" too
        self._email_suggestion: str | None = None

    def _go(self, step: Step) -> None:
        """Change step: drop any task of the old step and any step-level error."""
        self.generation += 1
        self._step = step
        self._pending = None
        self._running = None
        self._error = None
        self._field_errors = {}

    def _ask(self, kind: Task, **payload: object) -> None:
        self.generation += 1
        self._error = None
        self._running = None
        self._pending = TaskRequest(kind, self.generation, **payload)  # type: ignore[arg-type]

    def _result_for(self, generation: int, *kinds: Task) -> TaskRequest | None:
        """The running (or not yet taken) task this result answers, if it is still current."""
        req = self._running or self._pending
        if req is None or req.generation != generation or req.kind not in kinds:
            return None
        return req

    def _finish_task(self) -> None:
        self._running = None
        self._pending = None

    # ------------------------------------------------------------------ what the ui reads

    @property
    def step(self) -> Step:
        return self._step

    @property
    def task(self) -> TaskRequest | None:
        return self._pending

    @property
    def busy(self) -> bool:
        return self._pending is not None or self._running is not None

    @property
    def running(self) -> Task | None:
        req = self._running or self._pending
        return req.kind if req else None

    @property
    def error(self) -> ErrorCode | None:
        return self._error

    @property
    def field_errors(self) -> dict[str, ErrorCode]:
        """Step 4's problems by field, for the fields already checked (left, or « Créer » asked): never while
        the pharmacist is still typing in it."""
        return {k: v for k, v in self._field_errors.items() if k in self._contacts_left}

    @property
    def outcome(self) -> Outcome | None:
        return self._outcome

    @property
    def stage(self) -> Stage | None:
        return self._stage

    @property
    def card(self) -> CardRead | None:
        return self._card

    @property
    def beneficiaries(self) -> tuple[Beneficiary, ...]:
        return self._card.beneficiaries if self._card else ()

    @property
    def selected_index(self) -> int | None:
        return self._selected

    @property
    def beneficiary(self) -> Beneficiary | None:
        if self._card is None or self._selected is None:
            return None
        return next((b for b in self._card.beneficiaries if b.index == self._selected), None)

    @property
    def ins(self) -> Ins | None:
        b = self.beneficiary
        return b.ins(self.environment) if b is not None else None

    @property
    def existence(self) -> ExistenceResult | None:
        return self._existence

    @property
    def oral_consent(self) -> bool:
        return self._oral_consent

    @property
    def emergency_access(self) -> bool | None:
        return self._emergency

    @property
    def consent(self) -> Consent:
        return Consent(self._oral_consent, self._emergency)

    @property
    def wants_account(self) -> bool | None:
        return self._wants_account

    @property
    def email_text(self) -> str:
        return self._email_text

    @property
    def mobile_text(self) -> str:
        return self._mobile_text

    @property
    def account_request(self) -> AccountRequest | None:
        return self._account_request if self._wants_account else None

    @property
    def report(self) -> CreationReport | None:
        return self._report

    @property
    def receipt_confirmed(self) -> bool:
        """The pharmacist said the accusé came out of the printer (« Oui, il est sorti »)."""
        return self._receipt_confirmed

    @property
    def can_confirm_receipt(self) -> bool:
        """The accusé went to the spooler and nobody said yet whether it came out."""
        report = self._report
        return (
            self._step is Step.RESULT
            and not self.busy
            and report is not None
            and report.printed
            and not self._receipt_confirmed
        )

    @property
    def unconfirmed_credentials(self) -> bool:
        """A created DMP's accusé carries the patient's credentials and nobody confirmed it came out of the
        printer: leaving now (close, « Nouveau patient », Quitter) may lose the only copy of the password."""
        report = self._report
        return (
            report is not None
            and report.created
            and report.account is not None
            and bool(report.account.temporary_password)
            and not self._receipt_confirmed
        )

    @property
    def valid(self) -> bool:
        """The current step's answers are complete (Next/Créer may be offered)."""
        step = self._step
        if step is Step.IDENTIFY:
            return self._identify_problem() is None
        if step is Step.CONNECT:
            return self._existence is not None and self._existence.status is DmpStatus.NOT_FOUND
        if step is Step.CONSENT:
            return self.consent.complete
        if step is Step.ACCOUNT:
            return self.consent.complete and (
                self._wants_account is False or (self._wants_account is True and self._account_request is not None)
            )
        if step is Step.RESULT:
            return self._outcome not in (None, Outcome.ERROR, Outcome.PENDING)
        return False

    @property
    def can_next(self) -> bool:
        steps = (Step.IDENTIFY, Step.CONNECT, Step.CONSENT, Step.ACCOUNT)
        return self._step in steps and self.valid and not self.busy

    @property
    def can_back(self) -> bool:
        step = self._step
        if step in (Step.CONNECT, Step.CONSENT, Step.ACCOUNT):
            return not self._creation_busy
        if step is Step.RESULT:
            return not self.busy and not (self._report is not None and self._report.created)
        return False

    @property
    def can_retry(self) -> bool:
        return self._retry_task() is not None

    @property
    def can_cancel(self) -> bool:
        if self._step is Step.CANCELLED or self._creation_busy:
            return False
        return not (self._report is not None and self._report.created)

    @property
    def can_restart(self) -> bool:
        return not self._creation_busy

    @property
    def _creation_busy(self) -> bool:
        req = self._running or self._pending
        return req is not None and req.kind in _CREATION_TASKS

    def _identify_problem(self) -> ErrorCode | None:
        """Why the selected beneficiary cannot go on (None when it can)."""
        b = self.beneficiary
        if b is None:
            return ErrorCode.NO_CARD if self._card is None else ErrorCode.BENEFICIARY_INDEX
        try:
            b.require_ins(self.environment)
        except DomainError as exc:
            return exc.code
        if self.expected_nir and self._nir_of(b) != self.expected_nir:
            return ErrorCode.NIR_MISMATCH
        return None

    @staticmethod
    def _nir_of(b: Beneficiary) -> str:
        return normalize_nir(b.certified_nir or b.holder_nir)

    def _retry_task(self) -> Task | None:
        if self.busy:
            return None
        step, report = self._step, self._report
        if step is Step.IDENTIFY and self._error is not None and self._card is None:
            return Task.READ_CARD
        if step is Step.CONNECT and self._error is not None:
            return Task.TEST_EXISTENCE
        if step is Step.RESULT and self._outcome in (Outcome.ERROR, Outcome.PENDING) and self._error in RETRYABLE:
            return Task.CREATE
        if step is Step.RESULT and report is not None and report.created:
            if report.account_pending and report.account_error is not None:
                return Task.RETRY_ACCOUNT
            if report.print_error is not None:
                return Task.PRINT
        return None
