"""The counter's use-cases over scripted fakes: order of calls, never two creations, retries, ledger trouble."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from dmp_desktop.domain.errors import DomainError, ErrorCode, WarningCode
from dmp_desktop.domain.identity import Beneficiary, Ins
from dmp_desktop.domain.model import (
    AccountRequest,
    Channel,
    Consent,
    CreationState,
    DmpStatus,
    Pharmacist,
)
from dmp_desktop.flow.fakes import (
    FakeDmpService,
    FakeLedger,
    FakePrinter,
    FakeRenderer,
    fake_counter,
    sample_card,
)
from dmp_desktop.flow.outcomes import CreationOrder, Outcome, Stage
from dmp_desktop.flow.usecases import CounterServices

ACCOUNT = AccountRequest(email="jean@example.fr", mobile="+33612345678")


class JournalFirstDmp(FakeDmpService):
    """Records how many journal entries existed when TD1.1 was sent."""

    def __init__(self, ledger: FakeLedger) -> None:
        super().__init__()
        self.ledger = ledger
        self.journal_at_create: list[list[CreationState]] = []

    def create(self, beneficiary: Beneficiary, ins: Ins, consent: Consent, pharmacist: Pharmacist,
               contacts: AccountRequest | None = None) -> None:
        self.journal_at_create.append([e.state for e in self.ledger.entries.values()])
        super().create(beneficiary, ins, consent, pharmacist, contacts)


@dataclass
class Rig:
    ledger: FakeLedger = field(default_factory=FakeLedger)
    renderer: FakeRenderer = field(default_factory=FakeRenderer)
    printer: FakePrinter = field(default_factory=FakePrinter)
    dmp: JournalFirstDmp = field(init=False)
    counter: CounterServices = field(init=False)

    def __post_init__(self) -> None:
        self.dmp = JournalFirstDmp(self.ledger)
        self.counter = fake_counter(
            dmp=self.dmp, ledger=self.ledger, renderer=self.renderer, printer=self.printer, workstation="comptoir-1"
        )

    def order(self, account: AccountRequest | None = ACCOUNT, previous: str | None = None) -> CreationOrder:
        b = sample_card().beneficiaries[0]
        return CreationOrder(b, b.require_ins(self.counter.environment), Consent(True, False), account, previous)


def test_created_with_account_in_the_right_order() -> None:
    rig = Rig()
    stages: list[Stage] = []
    report = rig.counter.create(rig.order(), progress=stages.append)
    assert report.outcome is Outcome.CREATED and report.error is None
    assert rig.dmp.journal_at_create == [[CreationState.PENDING]]  # the journal entry exists before TD1.1
    assert [m for m, _ in rig.dmp.calls] == ["create", "open_web_account", "add_otp_channel"]
    assert report.account is not None and report.account.login.startswith("mtef")
    assert report.channels == (Channel.SMS, Channel.EMAIL)
    entry = rig.ledger.entries[report.creation_id or ""]
    assert entry.state is CreationState.CREATED and entry.channels == (Channel.SMS, Channel.EMAIL)
    assert entry.receipt_printed and entry.record.workstation == "comptoir-1"
    assert len(rig.printer.jobs) == 1 and rig.printer.jobs[0][0] == report.pdf
    assert rig.renderer.rendered[0].account == report.account and rig.renderer.rendered[0].mobile == ACCOUNT.mobile
    assert stages == [Stage.RECORDING, Stage.CREATING, Stage.OPENING_ACCOUNT, Stage.RENDERING, Stage.PRINTING]
    assert "cbC!bqf3" not in repr(report)


def test_td11_carries_the_patient_s_contacts() -> None:
    rig = Rig()
    with_account, without = rig.order(), rig.order(account=None)
    rig.counter.create(with_account)
    assert rig.dmp.contacts[with_account.ins.value] == ACCOUNT  # e-mail and mobile go with the creation
    rig.dmp.dmps.clear()
    rig.counter.create(without)
    assert rig.dmp.contacts[without.ins.value] is None


def test_created_without_account() -> None:
    rig = Rig()
    report = rig.counter.create(rig.order(account=None))
    assert report.created and report.account is None and not report.account_pending and report.printed
    assert [m for m, _ in rig.dmp.calls] == ["create"]
    assert rig.renderer.rendered[0].account is None


def test_the_journal_knows_the_patient_and_the_history_lists_it() -> None:
    rig = Rig()
    report = rig.counter.create(rig.order(account=None))
    patient = rig.ledger.entries[report.creation_id or ""].record.patient
    assert (patient.last_name, patient.first_name, patient.birth_date) == ("MARTIN", "Jean", "19800512")
    listed = rig.ledger.history(patient="martin jean")
    assert [e.creation_id for e in listed] == [report.creation_id] and listed[0].printed
    assert rig.ledger.history(patient="durand") == []
    assert rig.ledger.year_statement(2019).by_month["2019-03"] == 1


def test_headless_can_skip_printing_and_keep_the_pdf() -> None:
    rig = Rig()
    report = rig.counter.create(rig.order(), print_receipt=False)
    assert report.created and report.pdf and not rig.printer.jobs and report.print_result is None


@pytest.mark.parametrize(
    ("status", "outcome", "state"),
    [(DmpStatus.EXISTS, Outcome.ALREADY_EXISTS, CreationState.ALREADY_EXISTED),
     (DmpStatus.CLOSED, Outcome.CLOSED, CreationState.FAILED)],
)
def test_existing_or_closed_dmp_creates_nothing(status: DmpStatus, outcome: Outcome, state: CreationState) -> None:
    rig = Rig()
    order = rig.order()
    rig.dmp.dmps[order.ins.value] = status
    report = rig.counter.create(order)
    assert report.outcome is outcome and not rig.printer.jobs
    assert [m for m, _ in rig.dmp.calls] == ["create"]
    assert [e.state for e in rig.ledger.entries.values()] == [state]


def test_refusal_is_journalled_as_refused() -> None:
    rig = Rig()
    rig.dmp.refuse_creation = True
    report = rig.counter.create(rig.order())
    assert (report.outcome, report.error) == (Outcome.REFUSED, ErrorCode.DMP_CREATION_REFUSED)
    assert [e.state for e in rig.ledger.entries.values()] == [CreationState.REFUSED]


def test_lost_answer_is_confirmed_with_td02_and_never_sent_twice() -> None:
    rig = Rig()
    rig.dmp.fail("create", ErrorCode.DMP_TIMEOUT, applied=True)
    stages: list[Stage] = []
    report = rig.counter.create(rig.order(), progress=stages.append)
    assert report.outcome is Outcome.CREATED and Stage.CONFIRMING in stages
    assert rig.dmp.count("create") == 1 and rig.dmp.count("test_existence") == 1
    assert [e.state for e in rig.ledger.entries.values()] == [CreationState.CREATED]


def test_request_that_never_arrived_stays_pending_then_retry_reuses_the_entry() -> None:
    rig = Rig()
    rig.dmp.fail("create", ErrorCode.DMP_UNREACHABLE)
    first = rig.counter.create(rig.order())
    # "Not found" right after an unanswered TD1.1 proves nothing: the request may still be on its way.
    assert (first.outcome, first.error) == (Outcome.PENDING, ErrorCode.DMP_CREATION_UNCONFIRMED)
    assert [e.state for e in rig.ledger.entries.values()] == [CreationState.PENDING]
    second = rig.counter.create(rig.order(previous=first.creation_id))
    assert second.created and second.creation_id == first.creation_id
    assert [e.state for e in rig.ledger.entries.values()] == [CreationState.CREATED]


def test_unknown_outcome_stays_pending_and_the_retry_confirms_our_creation() -> None:
    rig = Rig()
    rig.dmp.fail("create", ErrorCode.DMP_TIMEOUT, applied=True)
    rig.dmp.fail("test_existence", ErrorCode.DMP_UNREACHABLE, times=1 + len(rig.counter.confirm_delays))
    first = rig.counter.create(rig.order())
    assert first.outcome is Outcome.PENDING and rig.ledger.pending() == [(first.creation_id, first.order.ins)]
    second = rig.counter.create(rig.order(previous=first.creation_id))  # TD1.1 → DMPFound → TD0.2 → ours
    assert second.created and len(rig.ledger.entries) == 1
    assert [e.state for e in rig.ledger.entries.values()] == [CreationState.CREATED]


def test_account_failure_then_retry_account_only() -> None:
    rig = Rig()
    rig.dmp.fail("open_web_account", ErrorCode.DMP_TIMEOUT)
    report = rig.counter.create(rig.order())
    assert report.created and report.account_pending and report.account_error is ErrorCode.DMP_TIMEOUT
    assert not rig.printer.jobs and report.pdf is None  # no accusé without the credentials yet
    fixed = rig.counter.retry_account(report)
    assert fixed.account is not None and not fixed.account_pending and fixed.printed
    assert rig.dmp.count("create") == 1 and fixed.channels == (Channel.SMS, Channel.EMAIL)


def test_account_opened_but_answer_lost_gets_new_credentials() -> None:
    rig = Rig()
    rig.dmp.fail("open_web_account", ErrorCode.DMP_TIMEOUT, applied=True)
    report = rig.counter.create(rig.order())
    assert report.account_pending
    fixed = rig.counter.retry_account(report)
    assert rig.dmp.count("reset_credentials") == 1
    assert fixed.account is not None and fixed.account.temporary_password == "nEw!pass" and fixed.printed


def test_second_channel_failure_retries_only_that_channel() -> None:
    rig = Rig()
    rig.dmp.fail("add_otp_channel", ErrorCode.DMP_ERROR)
    report = rig.counter.create(rig.order())
    assert report.account is not None and report.channels == (Channel.SMS,) and report.account_pending
    fixed = rig.counter.retry_account(report)
    assert rig.dmp.count("open_web_account") == 1 and fixed.channels == (Channel.SMS, Channel.EMAIL)
    assert fixed.account is not None and fixed.account.login == report.account.login


def test_printer_failure_keeps_the_pdf_for_a_reprint() -> None:
    rig = Rig()
    rig.printer.failures.append(ErrorCode.PRINTER_STOPPED)
    report = rig.counter.create(rig.order())
    assert report.created and report.print_error is ErrorCode.PRINTER_STOPPED and report.pdf
    assert not rig.ledger.entries[report.creation_id or ""].receipt_printed
    again = rig.counter.print_receipt(report)
    assert again.printed and again.print_error is None and rig.printer.jobs[0][0] == report.pdf
    assert len(rig.renderer.rendered) == 1  # the same bytes, not re-rendered
    assert rig.ledger.entries[report.creation_id or ""].receipt_printed


def test_plain_accuse_while_the_account_is_pending() -> None:
    rig = Rig()
    rig.dmp.fail("open_web_account", ErrorCode.DMP_TIMEOUT)
    report = rig.counter.print_receipt(rig.counter.create(rig.order()))
    assert report.printed and rig.renderer.rendered[-1].account is None


def test_ledger_down_does_not_block_the_counter() -> None:
    rig = Rig()
    rig.ledger.fail_next(ErrorCode.DB_UNAVAILABLE)
    rig.ledger.kept_aside = WarningCode.LEDGER_WAITING
    report = rig.counter.create(rig.order(account=None))
    assert report.created and report.printed and report.creation_id is None
    assert report.warnings == (WarningCode.LEDGER_WRITE_FAILED, WarningCode.LEDGER_WAITING)


def test_renderer_crash_still_reports_created() -> None:
    rig = Rig()

    def boom(*_: object) -> bytes:
        raise ValueError("layout bug")

    rig.renderer.render = boom  # type: ignore[method-assign]
    report = rig.counter.create(rig.order(account=None))
    assert report.created and report.print_error is ErrorCode.RECEIPT_FAILED and report.pdf is None


def test_unexpected_service_error_fails_the_creation() -> None:
    rig = Rig()
    rig.dmp.fail("create", ErrorCode.DMP_INVALID_CERTIFICATE)
    report = rig.counter.create(rig.order())
    assert (report.outcome, report.error) == (Outcome.ERROR, ErrorCode.DMP_INVALID_CERTIFICATE)
    assert rig.dmp.count("test_existence") == 0


def test_read_and_existence_pass_through() -> None:
    rig = Rig()
    assert rig.counter.read_card().beneficiaries[0].first_name == "Jean"
    rig.counter.card_reader.remove()  # type: ignore[attr-defined]
    with pytest.raises(DomainError) as err:
        rig.counter.read_card()
    assert err.value.code is ErrorCode.NO_CARD
    ins = rig.order().ins
    assert rig.counter.check_existence(ins).status is DmpStatus.NOT_FOUND


def test_the_accuse_says_how_the_service_confirms_the_creation() -> None:
    with_email, without = Rig(), Rig()
    with_email.counter.create(with_email.order())
    without.counter.create(without.order(account=None))
    assert [r.renderer.rendered[0].confirmation for r in (with_email, without)] == ["email", "courrier"]
