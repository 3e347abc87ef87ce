"""Run one wizard task on the counter's use-cases and turn its result into the wizard's result event."""

from __future__ import annotations

import logging
from collections.abc import Callable

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import CardRead
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.events import Event, Task, TaskRequest
from dmp_desktop.flow.outcomes import Stage
from dmp_desktop.flow.usecases import CounterServices

log = logging.getLogger(__name__)


def run_task(
    counter: CounterServices,
    request: TaskRequest,
    emit: Callable[[Event], None] | None = None,
    *,
    read_card: Callable[[str | None], CardRead] | None = None,
    reader: str | None = None,
) -> Event:
    """Blocking: call it on a worker thread, then hand the returned event to `Wizard.send` on the GUI
    thread. `emit` receives CreationProgress events as they happen (from the worker thread). `reader`: the
    configured (or host-given) reader when the request names none. `read_card` reads the card without the
    counter (the ui builds the counter in the background; step 1 must not wait for it)."""
    gen = request.generation

    def progress(stage: Stage) -> None:
        if emit is not None:
            emit(ev.CreationProgress(stage, gen))

    kind = request.kind
    try:
        if kind is Task.READ_CARD:
            name = request.reader or reader or None
            return ev.CardReadOk(read_card(name) if read_card is not None else counter.read_card(name), gen)
        if kind is Task.TEST_EXISTENCE:
            assert request.ins is not None
            return ev.ExistenceChecked(counter.check_existence(request.ins), gen)
        if kind is Task.CREATE:
            assert request.order is not None
            return ev.CreationDone(counter.create(request.order, progress=progress), gen)
        assert request.report is not None
        if kind is Task.RETRY_ACCOUNT:
            return ev.CreationDone(counter.retry_account(request.report, progress=progress), gen)
        return ev.CreationDone(counter.print_receipt(request.report, progress=progress), gen)
    except DomainError as exc:
        return _failed(kind, exc.code, gen)
    except Exception:  # a bug in an adapter must reach the page as an error, not kill the worker
        log.exception("task %s failed", kind.value)
        return _failed(kind, ErrorCode.INTERNAL, gen)


def _failed(kind: Task, code: ErrorCode, gen: int) -> Event:
    if kind is Task.READ_CARD:
        return ev.CardReadFailed(code, gen)
    if kind is Task.TEST_EXISTENCE:
        return ev.ExistenceFailed(code, gen)
    return ev.CreationFailed(code, gen)
