"""The step bar's facts: where the visit stands, and the steps it went through (never those it skipped)."""

from __future__ import annotations

from collections.abc import Callable

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.model import DmpStatus, ExistenceResult
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.events import Task
from dmp_desktop.flow.outcomes import Outcome
from dmp_desktop.flow.progress import position, steps_done
from dmp_desktop.flow.wizard import Step, Wizard

from .conftest import connect_testing, run

S = Step


def test_each_step_before_the_current_one_is_done(states: dict[str, Callable[[], Wizard]]) -> None:
    assert steps_done(states["identify_read"]()) == frozenset()
    assert steps_done(states["consent"]()) == {S.IDENTIFY, S.CONNECT}
    assert steps_done(states["account"]()) == {S.IDENTIFY, S.CONNECT, S.CONSENT}
    assert position(states["creating"]().step) == position(S.ACCOUNT)  # the creation runs over step 4
    assert steps_done(states["result_created"]()) == {S.IDENTIFY, S.CONNECT, S.CONSENT, S.ACCOUNT}
    assert steps_done(states["result_error"]()) == {S.IDENTIFY, S.CONNECT, S.CONSENT, S.ACCOUNT}


def test_a_visit_ended_at_step_2_did_not_do_steps_3_and_4(states: dict[str, Callable[[], Wizard]]) -> None:
    w = states["result_exists"]()
    assert w.step is S.RESULT and w.outcome is Outcome.ALREADY_EXISTS
    assert steps_done(w) == {S.IDENTIFY, S.CONNECT}

    closed = connect_testing()
    run(closed, Task.TEST_EXISTENCE, lambda g: ev.ExistenceChecked(ExistenceResult(DmpStatus.CLOSED), g))
    assert closed.outcome is Outcome.CLOSED and steps_done(closed) == {S.IDENTIFY, S.CONNECT}

    refused = connect_testing()  # a refusal already at the existence test (the live service since 2021)
    run(refused, Task.TEST_EXISTENCE, lambda g: ev.ExistenceFailed(ErrorCode.DMP_CREATION_REFUSED, g))
    assert refused.outcome is Outcome.REFUSED and steps_done(refused) == {S.IDENTIFY, S.CONNECT}


def test_an_existing_dmp_found_at_creation_did_do_steps_3_and_4(states: dict[str, Callable[[], Wizard]],
                                                               builders: dict[str, Callable[..., object]]) -> None:
    w = states["creating"]()
    builders["finish_creation"](w, outcome=Outcome.ALREADY_EXISTS, creation_id=None)
    assert w.outcome is Outcome.ALREADY_EXISTS and w.report is not None
    assert steps_done(w) == {S.IDENTIFY, S.CONNECT, S.CONSENT, S.ACCOUNT}


def test_a_cancelled_visit_starts_over() -> None:
    assert position(S.CANCELLED) == 0 and position(S.IDENTIFY) == 0 and position(S.RESULT) == 4
