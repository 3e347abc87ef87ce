"""Run one flow TaskRequest on a pool thread (flow.tasks.run_task), reading the card without the counter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dmp_desktop.domain.identity import CardRead
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.events import TaskRequest
from dmp_desktop.flow.tasks import run_task


def run_request(
    counter: Any,
    request: TaskRequest,
    emit: Callable[[ev.Event], None],
    reader: str | None = None,
    card_reader: Any = None,
    card_wait: float = 0.0,
) -> ev.Event:
    """Blocking. `emit` receives CreationProgress events (thread-safe signal emit in the ui). `reader`: the
    configured (or host-given) reader, used when the event did not name one. With `card_reader` the card
    is read through it directly (as Counter.read_card does), so step 1 never waits for a counter that is
    still being built (ui.lazy.Deferred)."""

    def read_card(name: str | None) -> CardRead:
        return card_reader.read(name, card_wait)  # type: ignore[no-any-return]

    return run_task(counter, request, emit, read_card=read_card if card_reader is not None else None, reader=reader)
