"""The PC/SC card reader: every pyscard call runs on one worker thread that this object owns."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

from smartcard import scard

from dmp_desktop.card import scardio
from dmp_desktop.card.apdu import CARD_TYPE_VITALE2, classify_atr, hex_atr
from dmp_desktop.card.session import read_vitale
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import CardRead

log = logging.getLogger(__name__)
T = TypeVar("T")

CALL_MARGIN = 20.0  # seconds a caller waits beyond the requested card wait before calling the worker stuck


class PcscReader:
    """CardReader over PC/SC. A fresh context per call, so a restarted pcscd is simply used again."""

    def __init__(self, default_reader: str = "") -> None:
        self.default_reader = default_reader
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pcsc-worker")
        self._context: Any = None  # the context of the call in progress, to cancel it from close()

    # --- CardReader --------------------------------------------------------------------------------

    def readers(self) -> list[str]:
        return self._call(self._readers_job, timeout=CALL_MARGIN)

    def read(self, reader: str | None = None, wait: float = 0.0) -> CardRead:
        wait = max(0.0, float(wait))
        name = reader or self.default_reader or None
        return self._call(lambda: self._read_job(name, wait), timeout=wait + CALL_MARGIN)

    def close(self) -> None:
        """Cancel a wait in progress and stop the worker thread."""
        context = self._context
        if context is not None:
            scardio.cancel(context)
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> PcscReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the worker side ---------------------------------------------------------------------------

    def _call(self, job: Callable[[], T], timeout: float) -> T:
        try:
            future: Future[T] = self._executor.submit(self._guarded, job)
        except RuntimeError:
            raise DomainError(ErrorCode.PCSC_UNAVAILABLE, "card reader closed") from None
        try:
            return future.result(timeout=timeout)
        except FutureTimeout:
            raise DomainError(ErrorCode.PCSC_UNAVAILABLE, f"PC/SC call did not answer within {timeout:.0f} s") from None
        except CancelledError:  # close() dropped the queued call: the same answer as a call made after it
            raise DomainError(ErrorCode.PCSC_UNAVAILABLE, "card reader closed") from None

    @staticmethod
    def _guarded(job: Callable[[], T]) -> T:
        try:
            return job()
        except DomainError:
            raise
        except Exception as exc:  # whatever pyscard raises must not reach the caller as such
            log.exception("unexpected PC/SC failure")
            raise DomainError(ErrorCode.PCSC_UNAVAILABLE, f"{type(exc).__name__}: {exc}") from None

    def _with_context(self, job: Callable[[Any], T]) -> T:
        context = scardio.establish()
        self._context = context
        try:
            return job(context)
        finally:
            self._context = None
            scardio.release(context)

    def _readers_job(self) -> list[str]:
        return self._with_context(scardio.list_readers)

    def _read_job(self, reader: str | None, wait: float) -> CardRead:
        return self._with_context(lambda ctx: self._read_in_context(ctx, reader, wait))

    def _read_in_context(self, context: Any, reader: str | None, wait: float) -> CardRead:
        name, atr = wait_for_card(context, reader, wait)
        card_type = classify_atr(atr)
        connection = scardio.Connection(context, name)
        try:
            connection.begin()
            started = time.perf_counter()
            parsed = read_vitale(connection)
            log.debug("read %s in %.1f ms, %d APDUs", name, (time.perf_counter() - started) * 1000, connection.count)
        finally:
            connection.close()
        return CardRead(reader=name, card_type=card_type, atr=hex_atr(atr), beneficiaries=parsed.beneficiaries)


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
            cards = [(n, atr) for n, event, atr in states if _present(event)]
            if cards:
                return _pick(cards)
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
