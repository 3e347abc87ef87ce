"""« Créer » and what follows: the creation's progress and answer, the result's account retried, the accusé
printed again and its coming out confirmed."""

from __future__ import annotations

from dataclasses import replace

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.cps_step import CpsStep
from dmp_desktop.flow.events import Task
from dmp_desktop.flow.outcomes import CreationOrder, Outcome
from dmp_desktop.flow.state import _CREATION_TASKS, Step


class CreationStep(CpsStep):
    """The creation's transitions (flow.wizard.Wizard dispatches). On the card's part: a creation or an account
    retry that finds the card session gone goes back to the card (CpsStep) before anything is sent again."""

    def _create_requested(self, e: ev.CreateRequested) -> bool:
        if self._step is not Step.ACCOUNT or self.busy:
            return False
        if e.account is not None and (e.account is True) != (self._wants_account is True):
            return False  # the button said the other answer: it was drawn before the answer changed
        if e.account is False and self._wants_account is None:
            self._wants_account = False  # « Créer sans compte » before any answer: the answer is Non
        if self._wants_account is None:
            return False  # Entrée: the patient's answer first (the page keeps the question in front)
        if not self.valid:
            self._contacts_left.update(("email", "mobile", "account"))  # every problem shown now
            if self._wants_account and {"email", "mobile"} & set(self._field_errors):
                self._error = None  # said beside the field that is wrong
            else:
                self._error = ErrorCode.ACCOUNT_CHANNEL_MISSING if self._wants_account else ErrorCode.REQUEST_INVALID
            return True
        self._start_creation()
        return True

    def _start_creation(self) -> None:
        b, ins = self.beneficiary, self.ins
        assert b is not None and ins is not None  # only reachable from a valid ACCOUNT step
        previous = self._last_creation[1] if self._last_creation and self._last_creation[0] == ins.value else None
        order = CreationOrder(b, ins, self.consent, self.account_request, previous_creation_id=previous)
        self._go(Step.CREATING)
        self._stage = None
        self._report = None
        self._outcome = None
        self._ask(Task.CREATE, order=order)

    def _creation_progress(self, e: ev.CreationProgress) -> bool:
        if self._result_for(e.generation, *_CREATION_TASKS) is None:
            return False
        self._stage = e.stage
        return True

    def _creation_done(self, e: ev.CreationDone) -> bool:
        req = self._result_for(e.generation, *_CREATION_TASKS)
        if req is None:
            return False
        self._finish_task()
        report = e.report
        if req.kind is Task.CREATE:
            self._go(Step.RESULT)
            if report.creation_id:
                self._last_creation = (report.order.ins.value, report.creation_id)
            self._error = report.error if report.outcome in (Outcome.ERROR, Outcome.PENDING, Outcome.REFUSED) else None
        self._receipt_confirmed = False  # a new accusé, or one sent again: not seen coming out yet
        self._report = report
        self._outcome = report.outcome
        self._stage = None
        return True

    def _creation_failed(self, e: ev.CreationFailed) -> bool:
        req = self._result_for(e.generation, *_CREATION_TASKS)
        if req is None:
            return False
        self._finish_task()
        self._stage = None
        if req.kind is Task.CREATE and self._card_lost_during(e.error, resume_at=Step.ACCOUNT):
            return True  # checked before anything was sent: nothing created, the answers wait at step 4
        if req.kind is Task.CREATE:
            self._end(Outcome.ERROR, e.error)
        elif self._report is not None:
            if req.kind is Task.RETRY_ACCOUNT:
                self._report = replace(self._report, account_error=e.error)
                self._account_card_lost(e.error)
            else:
                self._report = replace(self._report, print_error=e.error)
        return True

    def _retry_account(self, e: ev.RetryAccount) -> bool:
        report = self._report
        if self._step is not Step.RESULT or self.busy or report is None or not report.account_pending:
            return False
        if self._retry_task() in (Task.CPS_READ, Task.CPS_CONNECT):
            self._cps_retry()  # the card left: its PIN first
        else:
            self._ask(Task.RETRY_ACCOUNT, report=report)
        return True

    def _print_requested(self, e: ev.PrintRequested) -> bool:
        report = self._report
        if self._step is not Step.RESULT or self.busy or report is None or not report.created:
            return False
        self._ask(Task.PRINT, report=report)
        return True

    def _receipt_confirmed_event(self, e: ev.ReceiptConfirmed) -> bool:
        if not self.can_confirm_receipt:
            return False
        self._receipt_confirmed = True
        return True

    def _end(self, outcome: Outcome, error: ErrorCode | None = None) -> None:
        """The visit ends on the result page (from the existence test at step 2 too)."""
        self._go(Step.RESULT)
        self._outcome = outcome
        self._error = error
