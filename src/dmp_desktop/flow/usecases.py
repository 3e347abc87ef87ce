"""The counter's use-cases over the ports: read the card, test existence, create, open the account, print."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from dmp_desktop.domain.errors import DomainError, ErrorCode, WarningCode
from dmp_desktop.domain.identity import CardRead, Ins, InsEnvironment
from dmp_desktop.domain.model import (
    Channel,
    CreationRecord,
    CreationState,
    DmpStatus,
    ExistenceResult,
    JournalPatient,
    Pharmacist,
    Pharmacy,
    ReceiptData,
    ReceiptFormat,
    WebAccount,
)
from dmp_desktop.domain.ports import CardReader as CardReaderPort
from dmp_desktop.domain.ports import Clock, CreationLedger, DmpService, ReceiptPrinter, ReceiptRenderer
from dmp_desktop.flow.outcomes import CreationOrder, CreationReport, Outcome, Stage, service_ending

log = logging.getLogger(__name__)

Progress = Callable[[Stage], None]
T = TypeVar("T")

# TD1.1 answers after which the DMP may or may not exist: the request may have reached the service.
_UNCERTAIN = frozenset(
    {ErrorCode.DMP_TIMEOUT, ErrorCode.DMP_UNREACHABLE, ErrorCode.DMP_HTTP_ERROR, ErrorCode.DMP_BAD_RESPONSE}
)
# The journal state of a visit that the service ended (flow.outcomes.service_ending) at TD1.1.
_JOURNAL_ENDING = {
    Outcome.ALREADY_EXISTS: CreationState.ALREADY_EXISTED,
    Outcome.CLOSED: CreationState.FAILED,
    Outcome.REFUSED: CreationState.REFUSED,
}


def _quiet(_stage: Stage) -> None:
    return None


def _no_pause(_seconds: float) -> None:
    return None


@dataclass
class CounterServices:
    """One counter's use-cases over its ports. Every method blocks (card, network, database, spooler): call it
    off the GUI thread. Ledger trouble never stops a creation: it ends up in `CreationReport.warnings`."""

    card_reader: CardReaderPort
    dmp: DmpService
    ledger: CreationLedger
    renderer: ReceiptRenderer
    printer: ReceiptPrinter
    clock: Clock
    pharmacy: Pharmacy
    pharmacist: Pharmacist
    receipt_format: ReceiptFormat = ReceiptFormat.A4
    environment: InsEnvironment = InsEnvironment.TEST
    workstation: str = ""
    training: bool = True
    printer_name: str | None = None  # None: the system default
    card_wait: float = 0.0
    # After an unanswered TD1.1: TD0.2 again after each pause (seconds), then the outcome stays unknown.
    confirm_delays: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0)
    pause: Callable[[float], None] = _no_pause  # app.py gives time.sleep; the fakes do not wait

    def with_pharmacist(self, pharmacist: Pharmacist) -> CounterServices:
        return replace(self, pharmacist=pharmacist)

    # ------------------------------------------------------------------ steps 1 and 2

    def read_card(self, reader: str | None = None, wait: float | None = None) -> CardRead:
        return self.card_reader.read(reader or None, self.card_wait if wait is None else wait)

    def check_existence(self, ins: Ins) -> ExistenceResult:
        """TD0.2. Raises DomainError (DMP_* codes) when the service cannot answer."""
        return self.dmp.test_existence(ins, self.pharmacist)

    # ------------------------------------------------------------------ step 4: the creation

    def create(
        self, order: CreationOrder, *, progress: Progress = _quiet, print_receipt: bool = True,
        check_printer: bool = False,
    ) -> CreationReport:
        """Journal (pending) → TD1.1 → journal → TD1.5a/b → accusé in memory → print. Never raises a
        DomainError: the report says how far it went. TD1.1 is sent at most once per call, and a DMPFound
        answer on a retry of our own unanswered attempt (order.previous_creation_id) counts as created.
        `check_printer`: where paper is the only thing that will hold the temporary password (headless, no
        preview, no "save as PDF"), a printer that cannot print now stops the creation before TD1.1."""
        warnings: list[WarningCode] = []
        if check_printer and print_receipt and order.account is not None:
            try:
                self.printer.check(self.printer_name)
            except DomainError as exc:
                log.warning("printer not ready before the creation: %s", exc.code.value)
                return CreationReport(Outcome.ERROR, order, creation_id=order.previous_creation_id,
                                      error=exc.code)
        progress(Stage.RECORDING)
        creation_id = order.previous_creation_id or self._ledger(warnings, self.ledger.begin, self._record(order))
        report = CreationReport(Outcome.ERROR, order, creation_id=creation_id)

        progress(Stage.CREATING)
        outcome, error, state = self._td11(order, progress)
        if outcome is Outcome.ALREADY_EXISTS:
            self.confirm_pending(order.ins, excluding=creation_id)
        if outcome is not Outcome.CREATED:
            if creation_id and state is not None:
                self._ledger(warnings, self.ledger.set_state, creation_id, state, error.value if error else "")
            return replace(report, outcome=outcome, error=error, warnings=self._warnings(warnings))
        if creation_id:
            self._ledger(warnings, self.ledger.set_state, creation_id, CreationState.CREATED, "")
        report = replace(report, outcome=Outcome.CREATED, error=None, created_at=self.clock.now())
        report = self._account_and_receipt(report, warnings, progress, print_receipt)
        return replace(report, warnings=self._warnings(warnings, report.warnings))

    def _td11(self, order: CreationOrder, progress: Progress) -> tuple[Outcome, ErrorCode | None, CreationState | None]:
        """(outcome, error, journal state to write); state None = leave the entry pending (unknown)."""
        try:
            self.dmp.create(order.beneficiary, order.ins, order.consent, self.pharmacist, order.account)
        except DomainError as exc:
            if exc.code is ErrorCode.DMP_FOUND and order.previous_creation_id:
                # Our previous attempt got no answer; the DMP that exists now is the one it created.
                progress(Stage.CONFIRMING)
                return self._confirm(order.ins, exc.code, found_once=True)
            ending = service_ending(exc.code)
            if ending is not None:
                return ending, exc.code, _JOURNAL_ENDING[ending]
            if exc.code in _UNCERTAIN:
                progress(Stage.CONFIRMING)
                return self._confirm(order.ins, exc.code)
            log.warning("TD1.1 failed: %s", exc.code.value)
            return Outcome.ERROR, exc.code, CreationState.FAILED
        return Outcome.CREATED, None, CreationState.CREATED

    def _confirm(self, ins: Ins, cause: ErrorCode, *, found_once: bool = False
                 ) -> tuple[Outcome, ErrorCode | None, CreationState | None]:
        """TD0.2 after an unanswered TD1.1 (existence was NOT_FOUND just before): EXISTS means ours. "Not found"
        proves nothing while our request may still be on its way (a slow service commits after our time-out),
        so TD0.2 is asked again after each of `confirm_delays`; still unknown then: PENDING, the journal keeps
        the entry pending and reconciliation settles it later (flow.reconcile)."""
        for delay in (0.0, *self.confirm_delays):
            if delay:
                self.pause(delay)
            try:
                status = self.dmp.test_existence(ins, self.pharmacist).status
            except DomainError as exc:
                log.warning("TD0.2 confirmation failed after %s: %s", cause.value, exc.code.value)
                continue
            if status is DmpStatus.EXISTS:
                return Outcome.CREATED, None, CreationState.CREATED
            if status is DmpStatus.CLOSED:
                if found_once:  # created by our unanswered call, closed since: ours all the same
                    return Outcome.CREATED, None, CreationState.CREATED
                return Outcome.CLOSED, ErrorCode.DMP_CLOSED, CreationState.FAILED
        log.warning("TD1.1 after %s: not confirmed, left pending", cause.value)
        return Outcome.PENDING, ErrorCode.DMP_CREATION_UNCONFIRMED, None

    def confirm_pending(self, ins: Ins, excluding: str | None = None) -> str | None:
        """The service says this patient has a DMP: a journal entry of ours still pending for the same INS was
        the creation that got no answer, so it becomes `created` (counted). Returns its id (None: none)."""
        try:
            pending = [cid for cid, pins in self.ledger.pending() if pins.value == ins.value and cid != excluding]
        except DomainError as exc:
            log.warning("ledger pending failed: %s", exc.code.value)
            return None
        for creation_id in pending:
            self._ledger([], self.ledger.set_state, creation_id, CreationState.CREATED,
                         "confirmed: the service has this patient's DMP")
        return pending[-1] if pending else None

    def retry_account(self, report: CreationReport, *, progress: Progress = _quiet,
                      print_receipt: bool = True) -> CreationReport:
        """DMP created, account missing or incomplete: TD1.5a/TD1.5b only (TD1.1 is never sent again)."""
        if not report.created or report.order.account is None:
            return report
        warnings: list[WarningCode] = []
        report = replace(report, account_error=None, print_error=None, pdf=None)
        report = self._account_and_receipt(report, warnings, progress, print_receipt)
        return replace(report, warnings=self._warnings(warnings, report.warnings))

    def print_receipt(self, report: CreationReport, *, progress: Progress = _quiet) -> CreationReport:
        """Print the accusé held in memory (rendered now if needed: the plain one while the account is
        pending). Printing errors land in `print_error`; the PDF stays in the report for a retry."""
        if not report.created:
            return report
        warnings: list[WarningCode] = []
        report = replace(report, print_error=None)
        if report.pdf is None:
            report = self._render(report, progress)
        if report.pdf is not None:
            report = self._print(report, warnings, progress)
        return replace(report, warnings=self._warnings(warnings, report.warnings))

    def render_receipt(self, report: CreationReport) -> CreationReport:
        """The accusé bytes without printing (headless --receipt-out)."""
        return self._render(report, _quiet) if report.pdf is None else report

    # ------------------------------------------------------------------ parts

    def _account_and_receipt(self, report: CreationReport, warnings: list[WarningCode], progress: Progress,
                             print_receipt: bool) -> CreationReport:
        if report.order.account is not None:
            progress(Stage.OPENING_ACCOUNT)
            report = self._open_account(report)
            if report.channels and report.creation_id:
                self._ledger(warnings, self.ledger.mark_account_opened, report.creation_id, report.channels)
            if report.account_pending:
                # The patient asked for credentials: no accusé yet; the pharmacist retries the account
                # or prints the plain accusé (PrintRequested / print_receipt).
                return report
        report = self._render(report, progress)
        if print_receipt and report.pdf is not None:
            report = self._print(report, warnings, progress)
        return report

    def _open_account(self, report: CreationReport) -> CreationReport:
        """TD1.5a on the first channel (TD1.5d when a lost answer left it open), TD1.5b on the others."""
        request = report.order.account
        assert request is not None
        ins = report.order.ins
        wanted = request.channels
        account, done = report.account, list(report.channels)
        try:
            if account is None:
                channel, contact = wanted[0]
                try:
                    account = self.dmp.open_web_account(ins, channel, contact, self.pharmacist)
                except DomainError as exc:
                    if exc.code is not ErrorCode.DMP_ACCOUNT_EXISTS:
                        raise
                    # Opened by our unanswered call: new temporary credentials instead of a dead end.
                    account = self.dmp.reset_credentials(ins, self.pharmacist)
                done = [channel]
            for channel, contact in wanted:
                if channel in done:
                    continue
                try:
                    self.dmp.add_otp_channel(ins, channel, contact, self.pharmacist)
                except DomainError as exc:
                    if exc.code is not ErrorCode.DMP_OTP_CHANNEL_EXISTS:
                        raise
                done.append(channel)
        except DomainError as exc:
            log.warning("web account: %s", exc.code.value)
            return self._with_account(report, account, done, exc.code)
        return self._with_account(report, account, done, None)

    @staticmethod
    def _with_account(report: CreationReport, account: WebAccount | None, done: list[Channel],
                      error: ErrorCode | None) -> CreationReport:
        channels = tuple(done)
        if account is not None:
            account = WebAccount(account.login, account.temporary_password, channels)
        return replace(report, account=account, channels=channels, account_error=error, pdf=None)

    def _render(self, report: CreationReport, progress: Progress) -> CreationReport:
        progress(Stage.RENDERING)
        order = report.order
        request = order.account
        data = ReceiptData(
            beneficiary=order.beneficiary,
            ins=order.ins,
            created_at=report.created_at or self.clock.now(),
            pharmacist=self.pharmacist,
            pharmacy=self.pharmacy,
            consent=order.consent,
            account=report.account,
            # Only the channels the service accepted: that is where the one-time codes will go.
            email=request.email if request and Channel.EMAIL in report.channels else None,
            mobile=request.mobile if request and Channel.SMS in report.channels else None,
            training=self.training,
            # TD1.1 carried the patient's e-mail when given: the service confirms there, else by post
            confirmation="email" if request and request.email else "courrier",
        )
        try:
            return replace(report, pdf=self.renderer.render(data, self.receipt_format))
        except DomainError as exc:
            return replace(report, print_error=exc.code)
        except Exception:  # a layout bug must not hide that the DMP was created
            log.exception("rendering the accusé failed")
            return replace(report, print_error=ErrorCode.RECEIPT_FAILED)

    def _print(self, report: CreationReport, warnings: list[WarningCode], progress: Progress) -> CreationReport:
        assert report.pdf is not None
        progress(Stage.PRINTING)
        try:
            result = self.printer.print_pdf(report.pdf, self.receipt_format, self.printer_name)
        except DomainError as exc:
            return replace(report, print_result=None, print_error=exc.code)
        report = replace(report, print_result=result, print_error=None)
        if result.printed and report.creation_id:
            self._ledger(warnings, self.ledger.mark_receipt_printed, report.creation_id)
        return report

    def _record(self, order: CreationOrder) -> CreationRecord:
        channels = tuple(c for c, _ in order.account.channels) if order.account else ()
        return CreationRecord(
            at=self.clock.now(),
            workstation=self.workstation,
            pharmacist_rpps=self.pharmacist.rpps,
            pharmacist_name=self.pharmacist.display_name,
            ins=order.ins,
            consent=order.consent,
            channels=channels,
            patient=JournalPatient.of(order.beneficiary),
        )

    def _ledger(self, warnings: list[WarningCode], call: Callable[..., T], *args: object) -> T | None:
        """A journal write that never blocks the counter: failures become a warning."""
        try:
            return call(*args)
        except DomainError as exc:
            log.warning("ledger %s failed: %s", call.__name__, exc.code.value)
            warnings.append(WarningCode.LEDGER_WRITE_FAILED)
            return None

    def _warnings(self, warnings: list[WarningCode], previous: tuple[WarningCode, ...] = ()) -> tuple[WarningCode, ...]:
        """This call's warnings after the earlier ones, each once, and the ledger's own (writes kept aside)."""
        waiting = self.ledger.warning
        return tuple(dict.fromkeys([*previous, *warnings, *([waiting] if waiting else [])]))
