"""Run one flow TaskRequest against the counter use-cases (on a pool thread) and answer with its event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dmp_desktop.domain.errors import DomainError
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.events import Task, TaskRequest
from dmp_desktop.flow.outcomes import Stage


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
    gen = request.generation

    def progress(stage: Stage) -> None:
        emit(ev.CreationProgress(stage, gen))

    kind = request.kind
    try:
        if kind is Task.READ_CARD:
            name = request.reader or reader or None
            card = card_reader.read(name, card_wait) if card_reader is not None else counter.read_card(name)
            return ev.CardReadOk(card, gen)
        if kind is Task.TEST_EXISTENCE:
            assert request.ins is not None
            return ev.ExistenceChecked(counter.check_existence(request.ins), gen)
        if kind is Task.CREATE:
            assert request.order is not None
            return ev.CreationDone(counter.create(request.order, progress=progress), gen)
        if kind is Task.RETRY_ACCOUNT:
            assert request.report is not None
            return ev.CreationDone(counter.retry_account(request.report, progress=progress), gen)
        assert request.report is not None
        return ev.CreationDone(counter.print_receipt(request.report, progress=progress), gen)
    except DomainError as exc:
        if kind is Task.READ_CARD:
            return ev.CardReadFailed(exc.code, gen)
        if kind is Task.TEST_EXISTENCE:
            return ev.ExistenceFailed(exc.code, gen)
        return ev.CreationFailed(exc.code, gen)
