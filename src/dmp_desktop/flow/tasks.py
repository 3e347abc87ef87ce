"""Run one wizard task on the counter's use-cases and turn its result into the wizard's result event."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.ports import CardReader
from dmp_desktop.domain.professional import PinState
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.events import Event, Task, TaskRequest
from dmp_desktop.flow.outcomes import Stage
from dmp_desktop.flow.professional import Connection, ProfessionalSessions
from dmp_desktop.flow.usecases import CounterServices

log = logging.getLogger(__name__)


def run_task(
    counter: CounterServices,
    request: TaskRequest,
    emit: Callable[[Event], None] | None = None,
    *,
    reader: str | None = None,
    professional: ProfessionalSessions | None = None,
) -> Event:
    """Blocking: call it on a worker thread, then hand the returned event to `Wizard.send` on the GUI
    thread. `emit` receives CreationProgress events as they happen (from the worker thread). `reader`: the
    configured (or host-given) reader when the request names none. `professional`: the pharmacist's card
    sessions (mode DIRECTE): steps 2-4 then call the DMP as the connected card holder; None: `counter` as
    it is (mode INDIRECTE)."""
    kind, gen = request.kind, request.generation
    if kind in (Task.READ_CARD, Task.CHECK_CARD):
        # a check reads the card the monitor just saw: nothing to wait for
        wait = counter.card_wait if kind is Task.READ_CARD else 0.0
        return read_card(counter.card_reader, request, reader=reader, wait=wait)
    if kind in (Task.CPS_READ, Task.CPS_LOGIN, Task.CPS_CONNECT):
        return professional_task(professional, request)

    def progress(stage: Stage) -> None:
        if emit is not None:
            emit(ev.CreationProgress(stage, gen))

    try:
        counter = connected(counter, professional, required=kind is not Task.PRINT)
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


def connected(
    counter: CounterServices, professional: ProfessionalSessions | None, *, required: bool = True
) -> CounterServices:
    """`counter` calling the DMP as the professional whose card session is open. CPS_REMOVED when the card
    was pulled (checked before anything is sent). Printing needs no card: `required=False` lets it go on."""
    if professional is None:
        return counter
    connection = professional.connection
    if connection is None:
        if not required:
            return counter
        raise DomainError(ErrorCode.CPS_REMOVED, "no professional card session: step 2 asks for the card")
    return replace(counter, dmp=connection.dmp, pharmacist=connection.pharmacist, pharmacy=connection.pharmacy)


def professional_task(professional: ProfessionalSessions | None, request: TaskRequest) -> Event:
    """CPS_READ, CPS_LOGIN, CPS_CONNECT on the card sessions. Blocking (card, network), like run_task. The
    PIN is taken out of the request here (it is sent once, kept nowhere)."""
    kind, gen = request.kind, request.generation
    pin = request.pin.take() if request.pin is not None else ""
    if professional is None:
        return ev.CpsNotNeeded(gen) if kind is Task.CPS_READ else ev.CpsFailed(ErrorCode.CPS_MODULE_MISSING, gen)
    try:
        if kind is Task.CPS_READ:
            current = professional.connection
            if current is not None:  # the card stayed in: one PIN for many patients
                return _connected_event(current, gen)
            holder = professional.holder()
            card = professional.card
            if card is not None:
                return ev.CpsLoggedIn(holder, card.situations, gen)
            return ev.CpsRead(holder, professional.pin_state(), gen)
        if kind is Task.CPS_LOGIN:
            session = professional.login(pin)
            return ev.CpsLoggedIn(session.holder, session.situations, gen)
        return _connected_event(professional.connect(request.structure_id), gen)
    except DomainError as exc:
        state = _pin_state(professional) if kind is Task.CPS_LOGIN else None
        return ev.CpsFailed(exc.code, gen, state)
    except Exception:
        log.exception("task %s failed", kind.value)
        return ev.CpsFailed(ErrorCode.INTERNAL, gen)
    finally:
        del pin


def _connected_event(connection: Connection, gen: int) -> Event:
    return ev.CpsConnected(connection.holder, connection.situation, connection.pharmacist, connection.pharmacy, gen)


def _pin_state(professional: ProfessionalSessions) -> PinState | None:
    """The PIN state after a failed login, when the card can still tell it."""
    try:
        return professional.pin_state()
    except DomainError:
        return None


def read_card(card_reader: CardReader, request: TaskRequest, *, reader: str | None = None, wait: float = 0.0) -> Event:
    """READ_CARD and CHECK_CARD need the card reader alone (no DMP service, ledger or printer). Blocking, like
    run_task."""
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
    if request.kind in (Task.READ_CARD, Task.CHECK_CARD):
        return ev.CardReadFailed(code, gen)
    if request.kind is Task.TEST_EXISTENCE:
        return ev.ExistenceFailed(code, gen)
    if request.kind in (Task.CPS_READ, Task.CPS_LOGIN, Task.CPS_CONNECT):
        return ev.CpsFailed(code, gen)
    return ev.CreationFailed(code, gen)
