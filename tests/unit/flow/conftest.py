"""Builders that drive a Wizard to each of its states through events only (no Qt), and one of every event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.model import DmpStatus, ExistenceResult, PrintResult, WebAccount
from dmp_desktop.domain.professional import PinState
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.events import Task
from dmp_desktop.flow.fakes import FAKE_READER, sample_card, single_card
from dmp_desktop.flow.fakes_cps import FAKE_HOLDER, FAKE_SITUATION
from dmp_desktop.flow.outcomes import CreationOrder, CreationReport, Outcome, Stage
from dmp_desktop.flow.wizard import Wizard

OTHER_NIR = "269054958815780"  # another insured person (valid key): another patient's card


def run(w: Wizard, kind: Task, make: Callable[[int], ev.Event]) -> None:
    req = w.take_task()
    assert req is not None and req.kind is kind, (req, kind)
    assert w.send(make(req.generation))


def identify_waiting() -> Wizard:
    return Wizard()


def identify_reading() -> Wizard:
    w = Wizard()
    assert w.send(ev.CardInserted(FAKE_READER))
    return w


def identify_read() -> Wizard:
    w = identify_reading()
    run(w, Task.READ_CARD, lambda g: ev.CardReadOk(sample_card(), g))
    assert w.send(ev.BeneficiarySelected(0))
    return w


def identify_read_failed() -> Wizard:
    w = identify_reading()
    run(w, Task.READ_CARD, lambda g: ev.CardReadFailed(ErrorCode.CARD_UNKNOWN, g))
    return w


def connect_testing() -> Wizard:
    w = identify_read()
    assert w.send(ev.Next())
    return w


def connect_failed() -> Wizard:
    w = connect_testing()
    run(w, Task.TEST_EXISTENCE, lambda g: ev.ExistenceFailed(ErrorCode.DMP_UNREACHABLE, g))
    return w


def connect_not_found() -> Wizard:
    """Step 2's result (no DMP) shown again by Back from step 3."""
    w = consent()
    assert w.send(ev.Back())
    return w


def consent() -> Wizard:
    w = connect_testing()
    run(w, Task.TEST_EXISTENCE, lambda g: ev.ExistenceChecked(ExistenceResult(DmpStatus.NOT_FOUND), g))
    return w


def consent_card_pulled() -> Wizard:
    w = consent()
    assert w.send(ev.CardRemoved(FAKE_READER))
    return w


def consent_card_checking() -> Wizard:
    """A card put in after the pull, read beside step 3."""
    w = consent_card_pulled()
    assert w.send(ev.CardInserted(FAKE_READER))
    return w


def consent_other_card() -> Wizard:
    w = consent_card_checking()
    run(w, Task.CHECK_CARD, lambda g: ev.CardReadOk(single_card(first_name="Paul", holder_nir=OTHER_NIR), g))
    return w


def account() -> Wizard:
    w = consent()
    assert w.send(ev.ConsentChanged(True))
    assert w.send(ev.EmergencyAnswered(True))
    assert w.send(ev.Next())
    return w


def account_ready(email: str = "jean.martin@example.fr", mobile: str = "06 12 34 56 78") -> Wizard:
    w = account()
    assert w.send(ev.AccountWanted(True))
    assert w.send(ev.ContactsEntered(email, mobile))
    return w


def creating() -> Wizard:
    w = account_ready()
    assert w.send(ev.CreateRequested())
    return w


def created_report(w: Wizard, **changes: object) -> CreationReport:
    req = w.task
    assert req is not None and req.order is not None
    base = CreationReport(
        Outcome.CREATED, req.order, creation_id="c0001",
        account=WebAccount("mtef3603", "cbC!bqf3"), pdf=b"%PDF-fake",
        print_result=PrintResult(True, "Fake_Printer", "1"),
    )
    base = replace(base, channels=tuple(c for c, _ in req.order.account.channels) if req.order.account else ())
    return replace(base, **changes)  # type: ignore[arg-type]


def finish_creation(w: Wizard, **changes: object) -> Wizard:
    report = created_report(w, **changes)
    run(w, Task.CREATE, lambda g: ev.CreationDone(report, g))
    return w


def result_created() -> Wizard:
    return finish_creation(creating())


def result_account_failed() -> Wizard:
    return finish_creation(
        creating(), account=None, channels=(), account_error=ErrorCode.DMP_TIMEOUT, pdf=None, print_result=None
    )


def result_print_failed() -> Wizard:
    return finish_creation(creating(), print_result=None, print_error=ErrorCode.PRINTER_STOPPED)


def result_exists() -> Wizard:
    w = connect_testing()
    run(w, Task.TEST_EXISTENCE, lambda g: ev.ExistenceChecked(ExistenceResult(DmpStatus.EXISTS), g))
    return w


def result_error() -> Wizard:
    w = creating()
    run(w, Task.CREATE, lambda g: ev.CreationFailed(ErrorCode.DMP_UNREACHABLE, g))
    return w


def cancelled() -> Wizard:
    w = account()
    assert w.send(ev.Cancel())
    return w


STATES: dict[str, Callable[[], Wizard]] = {
    f.__name__: f
    for f in (
        identify_waiting, identify_reading, identify_read, identify_read_failed, connect_testing,
        connect_failed, connect_not_found, consent, consent_card_pulled, consent_card_checking, consent_other_card,
        account, account_ready, creating, result_created,
        result_account_failed, result_print_failed, result_exists, result_error, cancelled,
    )
}


def every_event(w: Wizard, gen: int) -> dict[str, ev.Event]:
    """One event of each type; results carry `gen` (the task in flight's, or a stale one)."""
    card = sample_card()
    b = card.beneficiaries[0]
    ins = b.require_ins(w.environment)
    order = CreationOrder(b, ins, w.consent)
    holder, situation = FAKE_HOLDER, FAKE_SITUATION
    return {
        "CardInserted": ev.CardInserted(FAKE_READER),
        "CardRemoved": ev.CardRemoved(FAKE_READER),
        "ReadCard": ev.ReadCard(),
        "BeneficiarySelected": ev.BeneficiarySelected(1),
        "ConsentChanged": ev.ConsentChanged(True),
        "EmergencyAnswered": ev.EmergencyAnswered(False),
        "AccountWanted": ev.AccountWanted(False),
        "ContactsEntered": ev.ContactsEntered("jean@example.fr", ""),
        "ContactLeft": ev.ContactLeft("email"),
        "Next": ev.Next(),
        "Back": ev.Back(),
        "CreateRequested": ev.CreateRequested(),
        "Retry": ev.Retry(),
        "RetryAccount": ev.RetryAccount(),
        "PrintRequested": ev.PrintRequested(),
        "ReceiptConfirmed": ev.ReceiptConfirmed(),
        "Restart": ev.Restart(),
        "Cancel": ev.Cancel(),
        "CardReadOk": ev.CardReadOk(card, gen),
        "CardReadFailed": ev.CardReadFailed(ErrorCode.NO_CARD, gen),
        "ExistenceChecked": ev.ExistenceChecked(ExistenceResult(DmpStatus.NOT_FOUND), gen),
        "ExistenceFailed": ev.ExistenceFailed(ErrorCode.DMP_TIMEOUT, gen),
        "CreationProgress": ev.CreationProgress(Stage.OPENING_ACCOUNT, gen),
        "CreationDone": ev.CreationDone(CreationReport(Outcome.CREATED, order, creation_id="c9"), gen),
        "CreationFailed": ev.CreationFailed(ErrorCode.DMP_TIMEOUT, gen),
        # the pharmacist's card: a wizard without one (mode INDIRECTE) ignores all of them
        "CpsInserted": ev.CpsInserted(),
        "CpsRemoved": ev.CpsRemoved(),
        "PinRequested": ev.PinRequested(),
        "PinEntered": ev.PinEntered("1234"),
        "PinCancelled": ev.PinCancelled(),
        "SituationChosen": ev.SituationChosen(situation.structure_id),
        "CpsNotNeeded": ev.CpsNotNeeded(gen),
        "CpsRead": ev.CpsRead(holder, PinState.READY, gen),
        "CpsLoggedIn": ev.CpsLoggedIn(holder, (situation,), gen),
        "CpsConnected": ev.CpsConnected(holder, situation, holder.pharmacist(situation), situation.pharmacy(), gen),
        "CpsFailed": ev.CpsFailed(ErrorCode.CPS_PIN_INCORRECT, gen, PinState.COUNT_LOW),
    }


@pytest.fixture
def make_events() -> Callable[[Wizard, int], dict[str, ev.Event]]:
    """The one event table of the table tests (test_flow_wizard_table.py and test_flow_wizard_cps.py)."""
    return every_event


@pytest.fixture(params=sorted(STATES))
def state_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def states() -> dict[str, Callable[[], Wizard]]:
    """All the builders, by name (test modules cannot import conftest under --import-mode=importlib)."""
    return dict(STATES)


@pytest.fixture
def builders() -> dict[str, Callable[..., object]]:
    return {
        "run": run, "account_ready": account_ready, "creating": creating, "finish_creation": finish_creation,
        "created_report": created_report, "other_nir": OTHER_NIR,
    }
