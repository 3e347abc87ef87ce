"""Forwards CardMonitor events from the monitor's thread to a Qt signal (queued to the GUI thread)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from dmp_desktop.domain.ports import CardEvent, CardMonitor

log = logging.getLogger(__name__)


class CardBridge(QObject):
    """The monitor callback only emits; widgets react in slots on the GUI thread (never from the callback)."""

    card_event = Signal(object)  # CardEvent (not `event`: that is QObject's virtual event handler)

    def __init__(self, monitor: CardMonitor | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._monitor = monitor
        self._running = False

    @property
    def available(self) -> bool:
        return self._monitor is not None

    def start(self) -> None:
        if self._monitor is None or self._running:
            return
        self._running = True
        self._monitor.start(self._forward)

    def stop(self) -> None:
        if self._monitor is None or not self._running:
            return
        self._running = False
        try:
            self._monitor.stop()
        except Exception:  # stopping happens on close: log, do not block the exit
            log.exception("card monitor did not stop cleanly")

    def _forward(self, event: CardEvent) -> None:
        # runs on the monitor thread: emitting is thread-safe, the connection is queued
        self.card_event.emit(event)
