"""The PIN state machine: token flags → PinState, and the lockout counter SoftHSM2 tokens get from us."""

from __future__ import annotations

import pytest

from dmp_desktop.cps.pin import (
    CKF_USER_PIN_COUNT_LOW,
    CKF_USER_PIN_FINAL_TRY,
    CKF_USER_PIN_LOCKED,
    PinCounter,
    flags_for_tries,
    incorrect,
    pin_state_from_flags,
    tries_left,
)
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.professional import PinState

TOKEN_INITIALIZED = 0x400  # other flags of a token are ignored


@pytest.mark.parametrize(
    ("flags", "state"),
    [
        (TOKEN_INITIALIZED, PinState.READY),
        (TOKEN_INITIALIZED | CKF_USER_PIN_COUNT_LOW, PinState.COUNT_LOW),
        (CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY, PinState.FINAL_TRY),
        (CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_LOCKED, PinState.LOCKED),
    ],
)
def test_the_state_comes_from_the_token_flags(flags: int, state: PinState) -> None:
    assert pin_state_from_flags(flags) is state


@pytest.mark.parametrize("left", [3, 2, 1, 0])
def test_the_flags_of_a_counter_read_back_as_its_tries(left: int) -> None:
    assert tries_left(pin_state_from_flags(flags_for_tries(left))) == left


def test_wrong_pins_go_count_low_final_try_then_locked() -> None:
    counter = PinCounter(None, "token-1")
    assert counter.state() is PinState.READY
    assert counter.failed() == 2 and counter.state() is PinState.COUNT_LOW
    assert counter.failed() == 1 and counter.state() is PinState.FINAL_TRY
    assert counter.failed() == 0 and counter.state() is PinState.LOCKED
    with pytest.raises(DomainError) as caught:
        counter.check()
    assert caught.value.code is ErrorCode.CPS_PIN_LOCKED
    assert counter.failed() == 0  # never below zero


def test_a_right_pin_resets_the_counter_before_it_blocks() -> None:
    counter = PinCounter(None, "token-1")
    counter.failed()
    counter.failed()
    counter.check()  # one try left: the PIN may still be sent
    counter.succeeded()
    assert counter.left() == 3 and counter.state() is PinState.READY


def test_the_error_after_a_wrong_pin_carries_the_tries_left() -> None:
    assert (incorrect(2).code, incorrect(2).detail) == (ErrorCode.CPS_PIN_INCORRECT, "2")
    assert incorrect(1).retryable
    assert incorrect(0).code is ErrorCode.CPS_PIN_LOCKED and not incorrect(0).retryable
