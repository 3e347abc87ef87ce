"""Deadlines of PcscReader over a PC/SC layer that blocks like a card or a pcscd that stopped answering."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from smartcard import scard

from dmp_desktop.card import pcsc
from dmp_desktop.card.pcsc import PcscReader
from dmp_desktop.domain.errors import DomainError, ErrorCode

VITALE2 = bytes.fromhex("3B751300004509EA9000")


class BlockingPcsc:
    """A scripted scardio whose transmit (or status wait) blocks until `release` is set, like SCardTransmit
    stuck in pcscd behind a card that stopped answering. SCardCancel only ends status waits, as in pcsc-lite."""

    def __init__(self, *, block_transmit: bool = False, block_wait: bool = False) -> None:
        self.block_transmit = block_transmit
        self.block_wait = block_wait
        self.block_cancel = False
        self.release = threading.Event()
        self.cancelled: list[Any] = []
        self.released: list[Any] = []
        self.blocked = threading.Event()
        self.contexts = 0

    def establish(self) -> Any:
        self.contexts += 1
        return f"ctx{self.contexts}"

    def list_readers(self, context: Any) -> list[str]:
        return ["R"]

    def get_status_change(self, context: Any, timeout_ms: int, states: list[tuple[str, int]]) -> Any:
        if self.block_wait:
            self.blocked.set()
            self.release.wait()
        return scard.SCARD_S_SUCCESS, [(n, scard.SCARD_STATE_PRESENT, VITALE2) for n, _ in states]

    def cancel(self, context: Any) -> None:
        if self.block_cancel:  # a pcscd that hangs does not answer SCardCancel either
            self.release.wait()
        self.cancelled.append(context)

    def cancelled_soon(self) -> list[Any]:
        """The contexts cancelled, once the fire-and-forget cancel thread has run."""
        deadline = time.monotonic() + 2
        while not self.cancelled and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.cancelled

    def release_context(self, context: Any) -> None:
        self.released.append(context)

    def connection(self, context: Any, reader: str) -> Any:
        fake = self

        class Connection:
            count = 0

            def begin(self) -> None:
                return None

            def transmit(self, command: bytes) -> bytes:
                if fake.block_transmit:
                    fake.blocked.set()
                    fake.release.wait()
                    raise DomainError(ErrorCode.CARD_REMOVED, "vpcd closed")
                return b"\x6a\x82"  # file not found: the read ends at once with CARD_STATUS

            def close(self) -> None:
                return None

        return Connection()


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[BlockingPcsc]:
    layer = BlockingPcsc()
    monkeypatch.setattr(pcsc.scardio, "establish", layer.establish)
    monkeypatch.setattr(pcsc.scardio, "list_readers", layer.list_readers)
    monkeypatch.setattr(pcsc.scardio, "get_status_change", layer.get_status_change)
    monkeypatch.setattr(pcsc.scardio, "cancel", layer.cancel)
    monkeypatch.setattr(pcsc.scardio, "release", layer.release_context)
    monkeypatch.setattr(pcsc.scardio, "Connection", layer.connection)
    yield layer
    layer.release.set()  # let the abandoned worker threads end


def _timed_close(reader: PcscReader) -> float:
    """Seconds close() took, run on a helper thread so that a close that never returns fails the test."""
    done = threading.Event()
    started = time.monotonic()
    threading.Thread(target=lambda: (reader.close(), done.set()), daemon=True).start()
    assert done.wait(10), "close() is still joining a worker stuck in the card call"
    return time.monotonic() - started


def test_a_card_that_stops_answering_fails_the_read_at_the_exchange_deadline(fake: BlockingPcsc) -> None:
    fake.block_transmit = True
    reader = PcscReader(exchange_timeout=0.3)
    started = time.monotonic()
    with pytest.raises(DomainError) as err:
        reader.read("R", wait=5)
    elapsed = time.monotonic() - started
    assert err.value.code is ErrorCode.CARD_STATUS and "stopped answering" in err.value.detail
    assert 0.3 <= elapsed < 2, elapsed  # the exchange deadline, not the card wait plus a margin
    assert fake.cancelled_soon() == ["ctx1"]  # SCardCancel on the stuck call's context
    assert _timed_close(reader) < 2  # never joins the stuck worker


def test_after_a_stuck_call_the_next_call_gets_a_fresh_worker(fake: BlockingPcsc) -> None:
    fake.block_transmit = True
    reader = PcscReader(exchange_timeout=0.2)
    with pytest.raises(DomainError):
        reader.read("R", wait=0)
    stuck = [t for t in threading.enumerate() if t.name.startswith("pcsc-worker-1")]
    assert stuck and stuck[0].daemon  # the abandoned thread cannot keep the process alive
    fake.block_transmit = False
    with pytest.raises(DomainError) as err:
        reader.read("R", wait=0)
    assert err.value.code is ErrorCode.CARD_STATUS and "6A82" in err.value.detail  # served, not queued
    reader.close()


def test_a_pcsc_service_that_stops_answering_fails_at_the_wait_deadline(fake: BlockingPcsc) -> None:
    fake.block_wait = True
    reader = PcscReader(service_timeout=0.2)
    started = time.monotonic()
    with pytest.raises(DomainError) as err:
        reader.read("R", wait=0.1)
    assert err.value.code is ErrorCode.PCSC_UNAVAILABLE and "did not answer" in err.value.detail
    assert time.monotonic() - started < 2
    assert fake.cancelled_soon() == ["ctx1"]
    assert _timed_close(reader) < 2


def test_a_cancel_that_blocks_too_does_not_hold_the_caller(fake: BlockingPcsc) -> None:
    fake.block_wait = fake.block_cancel = True  # pcscd itself hangs
    reader = PcscReader(service_timeout=0.2)
    started = time.monotonic()
    with pytest.raises(DomainError) as err:
        reader.read("R", wait=0)
    assert err.value.code is ErrorCode.PCSC_UNAVAILABLE and time.monotonic() - started < 2
    assert _timed_close(reader) < 2


def test_close_during_a_stuck_call_returns_and_the_caller_still_gets_its_error(fake: BlockingPcsc) -> None:
    fake.block_transmit = True
    reader = PcscReader(exchange_timeout=0.5)
    errors: list[DomainError] = []

    def read() -> None:
        try:
            reader.read("R", wait=0)
        except DomainError as exc:
            errors.append(exc)

    caller = threading.Thread(target=read)
    caller.start()
    assert fake.blocked.wait(5)
    assert _timed_close(reader) < 2
    caller.join(5)
    assert not caller.is_alive() and errors and errors[0].code is ErrorCode.CARD_STATUS
    with pytest.raises(DomainError) as err:
        reader.read("R", wait=0)
    assert err.value.code is ErrorCode.PCSC_UNAVAILABLE and "closed" in err.value.detail


def test_a_quick_call_keeps_one_worker(fake: BlockingPcsc) -> None:
    with PcscReader() as reader:
        assert reader.readers() == ["R"] and reader.readers() == ["R"]
        workers = [t for t in threading.enumerate() if t.name.startswith("pcsc-worker")]
    assert fake.released == ["ctx1", "ctx2"] and fake.cancelled == []
    assert all(t.daemon for t in workers)


SCRIPT = """
import threading
from dmp_desktop.card import pcsc
from dmp_desktop.domain.errors import DomainError
forever = threading.Event()
class Stuck:
    count = 0
    def __init__(self, context, reader): pass
    def begin(self): pass
    def transmit(self, command): forever.wait()
    def close(self): pass
pcsc.scardio.establish = lambda: "ctx"
pcsc.scardio.release = pcsc.scardio.cancel = lambda context: None
pcsc.scardio.list_readers = lambda context: ["R"]
ATR = bytes.fromhex("3B751300004509EA9000")
pcsc.scardio.get_status_change = lambda context, ms, states: (0, [(n, 0x20, ATR) for n, _ in states])
pcsc.scardio.Connection = Stuck
reader = pcsc.PcscReader(exchange_timeout=0.3)
try:
    reader.read("R", wait=0)
except DomainError as exc:
    print(exc.code.value, flush=True)
finally:
    reader.close()
"""


def test_the_process_ends_although_the_card_call_never_returns(tmp_path: Path) -> None:
    src = Path(pcsc.__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=30, check=False,
        env={"PYTHONPATH": str(src), "PATH": ""}, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "card_status"


class CancellableWait(BlockingPcsc):
    """A wait for a card that SCardCancel ends, as pcsc-lite does: no card present, the blocking wait
    returns SCARD_E_CANCELLED once cancel() is called."""

    def __init__(self) -> None:
        super().__init__()
        self.woken = threading.Event()

    def get_status_change(self, context: Any, timeout_ms: int, states: list[tuple[str, int]]) -> Any:
        if timeout_ms == 0:
            return scard.SCARD_S_SUCCESS, [(n, scard.SCARD_STATE_EMPTY, b"") for n, _ in states]
        self.blocked.set()
        self.woken.wait(timeout_ms / 1000)
        return (scard.SCARD_E_CANCELLED if self.woken.is_set() else scard.SCARD_E_TIMEOUT), []

    def cancel(self, context: Any) -> None:
        self.cancelled.append(context)
        self.woken.set()


def test_close_cancels_a_wait_and_a_call_behind_it_gets_reader_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    layer = CancellableWait()
    for name in ("establish", "list_readers", "get_status_change", "cancel"):
        monkeypatch.setattr(pcsc.scardio, name, getattr(layer, name))
    monkeypatch.setattr(pcsc.scardio, "release", layer.release_context)
    reader = PcscReader()
    errors: list[ErrorCode] = []

    def call(job: Any) -> None:
        try:
            job()
        except DomainError as exc:
            errors.append(exc.code)

    waiting = threading.Thread(target=call, args=(lambda: reader.read("R", wait=30),))
    waiting.start()
    assert layer.blocked.wait(5)
    queued = threading.Thread(target=call, args=(reader.readers,))
    queued.start()
    time.sleep(0.1)
    assert _timed_close(reader) < 2
    waiting.join(5)
    queued.join(5)
    assert not waiting.is_alive() and not queued.is_alive()
    assert sorted(c.value for c in errors) == sorted([ErrorCode.NO_CARD.value, ErrorCode.PCSC_UNAVAILABLE.value])


def test_the_service_probe_has_a_deadline_too(monkeypatch: pytest.MonkeyPatch) -> None:
    hung = threading.Event()
    monkeypatch.setattr(pcsc.scardio, "establish", lambda: hung.wait())  # pcscd accepts, never answers
    started = time.monotonic()
    try:
        assert pcsc.scardio.service_available(timeout=0.2) is False
    finally:
        hung.set()
    assert time.monotonic() - started < 1
    monkeypatch.setattr(pcsc.scardio, "establish", lambda: "ctx")
    monkeypatch.setattr(pcsc.scardio, "release", lambda context: None)
    assert pcsc.scardio.service_available() is True
