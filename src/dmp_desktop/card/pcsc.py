"""The PC/SC card reader: every pyscard call runs on one worker thread that this object owns, under a deadline."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from smartcard import scard

from dmp_desktop.card import scardio
from dmp_desktop.card.apdu import CARD_TYPE_VITALE2, classify_atr, hex_atr, padded_atr, trim_atr
from dmp_desktop.card.session import read_vitale
from dmp_desktop.card.worker import Closed, Phase, Stuck, Worker
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import CardRead

log = logging.getLogger(__name__)
T = TypeVar("T")

# Deadlines of the phases of a call (seconds). A Vitale read is ~30 APDUs and takes well under 2 s on a
# slow T=0 reader; pcscd answers a listing in milliseconds. Beyond these, something is stuck.
SERVICE_TIMEOUT = 5.0
EXCHANGE_TIMEOUT = 10.0
CLOSE_GRACE = 1.0  # close() waits this long for the worker, then leaves it (a daemon thread) behind
ATR_SETTLE_SECONDS = 0.5  # how long a padded ATR (a card being powered) is given to become its own length


class PcscReader:
    """CardReader over PC/SC. A fresh context per call, so a restarted pcscd is simply used again.
    Every call has a deadline: a card or a service that stops answering costs at most the deadline of
    the phase it stopped in, then DomainError; close() never waits more than CLOSE_GRACE."""

    def __init__(
        self,
        default_reader: str = "",
        *,
        service_timeout: float = SERVICE_TIMEOUT,
        exchange_timeout: float = EXCHANGE_TIMEOUT,
    ) -> None:
        self.default_reader = default_reader
        self.service_timeout = service_timeout
        self.exchange_timeout = exchange_timeout
        self._lock = threading.Lock()
        self._one_call = threading.Lock()  # one call at a time: the worker's phase is that call's
        self._worker: Worker | None = None
        self._closed = False
        self._workers_started = 0

    # --- CardReader --------------------------------------------------------------------------------

    def readers(self) -> list[str]:
        return self._call(lambda w: self._with_context(w, scardio.list_readers))

    def read(self, reader: str | None = None, wait: float = 0.0) -> CardRead:
        wait = max(0.0, float(wait))
        name = reader or self.default_reader or None
        return self._call(lambda w: self._with_context(w, lambda ctx: self._read_in_context(w, ctx, name, wait)))

    def close(self) -> None:
        """Cancel a wait in progress and stop the worker thread (waiting for it at most CLOSE_GRACE)."""
        with self._lock:
            self._closed = True
            worker, self._worker = self._worker, None
        if worker is not None:
            worker.close(CLOSE_GRACE)

    def __enter__(self) -> PcscReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the caller side ---------------------------------------------------------------------------

    def _current_worker(self) -> Worker:
        with self._lock:
            if self._closed:
                raise DomainError(ErrorCode.PCSC_UNAVAILABLE, "card reader closed")
            if self._worker is None or self._worker.abandoned:
                self._workers_started += 1
                self._worker = Worker(f"pcsc-worker-{self._workers_started}", scardio.cancel)
            return self._worker

    def _call(self, job: Callable[[Worker], T]) -> T:
        with self._one_call:  # held at most for the deadlines of the call in progress
            return self._call_alone(job)

    def _call_alone(self, job: Callable[[Worker], T]) -> T:
        worker = self._current_worker()
        try:
            return worker.run(lambda: self._guarded(job, worker), "service", self.service_timeout)
        except Stuck as stuck:
            raise _stuck_error(stuck.phase) from None
        except Closed:  # close() came first: the same answer as a call made after it
            raise DomainError(ErrorCode.PCSC_UNAVAILABLE, "card reader closed") from None

    # --- the worker side ---------------------------------------------------------------------------

    @staticmethod
    def _guarded(job: Callable[[Worker], T], worker: Worker) -> T:
        try:
            return job(worker)
        except DomainError:
            raise
        except Exception as exc:  # whatever pyscard raises must not reach the caller as such
            log.exception("unexpected PC/SC failure")
            raise DomainError(ErrorCode.PCSC_UNAVAILABLE, f"{type(exc).__name__}: {exc}") from None

    def _with_context(self, worker: Worker, job: Callable[[Any], T]) -> T:
        context = scardio.establish()
        worker.context = context  # what a deadline or close() cancels
        try:
            return job(context)
        finally:
            worker.context = None
            scardio.release(context)

    def _read_in_context(self, worker: Worker, context: Any, reader: str | None, wait: float) -> CardRead:
        worker.enter("wait", wait + self.service_timeout)
        name, atr = wait_for_card(context, reader, wait)
        card_type = classify_atr(atr)
        worker.enter("exchange", self.exchange_timeout)
        connection = scardio.Connection(context, name)
        try:
            connection.begin()
            started = time.perf_counter()
            parsed = read_vitale(connection)
            log.debug("read %s in %.1f ms, %d APDUs", name, (time.perf_counter() - started) * 1000, connection.count)
        finally:
            connection.close()
        return CardRead(reader=name, card_type=card_type, atr=hex_atr(atr), beneficiaries=parsed.beneficiaries)


def _stuck_error(phase: Phase) -> DomainError:
    if phase.name == "exchange":
        return DomainError(
            ErrorCode.CARD_STATUS, f"the card stopped answering (no answer within {phase.seconds:g} s)"
        )
    return DomainError(ErrorCode.PCSC_UNAVAILABLE, f"PC/SC did not answer within {phase.seconds:g} s ({phase.name})")


def _present(event: int) -> bool:
    return bool(event & scard.SCARD_STATE_PRESENT) and not event & scard.SCARD_STATE_MUTE


def _pick(cards: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    """The first Vitale 2 among the present cards; else the first card, which classify_atr will refuse."""
    for name, atr in cards:
        try:
            if classify_atr(atr) == CARD_TYPE_VITALE2:
                return name, atr
        except DomainError:
            continue
    return cards[0]


def wait_for_card(context: Any, reader: str | None, wait: float) -> tuple[str, bytes]:
    """(reader name, ATR) of a present card, waiting up to `wait` seconds with SCardGetStatusChange."""
    deadline = time.monotonic() + wait
    settled_by: float | None = None  # a padded ATR seen: until when to wait for pcscd to finish powering the card
    while True:
        names = scardio.list_readers(context)
        watched = [reader] if reader in names else ([] if reader else names)
        if watched:
            hresult, states = scardio.get_status_change(context, 0, [(n, scard.SCARD_STATE_UNAWARE) for n in watched])
            if hresult in scardio.READER_GONE:  # unplugged between the listing and now: list again
                if time.monotonic() > deadline:
                    raise DomainError(ErrorCode.READER_NOT_FOUND, f"reader unplugged: {scardio.message(hresult)}")
                time.sleep(0.05)
                continue
            if hresult != scard.SCARD_S_SUCCESS:
                raise DomainError(ErrorCode.PCSC_UNAVAILABLE, f"SCardGetStatusChange: {scardio.message(hresult)}")
            cards = [(n, bytes(atr)) for n, event, atr in states if _present(event)]
            if any(padded_atr(atr) for _, atr in cards):
                settled_by = settled_by or time.monotonic() + ATR_SETTLE_SECONDS
                if time.monotonic() < settled_by:
                    time.sleep(0.02)
                    continue
            if cards:
                return _pick([(n, trim_atr(atr)) for n, atr in cards])
        else:
            states = []
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            if reader and reader not in names:
                raise DomainError(ErrorCode.READER_NOT_FOUND, f"reader '{reader}' not found (have: {names})")
            if not names:
                raise DomainError(ErrorCode.NO_READER, "no smart-card reader connected")
            raise DomainError(ErrorCode.NO_CARD, f"no card after {wait:g} s")
        # Sleep until a card or reader event, the PnP pseudo-reader covering readers plugged in meanwhile.
        current = [(n, event & ~scard.SCARD_STATE_CHANGED) for n, event, _ in states]
        current.append((scardio.PNP_READER, _pnp_state(context)))
        hresult, _ = scardio.get_status_change(context, int(remaining * 1000) + 1, current)
        if hresult == scard.SCARD_E_CANCELLED:
            raise DomainError(ErrorCode.NO_CARD, "wait for a card cancelled")
        if hresult in scardio.READER_GONE:
            time.sleep(0.05)  # a watched reader was unplugged: the next turn lists the readers again
        elif hresult not in (scard.SCARD_S_SUCCESS, scard.SCARD_E_TIMEOUT):
            raise DomainError(ErrorCode.PCSC_UNAVAILABLE, f"SCardGetStatusChange: {scardio.message(hresult)}")


def _pnp_state(context: Any) -> int:
    hresult, states = scardio.get_status_change(context, 0, [(scardio.PNP_READER, scard.SCARD_STATE_UNAWARE)])
    if hresult != scard.SCARD_S_SUCCESS or not states:
        return int(scard.SCARD_STATE_UNAWARE)
    return int(states[0][1] & ~scard.SCARD_STATE_CHANGED)
