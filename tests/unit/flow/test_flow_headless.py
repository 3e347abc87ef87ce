"""The headless creation as a flow use-case (domain in, VisitResult out), and the endings it shares with the
wizard: the same DMP answer ends both visits the same way."""

from __future__ import annotations

import pytest

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.identity import InsEnvironment
from dmp_desktop.domain.model import AccountRequest, Consent, CreationState, DmpStatus, ExistenceResult
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.events import Task
from dmp_desktop.flow.fakes import FakeDmpService, FakeLedger, FakePrinter, FakeRenderer, fake_counter, sample_card
from dmp_desktop.flow.headless import create_headless
from dmp_desktop.flow.outcomes import Outcome, VisitResult, existence_ending, service_ending
from dmp_desktop.flow.usecases import CounterServices
from dmp_desktop.flow.wizard import Step, Wizard

CONSENT = Consent(True, True)
ACCOUNT = AccountRequest(mobile="+33612345678")
INS = sample_card().beneficiaries[0].require_ins(InsEnvironment.TEST)


def visit(counter: CounterServices, beneficiary: int = 0, *, print_receipt: bool = True) -> VisitResult:
    return create_headless(
        counter, beneficiary=beneficiary, consent=CONSENT, account=ACCOUNT, print_receipt=print_receipt
    )


def test_created_with_account_printed() -> None:
    dmp, printer = FakeDmpService(), FakePrinter()
    result = visit(fake_counter(dmp=dmp, printer=printer))
    assert (result.outcome, result.ins, result.error) == (Outcome.CREATED, INS, None)
    assert result.report is not None and result.report.account is not None and len(printer.jobs) == 1
    assert [m for m, _ in dmp.calls] == ["test_existence", "create", "open_web_account"]


@pytest.mark.parametrize(("status", "outcome"), [(DmpStatus.EXISTS, Outcome.ALREADY_EXISTS),
                                                 (DmpStatus.CLOSED, Outcome.CLOSED)])
def test_an_existing_or_closed_dmp_ends_before_anything_is_written(status: DmpStatus, outcome: Outcome) -> None:
    dmp, ledger = FakeDmpService(), FakeLedger()
    dmp.dmps[INS.value] = status
    result = visit(fake_counter(dmp=dmp, ledger=ledger))
    assert (result.outcome, result.ins, result.error, result.report) == (outcome, INS, None, None)
    assert dmp.count("create") == 0 and not ledger.entries


def test_refused_creation_is_journaled_as_refused() -> None:
    ledger = FakeLedger()
    result = visit(fake_counter(dmp=FakeDmpService(refuse_creation=True), ledger=ledger))
    assert (result.outcome, result.error) == (Outcome.REFUSED, ErrorCode.DMP_CREATION_REFUSED)
    assert [e.state for e in ledger.entries.values()] == [CreationState.REFUSED]


def test_an_unreachable_service_is_an_error_with_the_ins() -> None:
    dmp = FakeDmpService()
    dmp.fail("test_existence", ErrorCode.DMP_UNREACHABLE)
    result = visit(fake_counter(dmp=dmp))
    assert result.outcome is Outcome.ERROR and result.ins == INS
    assert result.error is not None and not isinstance(result.error, ErrorCode)
    assert result.error.code is ErrorCode.DMP_UNREACHABLE


@pytest.mark.parametrize(("index", "code"), [(7, ErrorCode.BENEFICIARY_INDEX),
                                             (2, ErrorCode.BENEFICIARY_NOT_ELIGIBLE)])
def test_the_hosts_beneficiary_choice_is_checked_before_any_call(index: int, code: ErrorCode) -> None:
    dmp = FakeDmpService()
    result = visit(fake_counter(dmp=dmp), index)
    error = result.error
    assert result.outcome is Outcome.ERROR and error is not None and not isinstance(error, ErrorCode)
    assert (error.code, error.field) == (code, "beneficiary") and error.detail.startswith("beneficiary: ")
    assert dmp.calls == []


def test_account_failure_still_gives_the_plain_accuse_rendered_not_printed() -> None:
    dmp, printer, renderer = FakeDmpService(), FakePrinter(), FakeRenderer()
    dmp.fail("open_web_account", ErrorCode.DMP_TIMEOUT)
    result = visit(fake_counter(dmp=dmp, printer=printer, renderer=renderer), print_receipt=False)
    report = result.report
    assert result.outcome is Outcome.CREATED and report is not None and report.account_error is ErrorCode.DMP_TIMEOUT
    assert report.pdf is not None and renderer.rendered[-1].account is None and printer.jobs == []


# ---- one branching for both paths ------------------------------------------------------------------------

def _wizard_after_existence(answer: DmpStatus | ErrorCode) -> Wizard:
    w = Wizard()
    w.send(ev.CardInserted(sample_card().reader))
    req = w.take_task()
    assert req is not None and req.kind is Task.READ_CARD
    w.send(ev.CardReadOk(sample_card(), req.generation))
    w.send(ev.BeneficiarySelected(0))
    w.send(ev.Next())
    req = w.take_task()
    assert req is not None and req.kind is Task.TEST_EXISTENCE
    if isinstance(answer, DmpStatus):
        w.send(ev.ExistenceChecked(ExistenceResult(answer), req.generation))
    else:
        w.send(ev.ExistenceFailed(answer, req.generation))
    return w


@pytest.mark.parametrize("answer", [*DmpStatus, ErrorCode.DMP_FOUND, ErrorCode.DMP_CLOSED,
                                    ErrorCode.DMP_CREATION_REFUSED, ErrorCode.DMP_TIMEOUT])
def test_wizard_and_headless_end_the_same_way_on_the_same_answer(answer: DmpStatus | ErrorCode) -> None:
    dmp = FakeDmpService()
    if isinstance(answer, DmpStatus):
        dmp.dmps[INS.value] = answer
        expected = existence_ending(answer)
    else:
        dmp.fail("test_existence", answer)
        expected = service_ending(answer)
    headless = visit(fake_counter(dmp=dmp))
    wizard = _wizard_after_existence(answer)
    if expected is None:  # no DMP: both go on (the wizard to the consent); an error: both stop with it
        if answer is DmpStatus.NOT_FOUND:
            assert wizard.step is Step.CONSENT and headless.outcome is Outcome.CREATED
        else:
            assert wizard.step is Step.CONNECT and wizard.error is answer and headless.outcome is Outcome.ERROR
    else:
        assert wizard.step is Step.RESULT and wizard.outcome is expected is headless.outcome
