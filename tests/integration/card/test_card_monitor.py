"""Our monitor loop on the real pcscd: reader and card events, and recovery when pcscd is restarted."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dmp_desktop.card.image import load_image, training_cards
from dmp_desktop.card.monitor import PcscMonitor
from dmp_desktop.card.pcsc import PcscReader
from dmp_desktop.card.virtual import VirtualCard
from dmp_desktop.domain.ports import CardEvent, CardEventKind

from .conftest import SLOT0, SLOT1, wait_slot

pytestmark = pytest.mark.pcsc

FAMILY = load_image(next(p for p in training_cards() if p.stem == "famille-martin"))
K = CardEventKind


class Events:
    def __init__(self) -> None:
        self.queue: queue.Queue[CardEvent] = queue.Queue()
        self.seen: list[CardEvent] = []

    def __call__(self, event: CardEvent) -> None:
        self.queue.put(event)

    def expect(self, kind: CardEventKind, reader: str = "", timeout: float = 5.0) -> CardEvent:
        """The next event of this kind (and reader), skipping the others."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                event = self.queue.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {kind} {reader} within {timeout} s; seen {self.seen}") from None
            self.seen.append(event)
            if event.kind is kind and (not reader or event.reader == reader):
                return event


@pytest.fixture
def monitor(pcsc: None) -> Iterator[tuple[PcscMonitor, Events]]:
    events = Events()
    mon = PcscMonitor(poll_ms=500)
    mon.start(events)
    yield mon, events
    mon.stop()


def test_initial_state_then_insert_and_remove(monitor: tuple[PcscMonitor, Events]) -> None:
    mon, events = monitor
    assert events.expect(K.SERVICE_UP).kind is K.SERVICE_UP
    added = {events.expect(K.READER_ADDED).reader, events.expect(K.READER_ADDED).reader}
    assert {SLOT0, SLOT1} <= added
    with VirtualCard(FAMILY, slot=1):
        inserted = events.expect(K.CARD_INSERTED, SLOT1)
        assert inserted.atr == "3B 75 13 00 00 45 09 EA 90 00"
    events.expect(K.CARD_REMOVED, SLOT1)
    started = time.monotonic()
    mon.stop()
    assert time.monotonic() - started < 1.5  # SCardCancel wakes the loop
    assert mon._thread is None


def test_card_already_present_is_reported_at_start(pcsc: None) -> None:
    with VirtualCard(FAMILY, slot=0):
        wait_slot(SLOT0, True)
        events = Events()
        mon = PcscMonitor()
        mon.start(events)
        try:
            assert events.expect(K.CARD_INSERTED, SLOT0).atr.startswith("3B 75")
        finally:
            mon.stop()
    wait_slot(SLOT0, False)


def _pcscd_pids() -> list[int]:
    out = subprocess.run(["pidof", "pcscd"], capture_output=True, text=True, check=False).stdout
    return [int(p) for p in out.split()]


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"


def _restart_pcscd() -> None:
    """Stop the running pcscd and start a new `pcscd -f`, left running for the tests after this one.
    (scripts/services.sh stop finds the replacement with pidof and stops it.)"""
    for pid in _pcscd_pids():
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 5
        while not _gone(pid):
            assert time.monotonic() < deadline, "pcscd did not stop"
            time.sleep(0.01)
    time.sleep(0.3)  # the monitor and the card see the service go
    subprocess.Popen(
        ["pcscd", "-f"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 10
    while not _pcscd_pids():
        assert time.monotonic() < deadline, "pcscd did not start again"
        time.sleep(0.02)


def test_pcscd_restart_is_survived(monitor: tuple[PcscMonitor, Events]) -> None:
    if os.geteuid() != 0:
        pytest.skip("restarting pcscd needs root (the test command runs as root)")
    _, events = monitor
    events.expect(K.READER_ADDED, SLOT1)
    with VirtualCard(FAMILY, slot=1):
        events.expect(K.CARD_INSERTED, SLOT1)
        _restart_pcscd()
        events.expect(K.CARD_REMOVED, SLOT1)
        events.expect(K.SERVICE_DOWN)
        events.expect(K.SERVICE_UP, timeout=10)
        events.expect(K.READER_ADDED, SLOT1)
        events.expect(K.CARD_INSERTED, SLOT1, timeout=10)  # the virtual card reconnected to the new vpcd
        with PcscReader() as reader:  # and a read works on the new service
            assert len(reader.read(SLOT1, wait=5).beneficiaries) == 3
    events.expect(K.CARD_REMOVED, SLOT1)
