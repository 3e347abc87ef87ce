"""The card readers as step 1 shows them: their list (fetched in the pool) and the PC/SC problem, kept up to date
by the card monitor's events, whose insertions and removals go to the flow."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.ports import CardEvent, CardEventKind
from dmp_desktop.flow import events as ev
from dmp_desktop.ui.runner import Runner
from dmp_desktop.ui.services import UiServices


class ReaderWatch(QObject):
    """`readers` (None until listed) and `problem` for ViewState; `on_card_event` takes CardBridge's events."""

    def __init__(
        self, services: UiServices, runner: Runner, send: Callable[[ev.Event], object], redraw: Callable[[], None]
    ) -> None:
        super().__init__(runner)
        self._services, self._runner, self._send, self._redraw = services, runner, send, redraw
        self.readers: list[str] | None = None
        self.problem: ErrorCode | None = None

    def refresh(self) -> None:
        reader = self._services.reader
        self._runner.submit(lambda: reader.readers(), self._on_readers, self._on_failed)

    def on_card_event(self, event: CardEvent) -> None:
        kind = event.kind
        chosen = self._services.settings.card.reader
        if chosen and event.reader and event.reader != chosen and kind in (
            CardEventKind.CARD_INSERTED, CardEventKind.CARD_REMOVED
        ):
            return  # a card in another reader (the pharmacist's CPS, a second counter) is not our patient
        if kind is CardEventKind.CARD_INSERTED:
            self._send(ev.CardInserted(event.reader))
        elif kind is CardEventKind.CARD_REMOVED:
            self._send(ev.CardRemoved(event.reader))
        elif kind is CardEventKind.SERVICE_DOWN:
            self.problem = ErrorCode.PCSC_UNAVAILABLE
            self._redraw()
        elif kind in (CardEventKind.SERVICE_UP, CardEventKind.READER_ADDED, CardEventKind.READER_REMOVED):
            self.problem = None
            self.refresh()

    def _on_readers(self, readers: list[str]) -> None:
        self.readers = list(readers)
        self.problem = None if readers else ErrorCode.NO_READER
        self._redraw()

    def _on_failed(self, error: DomainError) -> None:
        self.readers = []
        self.problem = error.code
        self._redraw()
