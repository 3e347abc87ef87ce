"""Our own card/reader monitor: a loop on SCardGetStatusChange that survives pcscd restarts."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from smartcard import scard

from dmp_desktop.card import scardio
from dmp_desktop.card.apdu import hex_atr
from dmp_desktop.domain.errors import DomainError
from dmp_desktop.domain.ports import CardEvent, CardEventKind

log = logging.getLogger(__name__)


class _ServiceLost(Exception):
    pass


class PcscMonitor:
    """CardMonitor over PC/SC. Events go to the callback on the monitor's own thread. When the service
    goes away it reports SERVICE_DOWN (with removals for what it knew), retries with back-off, and on
    return reports SERVICE_UP then the readers and cards present again."""

    def __init__(self, poll_ms: int = 1000, retry_min: float = 0.05, retry_max: float = 1.0) -> None:
        self.poll_ms = poll_ms
        self.retry_min = retry_min
        self.retry_max = retry_max
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._context: Any = None
        self._thread: threading.Thread | None = None
        self._callback: Callable[[CardEvent], None] = lambda event: None
        self._readers: dict[str, tuple[bool, int, bytes]] = {}  # name → (card present, event counter, ATR)

    def start(self, callback: Callable[[CardEvent], None]) -> None:
        if self._thread is not None:
            raise RuntimeError("monitor already started")
        self._callback = callback
        self._readers.clear()  # a restarted monitor reports the readers and cards present again
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="card-monitor", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        with self._lock:
            if self._context is not None:
                scardio.cancel(self._context)
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    # --- the monitor thread ------------------------------------------------------------------------

    def _emit(self, kind: CardEventKind, reader: str = "", atr: bytes = b"") -> None:
        try:
            self._callback(CardEvent(kind, reader, hex_atr(atr)))
        except Exception:  # a faulty listener must not kill the monitor
            log.exception("card event callback failed")

    def _run(self) -> None:
        service_up: bool | None = None
        delay = self.retry_min
        while not self._stop.is_set():
            try:
                context = scardio.establish()
            except DomainError:
                if service_up is not False:
                    self._service_down()
                    service_up = False
                self._stop.wait(delay)
                delay = min(delay * 2, self.retry_max)
                continue
            with self._lock:
                self._context = context
            delay = self.retry_min
            if service_up is not True:
                self._emit(CardEventKind.SERVICE_UP)
                service_up = True
            try:
                self._watch(context)
            except (_ServiceLost, DomainError) as exc:
                log.info("PC/SC service lost (%s): reconnecting", exc)
                self._service_down()
                service_up = False
            finally:
                with self._lock:
                    self._context = None
                scardio.release(context)

    def _service_down(self) -> None:
        for name, (present, _, _) in list(self._readers.items()):
            if present:
                self._emit(CardEventKind.CARD_REMOVED, name)
            self._emit(CardEventKind.READER_REMOVED, name)
        self._readers.clear()
        self._emit(CardEventKind.SERVICE_DOWN)

    def _sync_readers(self, context: Any) -> None:
        names = scardio.list_readers(context)
        for name in [n for n in self._readers if n not in names]:
            if self._readers.pop(name)[0]:
                self._emit(CardEventKind.CARD_REMOVED, name)
            self._emit(CardEventKind.READER_REMOVED, name)
        for name in names:
            if name not in self._readers:
                self._readers[name] = (False, -1, b"")
                self._emit(CardEventKind.READER_ADDED, name)

    def _update(self, name: str, event: int, atr: bytes) -> None:
        if name not in self._readers:
            return
        present = bool(event & scard.SCARD_STATE_PRESENT) and not event & scard.SCARD_STATE_MUTE
        counter = event >> 16  # pcsc-lite counts card events in the high word: catches a quick swap
        was_present, old_counter, _ = self._readers[name]
        if was_present and (not present or (old_counter >= 0 and counter != old_counter)):
            self._emit(CardEventKind.CARD_REMOVED, name)
            was_present = False
        if present and not was_present:
            self._emit(CardEventKind.CARD_INSERTED, name, atr)
        self._readers[name] = (present, counter, atr if present else b"")

    def _watch(self, context: Any) -> None:
        self._sync_readers(context)
        states = [(scardio.PNP_READER, scard.SCARD_STATE_UNAWARE)] + [
            (n, scard.SCARD_STATE_UNAWARE) for n in self._readers
        ]
        while not self._stop.is_set():
            hresult, new = scardio.get_status_change(context, self.poll_ms, states)
            if hresult in (scard.SCARD_E_TIMEOUT, scard.SCARD_E_CANCELLED):
                continue
            if hresult == scard.SCARD_E_UNKNOWN_READER:  # a reader vanished between two calls
                self._sync_readers(context)
                states = [(scardio.PNP_READER, states[0][1])] + [(n, scard.SCARD_STATE_UNAWARE) for n in self._readers]
                continue
            if hresult != scard.SCARD_S_SUCCESS:
                raise _ServiceLost(scardio.message(hresult))
            readers_changed = False
            for name, event, atr in new:
                if name == scardio.PNP_READER:
                    readers_changed = bool(event & scard.SCARD_STATE_CHANGED)
                else:
                    self._update(name, event, atr)
            states = [(n, e & ~scard.SCARD_STATE_CHANGED) for n, e, _ in new]
            if readers_changed:
                known = set(self._readers)
                self._sync_readers(context)
                states = [s for s in states if s[0] == scardio.PNP_READER or s[0] in self._readers]
                states += [(n, scard.SCARD_STATE_UNAWARE) for n in self._readers if n not in known]
