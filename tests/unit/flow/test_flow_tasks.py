"""The wizard driven by run_task over the fake ports, the way the ui's worker pool does it (synchronously)."""

from __future__ import annotations

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.model import DmpStatus
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.events import Task, TaskRequest
from dmp_desktop.flow.fakes import (
    FAKE_READER,
    FakeCardReader,
    FakeDmpService,
    FakePrinter,
    fake_counter,
    single_card,
)
from dmp_desktop.flow.outcomes import Outcome, Stage
from dmp_desktop.flow.tasks import run_task
from dmp_desktop.flow.usecases import CounterServices
from dmp_desktop.flow.wizard import Step, Wizard


def make_counter(dmp: FakeDmpService | None = None, printer: FakePrinter | None = None) -> CounterServices:
    return fake_counter(
        card_reader=FakeCardReader(single_card()), dmp=dmp or FakeDmpService(), printer=printer or FakePrinter()
    )


def pump(w: Wizard, counter: CounterServices, seen: list[ev.Event] | None = None) -> None:
    """Run tasks until the wizard waits for the pharmacist (what the ui's runner does, minus threads)."""
    while (req := w.take_task()) is not None:
        result = run_task(counter, req, (seen.append if seen is not None else None))
        for e in seen or []:
            w.send(e)
        if seen is not None:
            seen.clear()
        w.send(result)


def visit(w: Wizard, counter: CounterServices, email: str = "jean@example.fr") -> None:
    w.send(ev.CardInserted(FAKE_READER))
    pump(w, counter)
    w.send(ev.Next())
    pump(w, counter)
    if w.step is not Step.CONSENT:
        return
    w.send(ev.ConsentChanged(True))
    w.send(ev.EmergencyAnswered(True))
    w.send(ev.Next())
    w.send(ev.AccountWanted(bool(email)))
    w.send(ev.ContactsEntered(email, ""))
    w.send(ev.CreateRequested())
    pump(w, counter, [])


def test_whole_visit_creates_once_and_prints() -> None:
    counter = make_counter()
    w = Wizard()
    visit(w, counter)
    assert (w.step, w.outcome) == (Step.RESULT, Outcome.CREATED)
    assert w.report is not None and w.report.printed and w.report.account is not None
    assert isinstance(counter.printer, FakePrinter) and len(counter.printer.jobs) == 1


def test_existing_dmp_ends_at_connect() -> None:
    dmp = FakeDmpService()
    dmp.dmps[single_card().beneficiaries[0].require_ins(Wizard().environment).value] = DmpStatus.EXISTS
    counter = make_counter(dmp)
    w = Wizard()
    visit(w, counter)
    assert w.outcome is Outcome.ALREADY_EXISTS and dmp.count("create") == 0


def test_account_failed_then_retry_through_the_wizard() -> None:
    dmp = FakeDmpService()
    dmp.fail("open_web_account", ErrorCode.DMP_UNREACHABLE)
    counter = make_counter(dmp)
    w = Wizard()
    visit(w, counter)
    assert w.report is not None and w.report.account_error is ErrorCode.DMP_UNREACHABLE and w.can_retry
    w.send(ev.Retry())
    pump(w, counter)
    assert w.report.account is not None and w.report.printed and dmp.count("create") == 1


def test_printer_failure_then_reprint_through_the_wizard() -> None:
    printer = FakePrinter(failures=[ErrorCode.PRINTER_STOPPED])
    counter = make_counter(printer=printer)
    w = Wizard()
    visit(w, counter, email="")
    assert w.report is not None and w.report.print_error is ErrorCode.PRINTER_STOPPED
    w.send(ev.PrintRequested())
    pump(w, counter)
    assert w.report.printed and len(printer.jobs) == 1


def test_progress_events_reach_the_wizard() -> None:
    counter = make_counter()
    w = Wizard()
    seen: list[ev.Event] = []
    w.send(ev.CardInserted(FAKE_READER))
    pump(w, counter)
    w.send(ev.Next())
    pump(w, counter)
    w.send(ev.ConsentChanged(True))
    w.send(ev.EmergencyAnswered(False))
    w.send(ev.Next())
    w.send(ev.AccountWanted(False))
    w.send(ev.CreateRequested())
    req = w.take_task()
    assert req is not None
    result = run_task(counter, req, seen.append)
    assert [e.stage for e in seen if isinstance(e, ev.CreationProgress)] == [
        Stage.RECORDING, Stage.CREATING, Stage.RENDERING, Stage.PRINTING]
    assert all(e.generation == req.generation for e in seen if isinstance(e, ev.CreationProgress))
    assert isinstance(result, ev.CreationDone)


def test_failures_become_the_matching_events() -> None:
    reader = FakeCardReader()
    counter = make_counter()
    counter.card_reader = reader
    reader.fail_next(ErrorCode.PCSC_UNAVAILABLE)
    e = run_task(counter, TaskRequest(Task.READ_CARD, 3))
    assert e == ev.CardReadFailed(ErrorCode.PCSC_UNAVAILABLE, 3)
    dmp = FakeDmpService()
    dmp.fail("test_existence", ErrorCode.DMP_TIMEOUT)
    counter.dmp = dmp
    ins = single_card().beneficiaries[0].require_ins(Wizard().environment)
    assert run_task(counter, TaskRequest(Task.TEST_EXISTENCE, 4, ins=ins)) == ev.ExistenceFailed(
        ErrorCode.DMP_TIMEOUT, 4)

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("bug")

    counter.check_existence = boom  # type: ignore[method-assign]
    assert run_task(counter, TaskRequest(Task.TEST_EXISTENCE, 5, ins=ins)) == ev.ExistenceFailed(
        ErrorCode.INTERNAL, 5)
