"""Run one wizard task on the counter's use-cases and turn its result into the wizard's result event."""

from __future__ import annotations

import logging
from collections.abc import Callable

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.ports import CardReader
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
    reader: str | None = None,
) -> Event:
    """Blocking: call it on a worker thread, then hand the returned event to `Wizard.send` on the GUI
    thread. `emit` receives CreationProgress events as they happen (from the worker thread). `reader`: the
    configured (or host-given) reader when the request names none."""
    kind, gen = request.kind, request.generation
    if kind is Task.READ_CARD:
        return read_card(counter.card_reader, request, reader=reader, wait=counter.card_wait)

    def progress(stage: Stage) -> None:
        if emit is not None:
            emit(ev.CreationProgress(stage, gen))

    try:
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
        return failed(request, exc.code)
    except Exception:  # a bug in an adapter must reach the page as an error, not kill the worker
        log.exception("task %s failed", kind.value)
        return failed(request, ErrorCode.INTERNAL)


def read_card(card_reader: CardReader, request: TaskRequest, *, reader: str | None = None, wait: float = 0.0) -> Event:
    """READ_CARD needs the card reader alone (no DMP service, ledger or printer). Blocking, like run_task."""
    try:
        return ev.CardReadOk(card_reader.read(request.reader or reader or None, wait), request.generation)
    except DomainError as exc:
        return failed(request, exc.code)
    except Exception:
        log.exception("task %s failed", request.kind.value)
        return failed(request, ErrorCode.INTERNAL)


def failed(request: TaskRequest, code: ErrorCode) -> Event:
    """The failure event that answers `request` (the wizard drops it if the request is stale)."""
    gen = request.generation
    if request.kind is Task.READ_CARD:
        return ev.CardReadFailed(code, gen)
    if request.kind is Task.TEST_EXISTENCE:
        return ev.ExistenceFailed(code, gen)
    return ev.CreationFailed(code, gen)
