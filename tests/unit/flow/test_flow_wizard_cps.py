"""Step 2 with the pharmacist's card: every event in every card state, then the paths a counter lives through
(PIN right, wrong, final try, locked, card pulled, two situations, expired card, one PIN for many patients)."""

from __future__ import annotations

import typing
from collections.abc import Callable

import pytest

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.model import DmpStatus, ExistenceResult
from dmp_desktop.domain.professional import PinState
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.events import Task
from dmp_desktop.flow.fakes import FAKE_READER, sample_card
from dmp_desktop.flow.fakes_cps import FAKE_HOLDER, FAKE_SITUATION, SECOND_SITUATION
from dmp_desktop.flow.outcomes import CreationReport, Outcome
from dmp_desktop.flow.wizard import CpsStage, Step, Wizard

PHARMACIST = FAKE_HOLDER.pharmacist(FAKE_SITUATION)
Events = Callable[[Wizard, int], dict[str, ev.Event]]  # the `make_events` fixture (conftest.py): one of each


def run(w: Wizard, kind: Task, make: Callable[[int], ev.Event]) -> None:
    req = w.take_task()
    assert req is not None and req.kind is kind, (req, kind)
    assert w.send(make(req.generation))


def connected_event(g: int, situation=FAKE_SITUATION) -> ev.Event:
    return ev.CpsConnected(FAKE_HOLDER, situation, FAKE_HOLDER.pharmacist(situation), situation.pharmacy(), g)


# ---------------------------------------------------------------- states, through events only


def identify_read(professional: bool | None = True) -> Wizard:
    w = Wizard(professional=professional)
    assert w.send(ev.CardInserted(FAKE_READER))
    run(w, Task.READ_CARD, lambda g: ev.CardReadOk(sample_card(), g))
    assert w.send(ev.BeneficiarySelected(0))
    return w


def cps_reading() -> Wizard:
    w = identify_read()
    assert w.send(ev.Next())
    return w


def unknown_mode_reading() -> Wizard:
    w = identify_read(None)
    assert w.send(ev.Next())
    return w


def cps_missing() -> Wizard:
    w = cps_reading()
    run(w, Task.CPS_READ, lambda g: ev.CpsFailed(ErrorCode.CPS_MISSING, g))
    return w


def cps_pin(state: PinState = PinState.READY) -> Wizard:
    w = cps_reading()
    run(w, Task.CPS_READ, lambda g: ev.CpsRead(FAKE_HOLDER, state, g))
    return w


def cps_pin_cancelled() -> Wizard:
    w = cps_pin()
    assert w.send(ev.PinCancelled())
    return w


def cps_locked() -> Wizard:
    return cps_pin(PinState.LOCKED)


def cps_logging_in() -> Wizard:
    w = cps_pin()
    assert w.send(ev.PinEntered("1234"))
    return w


def cps_situation() -> Wizard:
    w = cps_logging_in()
    run(w, Task.CPS_LOGIN, lambda g: ev.CpsLoggedIn(FAKE_HOLDER, (FAKE_SITUATION, SECOND_SITUATION), g))
    return w


def cps_connecting() -> Wizard:
    w = cps_situation()
    assert w.send(ev.SituationChosen(FAKE_SITUATION.structure_id))
    return w


def cps_connected_testing() -> Wizard:
    w = cps_connecting()
    run(w, Task.CPS_CONNECT, connected_event)
    return w


def consent_with_card() -> Wizard:
    w = cps_connected_testing()
    run(w, Task.TEST_EXISTENCE, lambda g: ev.ExistenceChecked(ExistenceResult(DmpStatus.NOT_FOUND), g))
    return w


def result_account_waiting_for_the_card() -> Wizard:
    """DMP created, its web account failed; the retry found the card pulled: the result waits for it."""
    w = consent_with_card()
    assert w.send(ev.ConsentChanged(True)) and w.send(ev.EmergencyAnswered(True)) and w.send(ev.Next())
    assert w.send(ev.AccountWanted(True)) and w.send(ev.ContactsEntered("jean@example.fr", ""))
    assert w.send(ev.CreateRequested())
    req = w.take_task()
    assert req is not None and req.order is not None
    report = CreationReport(Outcome.CREATED, req.order, creation_id="c1", account_error=ErrorCode.DMP_TIMEOUT)
    assert w.send(ev.CreationDone(report, req.generation)) and w.report is not None and w.report.account_pending
    assert w.send(ev.RetryAccount())
    run(w, Task.RETRY_ACCOUNT, lambda g: ev.CreationFailed(ErrorCode.CPS_REMOVED, g))
    return w


STATES: dict[str, Callable[[], Wizard]] = {
    f.__name__: f
    for f in (
        cps_reading, unknown_mode_reading, cps_missing, cps_pin, cps_pin_cancelled, cps_locked, cps_logging_in,
        cps_situation, cps_connecting, cps_connected_testing, consent_with_card,
        result_account_waiting_for_the_card,
    )
}

ID, CN, CS, RE, XX = Step.IDENTIFY, Step.CONNECT, Step.CONSENT, Step.RESULT, Step.CANCELLED
# the patient's card pulled at step 2 changes nothing of the step (only step 1 needs it)
AT_STEP_2 = {"Restart": ID, "Cancel": XX, "CardRemoved": CN, "Back": ID, "CpsInserted": CN, "CpsRemoved": CN}
READ_RESULTS = {"CpsNotNeeded": CN, "CpsRead": CN, "CpsLoggedIn": CN, "CpsConnected": CN, "CpsFailed": CN}

ACCEPTED: dict[str, dict[str, Step]] = {
    "cps_reading": {**AT_STEP_2, **READ_RESULTS},
    "unknown_mode_reading": {**AT_STEP_2, **READ_RESULTS},
    "cps_missing": {**AT_STEP_2, "Retry": CN},
    "cps_pin": {**AT_STEP_2, "PinEntered": CN, "PinCancelled": CN},
    "cps_pin_cancelled": {**AT_STEP_2, "PinRequested": CN},
    "cps_locked": {**AT_STEP_2, "Retry": CN},
    "cps_logging_in": {**AT_STEP_2, "CpsLoggedIn": CN, "CpsFailed": CN},
    "cps_situation": {**AT_STEP_2, "SituationChosen": CN},
    "cps_connecting": {**AT_STEP_2, "CpsConnected": CN, "CpsFailed": CN},
    "cps_connected_testing": {**AT_STEP_2, "ExistenceChecked": CS, "ExistenceFailed": CN},
    "consent_with_card": {
        **AT_STEP_2, "CardRemoved": CS, "Back": CN, "ConsentChanged": CS, "EmergencyAnswered": CS, "Next": CS,
    },
    "result_account_waiting_for_the_card": {
        "Restart": ID, "Retry": RE, "RetryAccount": RE, "PrintRequested": RE, "CpsInserted": RE, "CpsRemoved": RE,
    },
}

EVENT_NAMES = sorted(t.__name__ for t in typing.get_args(ev.Event))


def snapshot(w: Wizard) -> tuple[object, ...]:
    return (
        w.step, w.generation, w.task, w.busy, w.error, w.outcome, w.card, w.selected_index, w.existence, w.consent,
        w.valid, w.can_next, w.can_back, w.can_retry, w.can_cancel, w.cps_stage, w.cps_holder, w.pin_state,
        w.pin_asked, w.situations, w.professional, w.professional_card, w.card_presence,
    )


def _fresh_generation(w: Wizard) -> int:
    req = w.take_task() or w._running
    return req.generation if req else w.generation


@pytest.mark.parametrize("state_name", sorted(STATES))
@pytest.mark.parametrize("event_name", EVENT_NAMES)
def test_every_event_in_every_card_state(make_events: Events, state_name: str, event_name: str) -> None:
    w = STATES[state_name]()
    events = make_events(w, _fresh_generation(w))
    assert set(events) == set(EVENT_NAMES)
    before = snapshot(w)
    accepted = w.send(events[event_name])
    expected = ACCEPTED[state_name].get(event_name)
    if expected is None:
        assert not accepted, f"{event_name} should be ignored in {state_name}"
        # the last field, card_presence: what the reader holds is recorded even where the step ignores it
        after, kept = snapshot(w), -1 if event_name in ("CardInserted", "CardRemoved") else None
        assert after[:kept] == before[:kept], f"ignored {event_name} changed the state {state_name}"
    else:
        assert accepted, f"{event_name} should be accepted in {state_name}"
        assert w.step is expected


@pytest.mark.parametrize("state_name", sorted(STATES))
@pytest.mark.parametrize("event_name", ["CpsNotNeeded", "CpsRead", "CpsLoggedIn", "CpsConnected", "CpsFailed"])
def test_stale_card_results_are_dropped(make_events: Events, state_name: str, event_name: str) -> None:
    w = STATES[state_name]()
    stale = _fresh_generation(w) - 1
    before = snapshot(w)
    assert not w.send(make_events(w, stale)[event_name])
    assert snapshot(w) == before


def test_the_stages_drawn_in_each_state() -> None:
    stages = {name: make().cps_stage for name, make in STATES.items()}
    assert stages == {
        "cps_reading": CpsStage.READING, "unknown_mode_reading": CpsStage.READING, "cps_missing": CpsStage.MISSING,
        "cps_pin": CpsStage.PIN, "cps_pin_cancelled": CpsStage.PIN, "cps_locked": CpsStage.PIN,
        "cps_logging_in": CpsStage.LOGGING_IN, "cps_situation": CpsStage.SITUATION,
        "cps_connecting": CpsStage.CONNECTING, "cps_connected_testing": CpsStage.CONNECTED,
        "consent_with_card": CpsStage.CONNECTED, "result_account_waiting_for_the_card": CpsStage.MISSING,
    }
    assert Wizard().cps_stage is CpsStage.NOT_NEEDED


# ---------------------------------------------------------------- paths


def test_pin_right_one_situation_connects_then_tests_the_dmp() -> None:
    w = cps_pin()
    assert w.pin_asked and w.cps_holder == FAKE_HOLDER and w.pin_state is PinState.READY
    assert w.send(ev.PinEntered("1234"))
    login = w.take_task()
    assert login is not None and login.kind is Task.CPS_LOGIN and not w.pin_asked
    assert "1234" not in repr(login) and "1234" not in repr(ev.PinEntered("1234"))
    assert login.pin is not None and login.pin.take() == "1234" and login.pin.take() == ""  # gone once used
    assert w.send(ev.CpsLoggedIn(FAKE_HOLDER, (FAKE_SITUATION,), login.generation))
    connect = w.take_task()
    assert connect is not None and connect.kind is Task.CPS_CONNECT
    assert connect.structure_id == FAKE_SITUATION.structure_id  # the only one: nothing to choose
    assert w.send(connected_event(connect.generation))
    test = w.take_task()
    assert test is not None and test.kind is Task.TEST_EXISTENCE and test.ins == w.ins
    assert w.professional is not None and w.professional.pharmacist == PHARMACIST
    assert w.professional.pharmacy.name == "Pharmacie du Port"


def test_wrong_pins_bring_the_dialog_back_with_the_tries_left_then_lock() -> None:
    w = cps_pin()
    for state, error in (
        (PinState.COUNT_LOW, ErrorCode.CPS_PIN_INCORRECT), (PinState.FINAL_TRY, ErrorCode.CPS_PIN_INCORRECT),
    ):
        assert w.send(ev.PinEntered("0000"))
        run(w, Task.CPS_LOGIN, lambda g, s=state, e=error: ev.CpsFailed(e, g, s))
        assert w.pin_asked and w.pin_state is state and w.error is ErrorCode.CPS_PIN_INCORRECT
    assert w.send(ev.PinEntered("0000"))
    run(w, Task.CPS_LOGIN, lambda g: ev.CpsFailed(ErrorCode.CPS_PIN_LOCKED, g, None))
    assert w.pin_state is PinState.LOCKED and w.error is ErrorCode.CPS_PIN_LOCKED
    assert not w.pin_asked and not w.send(ev.PinRequested()) and not w.send(ev.PinEntered("1234"))
    assert w.cps_stage is CpsStage.PIN and w.step is Step.CONNECT


def test_a_locked_card_read_asks_no_pin() -> None:
    w = cps_locked()
    assert not w.pin_asked and w.error is ErrorCode.CPS_PIN_LOCKED and w.can_retry


def test_a_cancelled_pin_dialog_comes_back_on_request() -> None:
    w = cps_pin_cancelled()
    assert not w.pin_asked and w.cps_stage is CpsStage.PIN
    assert w.send(ev.PinRequested()) and w.pin_asked


@pytest.mark.parametrize("code", [ErrorCode.CPS_EXPIRED, ErrorCode.CPS_UNKNOWN, ErrorCode.CPS_MODULE_MISSING])
def test_an_unusable_card_is_named_and_read_again_on_retry(code: ErrorCode) -> None:
    w = cps_reading()
    run(w, Task.CPS_READ, lambda g: ev.CpsFailed(code, g))
    assert w.cps_stage is CpsStage.MISSING and w.error is code and w.cps_holder is None and not w.pin_asked
    assert w.send(ev.Retry())
    assert w.take_task().kind is Task.CPS_READ  # type: ignore[union-attr]


def test_two_situations_wait_for_the_pharmacists_choice() -> None:
    w = cps_situation()
    assert w.task is None and w.situations == (FAKE_SITUATION, SECOND_SITUATION) and not w.can_retry
    assert w.send(ev.SituationChosen("3999"))
    assert w.error is ErrorCode.CPS_SITUATION_REQUIRED and w.task is None
    assert w.send(ev.SituationChosen(SECOND_SITUATION.structure_id))
    req = w.take_task()
    assert req is not None and req.structure_id == SECOND_SITUATION.structure_id and w.error is None
    assert w.send(ev.CpsFailed(ErrorCode.DMP_UNREACHABLE, req.generation))
    assert w.cps_stage is CpsStage.SITUATION and w.can_retry and w.send(ev.Retry())
    again = w.take_task()
    assert again is not None and again.kind is Task.CPS_CONNECT and again.structure_id == SECOND_SITUATION.structure_id


def test_card_pulled_at_step_3_goes_back_to_step_2_keeping_patient_and_answers() -> None:
    w = consent_with_card()
    assert w.send(ev.ConsentChanged(True)) and w.send(ev.EmergencyAnswered(False))
    ins = w.ins
    assert w.send(ev.CpsRemoved())
    assert w.step is Step.CONNECT and w.professional is None and w.ins == ins
    run(w, Task.CPS_READ, lambda g: ev.CpsFailed(ErrorCode.CPS_MISSING, g))
    assert w.cps_stage is CpsStage.MISSING
    assert w.send(ev.CpsInserted())
    run(w, Task.CPS_READ, lambda g: ev.CpsRead(FAKE_HOLDER, PinState.READY, g))
    assert w.send(ev.PinEntered("1234"))
    run(w, Task.CPS_LOGIN, lambda g: ev.CpsLoggedIn(FAKE_HOLDER, (FAKE_SITUATION,), g))
    run(w, Task.CPS_CONNECT, connected_event)
    run(w, Task.TEST_EXISTENCE, lambda g: ev.ExistenceChecked(ExistenceResult(DmpStatus.NOT_FOUND), g))
    assert w.step is Step.CONSENT and w.oral_consent and w.emergency_access is False


def test_a_card_found_pulled_by_the_existence_test_asks_for_it_again() -> None:
    w = cps_connected_testing()
    run(w, Task.TEST_EXISTENCE, lambda g: ev.ExistenceFailed(ErrorCode.CPS_REMOVED, g))
    assert w.step is Step.CONNECT and w.cps_stage is CpsStage.MISSING and w.error is ErrorCode.CPS_REMOVED
    assert w.outcome is None and w.can_retry


def test_a_card_found_pulled_at_creation_keeps_the_answers_and_comes_back_to_step_4() -> None:
    w = consent_with_card()
    assert w.send(ev.ConsentChanged(True)) and w.send(ev.EmergencyAnswered(True)) and w.send(ev.Next())
    assert w.send(ev.AccountWanted(False)) and w.send(ev.CreateRequested())
    run(w, Task.CREATE, lambda g: ev.CreationFailed(ErrorCode.CPS_REMOVED, g))
    assert w.step is Step.CONNECT and w.outcome is None and w.report is None
    assert w.error is ErrorCode.CPS_REMOVED and w.oral_consent and w.wants_account is False
    assert w.send(ev.Retry())
    run(w, Task.CPS_READ, lambda g: ev.CpsRead(FAKE_HOLDER, PinState.READY, g))
    assert w.send(ev.PinEntered("1234"))
    run(w, Task.CPS_LOGIN, lambda g: ev.CpsLoggedIn(FAKE_HOLDER, (FAKE_SITUATION,), g))
    run(w, Task.CPS_CONNECT, connected_event)
    assert w.step is Step.ACCOUNT and w.task is None and w.valid  # no second TD0.2: « Créer » again


def test_a_pending_creation_retried_without_the_card_is_confirmed_after_the_pin() -> None:
    w = consent_with_card()
    assert w.send(ev.ConsentChanged(True)) and w.send(ev.EmergencyAnswered(True)) and w.send(ev.Next())
    assert w.send(ev.AccountWanted(False)) and w.send(ev.CreateRequested())
    req = w.take_task()
    assert req is not None and req.order is not None
    pending = CreationReport(Outcome.PENDING, req.order, creation_id="c7", error=ErrorCode.DMP_TIMEOUT)
    assert w.send(ev.CreationDone(pending, req.generation)) and w.can_retry
    assert w.send(ev.Retry())
    run(w, Task.CREATE, lambda g: ev.CreationFailed(ErrorCode.CPS_REMOVED, g))
    assert w.step is Step.CONNECT and w.send(ev.Retry())  # « Lire la carte CPS »
    run(w, Task.CPS_READ, lambda g: ev.CpsLoggedIn(FAKE_HOLDER, (FAKE_SITUATION,), g))
    run(w, Task.CPS_CONNECT, connected_event)
    assert w.step is Step.ACCOUNT and w.send(ev.CreateRequested())
    again = w.take_task()
    assert again is not None and again.order is not None and again.order.previous_creation_id == "c7"


def test_back_and_next_after_a_lost_card_tests_the_dmp_again() -> None:
    w = consent_with_card()
    assert w.send(ev.ConsentChanged(True)) and w.send(ev.EmergencyAnswered(True)) and w.send(ev.Next())
    assert w.send(ev.AccountWanted(False)) and w.send(ev.CreateRequested())
    run(w, Task.CREATE, lambda g: ev.CreationFailed(ErrorCode.CPS_REMOVED, g))
    assert w.send(ev.Back()) and w.send(ev.Next())  # step 1 again: a fresh step 2
    run(w, Task.CPS_READ, lambda g: ev.CpsLoggedIn(FAKE_HOLDER, (FAKE_SITUATION,), g))
    run(w, Task.CPS_CONNECT, connected_event)
    assert w.take_task().kind is Task.TEST_EXISTENCE  # type: ignore[union-attr]


def test_one_pin_for_many_patients() -> None:
    w = consent_with_card()
    assert w.send(ev.Restart())
    assert w.professional is not None  # the pharmacist's session outlives the patient
    assert w.send(ev.CardInserted(FAKE_READER))
    run(w, Task.READ_CARD, lambda g: ev.CardReadOk(sample_card(), g))
    assert w.send(ev.BeneficiarySelected(1)) and w.send(ev.Next())
    req = w.take_task()
    assert req is not None and req.kind is Task.TEST_EXISTENCE  # no card read, no PIN


def test_a_counter_without_card_is_found_out_once() -> None:
    w = unknown_mode_reading()
    run(w, Task.CPS_READ, lambda g: ev.CpsNotNeeded(g))
    assert w.professional_card is False and w.cps_stage is CpsStage.NOT_NEEDED
    run(w, Task.TEST_EXISTENCE, lambda g: ev.ExistenceChecked(ExistenceResult(DmpStatus.NOT_FOUND), g))
    assert w.send(ev.Back()) and w.send(ev.Back()) and w.send(ev.Next())  # step 3 → 2 → 1 → a new step 2
    assert w.take_task().kind is Task.TEST_EXISTENCE  # type: ignore[union-attr]
    assert not w.send(ev.CpsRemoved())


def test_a_session_already_open_skips_the_pin() -> None:
    w = cps_reading()
    run(w, Task.CPS_READ, lambda g: ev.CpsLoggedIn(FAKE_HOLDER, (FAKE_SITUATION,), g))
    assert not w.pin_asked
    assert w.take_task().kind is Task.CPS_CONNECT  # type: ignore[union-attr]


def test_a_card_found_expired_at_login_asks_for_another_card_not_a_pin() -> None:
    w = cps_logging_in()
    run(w, Task.CPS_LOGIN, lambda g: ev.CpsFailed(ErrorCode.CPS_EXPIRED, g))
    assert w.cps_stage is CpsStage.MISSING and w.error is ErrorCode.CPS_EXPIRED and not w.pin_asked
    assert not w.send(ev.PinRequested())


def test_an_account_retry_without_the_card_asks_for_its_pin_then_retries_the_account() -> None:
    w = result_account_waiting_for_the_card()
    assert w.step is Step.RESULT and w.error is None and w.card_error is ErrorCode.CPS_REMOVED
    assert w.outcome is Outcome.CREATED and w.can_retry
    assert w.send(ev.CpsInserted())  # the card back in: read at once
    run(w, Task.CPS_READ, lambda g: ev.CpsRead(FAKE_HOLDER, PinState.READY, g))
    assert w.pin_asked and w.step is Step.RESULT
    assert w.send(ev.PinEntered("0000"))
    run(w, Task.CPS_LOGIN, lambda g: ev.CpsFailed(ErrorCode.CPS_PIN_INCORRECT, g, PinState.COUNT_LOW))
    assert w.pin_asked and w.card_error is ErrorCode.CPS_PIN_INCORRECT and w.error is None
    assert w.send(ev.PinEntered("1234"))
    # two situations on the card: the one the DMP was created in is taken again, nothing to choose
    run(w, Task.CPS_LOGIN, lambda g: ev.CpsLoggedIn(FAKE_HOLDER, (SECOND_SITUATION, FAKE_SITUATION), g))
    connect = w.take_task()
    assert connect is not None and connect.structure_id == FAKE_SITUATION.structure_id
    assert w.send(connected_event(connect.generation))
    retry = w.take_task()
    assert retry is not None and retry.kind is Task.RETRY_ACCOUNT and retry.report == w.report
    assert w.step is Step.RESULT and w.outcome is Outcome.CREATED


def test_restart_forgets_an_account_waiting_for_the_card() -> None:
    w = result_account_waiting_for_the_card()
    assert w.send(ev.Restart())
    assert w.send(ev.CpsInserted()) and w.task is None  # nothing waits for the card any more
