"""Start the Qt application around the wizard and report how the visit(s) ended."""

from __future__ import annotations

import logging
import os
import sys
import time
from dataclasses import dataclass
from typing import Any

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.identity import Ins
from dmp_desktop.flow.outcomes import CreationReport, Outcome
from dmp_desktop.ui.services import UiServices

log = logging.getLogger(__name__)

PROBE_ENV = "DMP_DESKTOP_STARTUP_PROBE"


class NoDisplayError(RuntimeError):
    """No display to open a window on (Qt would abort the process)."""


@dataclass(frozen=True)
class UiResult:
    """How the last visit ended. `report` has no PDF nor temporary password (forget_secrets)."""

    outcome: Outcome | None
    report: CreationReport | None = None
    error: ErrorCode | None = None
    ins: Ins | None = None  # the patient's identifier once a beneficiary was chosen


def ensure_application(language: str = "fr") -> Any:
    """The QApplication (created once, with translators). Refuses to abort on a machine with no display."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
        ):
            # without a display QApplication aborts the process (uncatchable): say why instead
            raise NoDisplayError("no display: set DISPLAY, or QT_QPA_PLATFORM=offscreen")
        app = QApplication(sys.argv[:1])
        app.setApplicationName("dmp-desktop")
        app.setApplicationDisplayName("DMP")
        from dmp_desktop.ui.i18n import install_translators

        app.setProperty("dmp_translators", len(install_translators(app, language)))  # owned by app
    return app


def build_window(services: UiServices) -> Any:
    """The main window with its wizard, not shown and not started (tests and screenshots drive it: show()
    then window.view.start())."""
    from dmp_desktop.ui.widgets import use_accessible_palette
    from dmp_desktop.ui.window import MainWindow

    use_accessible_palette()
    return MainWindow(services)


def result_of(window: Any) -> UiResult:
    flow = window.view.flow
    report = flow.report.forget_secrets() if flow.report is not None else None
    outcome = flow.outcome
    error = flow.error if outcome is Outcome.ERROR else None
    if report is not None and report.error is not None and error is None and outcome is not Outcome.CREATED:
        error = report.error
    ins = report.order.ins if report is not None else flow.ins or window.view.visit_ins
    return UiResult(outcome, report, error, ins)


def _probe(window: Any) -> None:
    """DMP_DESKTOP_STARTUP_PROBE=1: print when the wizard answers and when the services of steps 2-4 are
    built, then close (benchmarks/startup.py times the real command so; an IT person can time a counter PC
    the same way)."""
    from PySide6.QtCore import QTimer

    marks: list[str] = []

    def mark(name: str) -> None:
        print(f"startup-probe {name} {time.time():.6f}", flush=True)
        marks.append(name)
        if len(marks) == 2:
            window.close()

    QTimer.singleShot(0, lambda: mark("wizard"))  # the first turn of the event loop after show()
    window.view.steps_built.connect(lambda: QTimer.singleShot(0, lambda: mark("steps")))


def run(services: UiServices) -> UiResult:
    """Show the wizard until the window closes (`services.single_visit`: one visit, then it closes), then
    close the services. Raises the error of the steps 2-4 build, if it failed, once the window is closed
    (it was shown in the window)."""
    ensure_application(services.settings.language)
    window = build_window(services)
    window.show()
    window.view.start()  # the card monitor, the reader list, and the build of the steps 2-4 services
    if os.environ.get(PROBE_ENV):
        _probe(window)
    from PySide6.QtCore import QEventLoop

    # A loop of our own, not app.exec(): QApplication.quit() would leave the application "quitting" (every
    # later event loop returns at once), which breaks a host or a test that keeps using Qt after us.
    loop = QEventLoop()
    window.closed.connect(loop.quit)
    loop.exec()
    try:
        services.close()
    except Exception:
        log.exception("closing the services failed")
    failure = services.steps.exception(timeout=0) if services.steps.done() else None
    if failure is not None:
        raise failure
    return result_of(window)
