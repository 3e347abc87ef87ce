"""flow.tasks with the pharmacist's card: the CPS tasks on ProfessionalSessions over the fakes, and steps 2-4
calling the DMP as the connected card holder (or refusing before anything is sent once the card is pulled)."""

from __future__ import annotations

import logging

import pytest

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.model import Consent, DmpStatus
from dmp_desktop.domain.professional import PinState
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.events import Pin, Task, TaskRequest
from dmp_desktop.flow.fakes import FakeDmpService, FixedClock, fake_counter, sample_card
from dmp_desktop.flow.fakes_cps import FAKE_HOLDER, FAKE_SITUATION, SECOND_SITUATION, FakeConnector, FakeCpsReader
from dmp_desktop.flow.outcomes import CreationOrder
from dmp_desktop.flow.professional import ProfessionalSessions
from dmp_desktop.flow.tasks import run_task


@pytest.fixture
def parts():
    reader, connector = FakeCpsReader(), FakeConnector()
    sessions = ProfessionalSessions(reader, connector, FixedClock(), "COMPTOIR-1")
    base = FakeDmpService()
    return reader, connector, sessions, base, fake_counter(dmp=base)


def ins():
    return sample_card().beneficiaries[0].require_ins(fake_counter().environment)


def login(counter, sessions, pin: str = "1234") -> TaskRequest:
    request = TaskRequest(Task.CPS_LOGIN, 3, pin=Pin(pin))
    return request, run_task(counter, request, professional=sessions)


def test_read_login_connect_then_the_existence_test_goes_out_as_the_card_holder(parts) -> None:
    _, connector, sessions, base, counter = parts
    assert run_task(counter, TaskRequest(Task.CPS_READ, 1), professional=sessions) == ev.CpsRead(
        FAKE_HOLDER, PinState.READY, 1
    )
    request, result = login(counter, sessions)
    assert result == ev.CpsLoggedIn(FAKE_HOLDER, (FAKE_SITUATION,), 3)
    assert request.pin is not None and request.pin.take() == ""  # taken by the task, kept nowhere
    connected = run_task(counter, TaskRequest(Task.CPS_CONNECT, 4, structure_id="1130001234"), professional=sessions)
    assert isinstance(connected, ev.CpsConnected) and connected.pharmacy.name == "Pharmacie du Port"
    result = run_task(counter, TaskRequest(Task.TEST_EXISTENCE, 5, ins=ins()), professional=sessions)
    assert isinstance(result, ev.ExistenceChecked) and result.result.status is DmpStatus.NOT_FOUND
    assert connector.opened[0].pharmacists == [FAKE_HOLDER.pharmacist(FAKE_SITUATION)]
    assert base.calls == []  # the base counter's service (mode INDIRECTE) was not used


def test_the_creation_goes_out_on_the_kept_connection(parts) -> None:
    reader, connector, sessions, base, counter = parts
    login(counter, sessions)
    run_task(counter, TaskRequest(Task.CPS_CONNECT, 4), professional=sessions)
    b = sample_card().beneficiaries[0]
    order = CreationOrder(b, ins(), Consent(True, True))
    done = run_task(counter, TaskRequest(Task.CREATE, 6, order=order), professional=sessions)
    assert isinstance(done, ev.CreationDone) and done.report.created
    assert connector.service.count("create") == 1 and base.calls == []
    (entry,) = counter.ledger.entries.values()
    assert entry.record.pharmacist_rpps == "10001234567"  # the journal names the card holder, not the settings
    # the next patient: the card stayed in, CPS_READ answers with the open connection, no PIN
    again = run_task(counter, TaskRequest(Task.CPS_READ, 7), professional=sessions)
    assert isinstance(again, ev.CpsConnected) and reader.logins == 1 and len(connector.opened) == 1


def test_a_wrong_pin_reports_the_new_pin_state_and_never_logs_the_pin(parts, caplog) -> None:
    _, _, sessions, _, counter = parts
    caplog.set_level(logging.DEBUG)
    _, first = login(counter, sessions, "9876")
    _, second = login(counter, sessions, "9876")
    assert first == ev.CpsFailed(ErrorCode.CPS_PIN_INCORRECT, 3, PinState.COUNT_LOW)
    assert second == ev.CpsFailed(ErrorCode.CPS_PIN_INCORRECT, 3, PinState.FINAL_TRY)
    _, third = login(counter, sessions, "9876")
    assert third == ev.CpsFailed(ErrorCode.CPS_PIN_LOCKED, 3, PinState.LOCKED)
    assert "9876" not in caplog.text


def test_a_malformed_pin_costs_no_try(parts) -> None:
    reader, _, sessions, _, counter = parts
    _, result = login(counter, sessions, "12")
    assert result == ev.CpsFailed(ErrorCode.CPS_PIN_INCORRECT, 3, PinState.READY) and reader.logins == 0


def test_two_situations_need_a_choice(parts) -> None:
    reader, _, sessions, _, counter = parts
    reader.insert(situations=(FAKE_SITUATION, SECOND_SITUATION))
    _, logged = login(counter, sessions)
    assert isinstance(logged, ev.CpsLoggedIn) and len(logged.situations) == 2
    refused = run_task(counter, TaskRequest(Task.CPS_CONNECT, 4), professional=sessions)
    assert refused == ev.CpsFailed(ErrorCode.CPS_SITUATION_REQUIRED, 4)
    chosen = run_task(counter, TaskRequest(Task.CPS_CONNECT, 5, structure_id="1130009999"), professional=sessions)
    assert isinstance(chosen, ev.CpsConnected) and chosen.situation == SECOND_SITUATION


def test_card_pulled_refuses_steps_2_to_4_before_anything_is_sent(parts) -> None:
    reader, connector, sessions, base, counter = parts
    login(counter, sessions)
    run_task(counter, TaskRequest(Task.CPS_CONNECT, 4), professional=sessions)
    reader.pull()
    result = run_task(counter, TaskRequest(Task.TEST_EXISTENCE, 5, ins=ins()), professional=sessions)
    assert result == ev.ExistenceFailed(ErrorCode.CPS_REMOVED, 5)
    assert connector.service.calls == [] and base.calls == [] and connector.opened[0].closed
    assert run_task(counter, TaskRequest(Task.CPS_READ, 6), professional=sessions) == ev.CpsFailed(
        ErrorCode.CPS_MISSING, 6
    )


def test_an_expired_card_is_named(parts) -> None:
    import datetime as dt
    from dataclasses import replace

    reader, _, sessions, _, counter = parts
    reader.insert(holder=replace(FAKE_HOLDER, not_after=dt.date(2018, 12, 31)))
    assert run_task(counter, TaskRequest(Task.CPS_READ, 1), professional=sessions) == ev.CpsFailed(
        ErrorCode.CPS_EXPIRED, 1
    )


def test_without_card_sessions_the_counter_is_used_as_it_is() -> None:
    base = FakeDmpService()
    counter = fake_counter(dmp=base)
    assert run_task(counter, TaskRequest(Task.CPS_READ, 1)) == ev.CpsNotNeeded(1)
    result = run_task(counter, TaskRequest(Task.TEST_EXISTENCE, 2, ins=ins()))
    assert isinstance(result, ev.ExistenceChecked) and base.count("test_existence") == 1
