"""The monitor loop over a scripted PC/SC: reader hot-plug, card swap, service loss and return."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from smartcard import scard

from dmp_desktop.card import scardio
from dmp_desktop.card.monitor import PcscMonitor
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.ports import CardEvent, CardEventKind

K = CardEventKind
PNP = scardio.PNP_READER
ATR1 = bytes.fromhex("3B7513000045 09EA9000".replace(" ", ""))
ATR2 = bytes.fromhex("3B7513000046 09EA9000".replace(" ", ""))
EMPTY, PRESENT, CHANGED = scard.SCARD_STATE_EMPTY, scard.SCARD_STATE_PRESENT, scard.SCARD_STATE_CHANGED


class ScriptedPcsc:
    def __init__(self, contexts: list[str | None], listings: list[list[str]], changes: list[Any]) -> None:
        self.contexts = contexts  # None = the service does not answer this time
        self.listings = listings
        self.changes = changes
        self.released: list[str] = []
        self.lock = threading.Lock()

    def establish(self) -> str:
        with self.lock:
            context = self.contexts.pop(0) if len(self.contexts) > 1 else self.contexts[0]
        if context is None:
            raise DomainError(ErrorCode.PCSC_UNAVAILABLE, "down")
        return context

    def list_readers(self, context: Any) -> list[str]:
        return self.listings.pop(0) if len(self.listings) > 1 else self.listings[0]

    def get_status_change(self, context: Any, timeout_ms: int, states: list[tuple[str, int]]) -> Any:
        if not self.changes:
            time.sleep(0.01)
            return scard.SCARD_E_TIMEOUT, []
        result = self.changes.pop(0)
        return result if isinstance(result, tuple) else (result, [])

    def release(self, context: Any) -> None:
        self.released.append(context)


def _collect(monkeypatch: pytest.MonkeyPatch, fake: ScriptedPcsc, count: int) -> list[CardEvent]:
    for name in ("establish", "list_readers", "get_status_change", "release"):
        monkeypatch.setattr(scardio, name, getattr(fake, name))
    monkeypatch.setattr(scardio, "cancel", lambda context: None)
    events: list[CardEvent] = []
    enough = threading.Event()

    def callback(event: CardEvent) -> None:
        events.append(event)
        if len(events) >= count:
            enough.set()

    monitor = PcscMonitor(poll_ms=10, retry_min=0.01, retry_max=0.02)
    monitor.start(callback)
    try:
        assert enough.wait(5), events
    finally:
        monitor.stop()
    return events


def test_hotplug_swap_service_loss_and_return(monkeypatch: pytest.MonkeyPatch) -> None:
    ok = scard.SCARD_S_SUCCESS
    fake = ScriptedPcsc(
        contexts=["ctx1", None, None, "ctx2"],
        listings=[["A"], ["A", "B"], ["B"], ["B"]],
        changes=[
            (ok, [(PNP, 0, b""), ("A", EMPTY | CHANGED, b"")]),
            (ok, [(PNP, CHANGED | (2 << 16), b""), ("A", EMPTY, b"")]),  # reader B plugged in
            (ok, [(PNP, 2 << 16, b""), ("A", PRESENT | CHANGED | (1 << 16), ATR1), ("B", EMPTY | CHANGED, b"")]),
            (ok, [(PNP, 2 << 16, b""), ("A", PRESENT | CHANGED | (3 << 16), ATR2), ("B", EMPTY, b"")]),  # swap
            (ok, [(PNP, CHANGED | (1 << 16), b""), ("A", PRESENT | (3 << 16), ATR2), ("B", EMPTY, b"")]),  # A gone
            scard.SCARD_E_NO_SERVICE,  # pcscd stopped
        ],
    )
    events = _collect(monkeypatch, fake, 12)
    assert [(e.kind, e.reader) for e in events[:12]] == [
        (K.SERVICE_UP, ""),
        (K.READER_ADDED, "A"),
        (K.READER_ADDED, "B"),
        (K.CARD_INSERTED, "A"),
        (K.CARD_REMOVED, "A"),
        (K.CARD_INSERTED, "A"),
        (K.CARD_REMOVED, "A"),
        (K.READER_REMOVED, "A"),
        (K.READER_REMOVED, "B"),
        (K.SERVICE_DOWN, ""),
        (K.SERVICE_UP, ""),
        (K.READER_ADDED, "B"),
    ]
    assert events[3].atr == "3B 75 13 00 00 45 09 EA 90 00" and events[5].atr.startswith("3B 75 13 00 00 46")
    assert "ctx1" in fake.released  # the dead context was released before reconnecting


def test_service_absent_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = ScriptedPcsc(contexts=[None, None, "ctx"], listings=[[]], changes=[])
    events = _collect(monkeypatch, fake, 2)
    assert [e.kind for e in events[:2]] == [K.SERVICE_DOWN, K.SERVICE_UP]


def test_a_failing_callback_does_not_stop_the_monitor(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = ScriptedPcsc(contexts=["ctx"], listings=[["A", "B"]], changes=[])
    for name in ("establish", "list_readers", "get_status_change", "release"):
        monkeypatch.setattr(scardio, name, getattr(fake, name))
    monkeypatch.setattr(scardio, "cancel", lambda context: None)
    seen: list[CardEvent] = []

    def callback(event: CardEvent) -> None:
        seen.append(event)
        raise RuntimeError("listener bug")

    monitor = PcscMonitor(poll_ms=10)
    monitor.start(callback)
    deadline = time.monotonic() + 5
    while len(seen) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    monitor.stop()
    assert [e.kind for e in seen[:3]] == [K.SERVICE_UP, K.READER_ADDED, K.READER_ADDED]
