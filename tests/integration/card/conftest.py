"""Real pcscd + vpcd for the card tests: readers 'Virtual PCD 00 00'/'00 01', helpers to wait on slot state."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from dmp_desktop.card import scardio
from dmp_desktop.card.pcsc import PcscReader

SLOT0 = "Virtual PCD 00 00"
SLOT1 = "Virtual PCD 00 01"


def card_present(reader: str) -> bool:
    from smartcard import scard

    context = scardio.establish()
    try:
        _, states = scardio.get_status_change(context, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
        return bool(states) and bool(states[0][1] & scard.SCARD_STATE_PRESENT)
    finally:
        scardio.release(context)


def wait_slot(reader: str, present: bool, timeout: float = 5.0) -> None:
    """pcscd polls vpcd about every 100 ms: wait until it agrees with what the test just did."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if card_present(reader) == present:
                return
        except Exception:  # noqa: S110 - pcscd restarting: keep polling until the deadline
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{reader}: card {'still absent' if present else 'still present'} after {timeout} s")
        time.sleep(0.02)


@pytest.fixture
def pcsc() -> Iterator[None]:
    from tests.conftest import require_service  # type: ignore[import-not-found]

    require_service("pcsc")
    # Tests share the one pcscd: start each test with both slots empty.
    for slot in (SLOT0, SLOT1):
        wait_slot(slot, False)
    yield
    for slot in (SLOT0, SLOT1):
        wait_slot(slot, False)


@pytest.fixture
def reader(pcsc: None) -> Iterator[PcscReader]:
    with PcscReader() as r:
        yield r
