"""Starts the tasks the flow asks for (in the pool, their result event sent back) and names what runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject

from dmp_desktop.flow import events as ev
from dmp_desktop.flow.events import Task, TaskRequest
from dmp_desktop.flow.outcomes import Stage
from dmp_desktop.flow.tasks import failed, read_card, run_task
from dmp_desktop.flow.wizard import Wizard
from dmp_desktop.ui.card_bridge import CardBridge
from dmp_desktop.ui.runner import Runner
from dmp_desktop.ui.services import UiServices


class TaskStarter(QObject):
    """`start()` after each event; `busy_label()` for the overlay. `printer` says where the accusé prints now,
    `progress` is thread-safe (the creation's stages, queued to the GUI thread)."""

    def __init__(
        self, flow: Wizard, services: UiServices, runner: Runner, bridge: CardBridge,
        send: Callable[[ev.Event], object], progress: Callable[[ev.Event], None], printer: Callable[[], str | None],
    ) -> None:
        super().__init__(runner)
        self._flow, self._services, self._runner, self._bridge = flow, services, runner, bridge
        self._send, self._progress, self._printer = send, progress, printer

    def start(self) -> None:
        # the step's own task, then a card check (steps 2-4) that runs beside it
        while (request := self._flow.take_task()) is not None:
            self._submit(request)

    def _submit(self, request: TaskRequest) -> None:
        reader = self._services.settings.card.reader or None
        work: Callable[[], ev.Event]
        if request.kind in (Task.READ_CARD, Task.CHECK_CARD):
            card_reader = self._services.reader
            # With a monitor, an inserted card is read as soon as it is seen: « Lire la carte » with an empty
            # reader says so at once instead of waiting [card] wait_seconds for a card under a progress bar. A
            # check reads the card the monitor just saw: nothing to wait for either.
            monitored = self._bridge.available or request.kind is Task.CHECK_CARD
            wait = 0.0 if monitored else self._services.settings.card.wait_seconds

            def work(req: TaskRequest = request) -> ev.Event:
                return read_card(card_reader, req, reader=reader, wait=wait)
        else:
            services = self._services
            printer = self._printer()
            emit = self._progress

            def work(req: TaskRequest = request) -> ev.Event:
                # in the pool: waits for the services of steps 2-4 while they are still being built
                steps = services.wait_steps()
                counter = replace(steps.counter, printer_name=printer)
                return run_task(counter, req, emit, reader=reader, professional=steps.professional)

        # run_task turns DomainErrors into failure events; what reaches on_error is a failed build or a bug
        self._runner.submit(work, self._send, lambda error: self._send(failed(request, error.code)))

    def busy_label(self) -> str:
        flow = self._flow
        running = flow.running
        if running is None:
            return self._runner.busy_label()
        if running is Task.READ_CARD:
            return self.tr("Lecture de la carte…")
        if running is Task.TEST_EXISTENCE:
            return self.tr("Vérification du DMP…")
        if running is Task.CPS_READ:
            if flow.professional_card is None:  # perhaps no card at all: the DMP is what is awaited
                return self.tr("Vérification du DMP…")
            return self.tr("Lecture de la carte CPS…")
        if running is Task.CPS_LOGIN:
            return self.tr("Vérification du code PIN…")
        if running is Task.CPS_CONNECT:
            return self.tr("Connexion au service DMP…")
        if running is Task.RETRY_ACCOUNT:
            return self.tr("Ouverture du compte patient…")
        if running is Task.PRINT:
            return self.tr("Impression de l’accusé…")
        return {
            Stage.CONFIRMING: self.tr("Vérification du DMP…"),
            Stage.OPENING_ACCOUNT: self.tr("Ouverture du compte patient…"),
            Stage.RENDERING: self.tr("Préparation de l’accusé…"),
            Stage.PRINTING: self.tr("Impression de l’accusé…"),
        }.get(flow.stage, self.tr("Création du DMP…")) if flow.stage else self.tr("Création du DMP…")
