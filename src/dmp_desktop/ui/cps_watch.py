"""Notices the pharmacist's card pulled while its session serves steps 2-4: a PKCS#11 card sends no event, so
the session's card is looked at (a slot query, off the GUI thread) every CPS_WATCH_MS."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from dmp_desktop.flow import events as ev
from dmp_desktop.flow.wizard import Step, Wizard
from dmp_desktop.ui.runner import Runner
from dmp_desktop.ui.services import UiServices

CPS_WATCH_MS = 1500
_WATCHED = (Step.CONNECT, Step.CONSENT, Step.ACCOUNT)


class CpsWatch(QObject):
    """Sends CpsRemoved to the wizard when the session's card is gone."""

    def __init__(self, flow: Wizard, services: UiServices, runner: Runner, send: Callable[[ev.Event], object]) -> None:
        super().__init__(runner)
        self._flow, self._services, self._runner, self._send = flow, services, runner, send
        self.timer = QTimer(self)
        self.timer.setInterval(CPS_WATCH_MS)
        self.timer.timeout.connect(self.look)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def look(self) -> None:
        flow, steps = self._flow, self._services.steps
        if flow.professional is None or flow.busy or flow.step not in _WATCHED or not steps.done():
            return
        if steps.exception() is not None or (sessions := steps.result().professional) is None:
            return

        def pulled(gone: bool) -> None:
            if gone:
                self._send(ev.CpsRemoved())

        self._runner.submit(lambda: sessions.card is None, pulled)
