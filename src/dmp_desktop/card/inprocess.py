"""The in-process training reader: card images served through the same encoder → APDU → parser path."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dmp_desktop.card.apdu import classify_atr, hex_atr
from dmp_desktop.card.applet import VitaleApplet
from dmp_desktop.card.image import load_image, validate_image
from dmp_desktop.card.session import read_vitale
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import CardRead
from dmp_desktop.domain.ports import CardEvent, CardEventKind

log = logging.getLogger(__name__)

READER_NAME = "Lecteur de formation 00 00"


class _AppletChannel:
    """The applet as an APDU channel that fails like a pulled card once the card is removed or replaced."""

    def __init__(self, owner: InProcessReader, applet: VitaleApplet, generation: int) -> None:
        self._owner = owner
        self._applet = applet
        self._generation = generation

    def transmit(self, apdu: bytes) -> bytes:
        if not self._owner._still_inserted(self._generation):
            raise DomainError(ErrorCode.CARD_REMOVED, "training card removed during the read")
        return self._applet.transmit(apdu)


class InProcessReader:
    """CardReader + CardMonitor without PC/SC (Windows/macOS training mode, tests). One reader slot."""

    def __init__(self, reader_name: str = READER_NAME) -> None:
        self.reader_name = reader_name
        self._cond = threading.Condition()
        self._applet: VitaleApplet | None = None
        self._generation = 0
        self._events: queue.Queue[CardEvent | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._callback: Callable[[CardEvent], None] | None = None
        self._read_lock = threading.Lock()  # one read at a time: the applet keeps the selected file

    # --- the training card slot ----------------------------------------------------------------------

    def insert(self, image: dict[str, Any] | Path | str, **applet_options: Any) -> None:
        """Insert a card image (dict or JSON path), replacing any card present."""
        data = load_image(image) if isinstance(image, (Path, str)) else validate_image(image)
        applet = VitaleApplet.from_image(data, **applet_options)
        with self._cond:
            had_card = self._applet is not None
            self._applet = applet
            self._generation += 1
            self._cond.notify_all()
        if had_card:
            self._post(CardEvent(CardEventKind.CARD_REMOVED, self.reader_name))
        self._post(CardEvent(CardEventKind.CARD_INSERTED, self.reader_name, hex_atr(applet.atr)))

    def remove(self) -> None:
        with self._cond:
            had_card = self._applet is not None
            self._applet = None
            self._generation += 1
        if had_card:
            self._post(CardEvent(CardEventKind.CARD_REMOVED, self.reader_name))

    @property
    def card_present(self) -> bool:
        with self._cond:
            return self._applet is not None

    def _still_inserted(self, generation: int) -> bool:
        with self._cond:
            return self._applet is not None and self._generation == generation

    # --- CardReader --------------------------------------------------------------------------------

    def readers(self) -> list[str]:
        return [self.reader_name]

    def read(self, reader: str | None = None, wait: float = 0.0) -> CardRead:
        if reader and reader != self.reader_name:
            raise DomainError(ErrorCode.READER_NOT_FOUND, f"reader '{reader}' not found (have: {self.reader_name})")
        with self._cond:
            if not self._cond.wait_for(lambda: self._applet is not None, timeout=max(0.0, wait)):
                raise DomainError(ErrorCode.NO_CARD, f"no card after {wait:g} s")
            applet, generation = self._applet, self._generation
        assert applet is not None
        card_type = classify_atr(applet.atr)
        with self._read_lock:
            applet.reset()  # a fresh connection powers the card up: nothing selected
            parsed = read_vitale(_AppletChannel(self, applet, generation))
        return CardRead(self.reader_name, card_type, hex_atr(applet.atr), parsed.beneficiaries)

    # --- CardMonitor -------------------------------------------------------------------------------

    def start(self, callback: Callable[[CardEvent], None]) -> None:
        """Deliver events to `callback`. The reader is shared (training_reader()): a second start() hands the
        events to the new callback and reports the current state again."""
        self._callback = callback
        if self._thread is None:
            self._thread = threading.Thread(target=self._dispatch, name="card-monitor-inprocess", daemon=True)
            self._thread.start()
        self._post(CardEvent(CardEventKind.SERVICE_UP))
        self._post(CardEvent(CardEventKind.READER_ADDED, self.reader_name))
        with self._cond:
            applet = self._applet
        if applet is not None:
            self._post(CardEvent(CardEventKind.CARD_INSERTED, self.reader_name, hex_atr(applet.atr)))

    def stop(self) -> None:
        if self._thread is None:
            return
        self._events.put(None)
        self._thread.join(timeout=5)
        self._thread = None
        self._callback = None
        self._events = queue.Queue()

    def _post(self, event: CardEvent) -> None:
        if self._thread is not None:
            self._events.put(event)

    def _dispatch(self) -> None:
        while True:
            event = self._events.get()
            if event is None:
                return
            try:
                if self._callback is not None:
                    self._callback(event)
            except Exception:  # a faulty listener must not stop the events
                log.exception("card event callback failed")
