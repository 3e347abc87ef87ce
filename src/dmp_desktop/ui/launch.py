"""Start the Qt application around the wizard and report how the visit(s) ended."""

from __future__ import annotations

import importlib
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.ui.lazy import when_idle

if TYPE_CHECKING:  # the window opens before these are imported (see open_window)
    from dmp_desktop.domain.identity import Ins
    from dmp_desktop.flow.outcomes import CreationReport, Outcome
    from dmp_desktop.settings import Settings
    from dmp_desktop.ui.services import UiServices

    ServicesSource = UiServices | Callable[[], UiServices]

log = logging.getLogger(__name__)


class NoDisplayError(RuntimeError):
    """No display to open a window on (Qt would abort the process)."""


@dataclass(frozen=True)
class UiResult:
    """How the last visit ended. `report` has no PDF nor temporary password (forget_secrets)."""

    outcome: Outcome | None
    report: CreationReport | None = None
    error: ErrorCode | None = None
    ins: Ins | None = None  # the patient's identifier once a beneficiary was chosen


def apply_context(services: UiServices, context: dict[str, Any] | None) -> tuple[UiServices, str | None]:
    """Host context → services with the host's pharmacist, workstation and reader, and the expected NIR.
    Keys (all optional): pharmacist (Pharmacist, or a dict rpps/first_name/last_name), workstation,
    expected_nir, reader."""
    if not context:
        return services, None
    from dmp_desktop.domain.model import Pharmacist
    from dmp_desktop.ui.lazy import Deferred

    settings = services.settings
    counter = services.counter
    raw = context.get("pharmacist")
    if isinstance(raw, dict):
        raw = Pharmacist(
            rpps=str(raw.get("rpps", settings.pharmacist.rpps)),
            first_name=str(raw.get("first_name", settings.pharmacist.first_name)),
            last_name=str(raw.get("last_name", settings.pharmacist.last_name)),
        )
    pharmacist = raw if isinstance(raw, Pharmacist) else None
    workstation = str(context["workstation"]) if context.get("workstation") else None
    if pharmacist is not None:
        settings = replace(settings, pharmacist=pharmacist)
    if workstation is not None:
        settings = replace(settings, workstation=workstation)

    def for_host(base: Any) -> Any:
        if pharmacist is not None and hasattr(base, "with_pharmacist"):
            base = base.with_pharmacist(pharmacist)
        if workstation is not None and hasattr(base, "workstation"):
            base = replace(base, workstation=workstation)
        return base

    # a counter still being built (ui.lazy.Deferred) is changed when ready, never waited for here
    counter = counter.then(for_host) if isinstance(counter, Deferred) else for_host(counter)
    if context.get("reader"):
        settings = replace(settings, card=replace(settings.card, reader=str(context["reader"])))
    expected = context.get("expected_nir")
    return replace(services, settings=settings, counter=counter), (str(expected) if expected else None)


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


def build_window(services: UiServices, *, context: dict[str, Any] | None = None) -> Any:
    """The main window, not shown (tests and screenshots drive it)."""
    from dmp_desktop.flow.wizard import Wizard
    from dmp_desktop.ui.window import MainWindow

    services, expected = apply_context(services, context)
    wizard = Wizard(environment=services.settings.ins_environment, expected_nir=expected)
    return MainWindow(services, wizard=wizard, single_visit=context is not None)


def result_of(window: Any) -> UiResult:
    from dmp_desktop.flow.outcomes import Outcome

    if window.view is None:  # closed before the wizard was attached
        return UiResult(None)
    flow = window.view.flow
    report = flow.report.forget_secrets() if flow.report is not None else None
    outcome = flow.outcome
    error = flow.error if outcome is Outcome.ERROR else None
    if report is not None and report.error is not None and error is None and outcome is not Outcome.CREATED:
        error = report.error
    ins = report.order.ins if report is not None else flow.ins or window.view.visit_ins
    return UiResult(outcome, report, error, ins)


# Imported one group per event-loop turn after the window is shown, so it keeps answering meanwhile.
_WIZARD_MODULES = (
    ("dmp_desktop.flow.wizard",),
    ("dmp_desktop.ui.pages.identify", "dmp_desktop.ui.pages.connect", "dmp_desktop.ui.pages.consent"),
    ("dmp_desktop.ui.pages.account", "dmp_desktop.ui.pages.result"),
    ("dmp_desktop.ui.render", "dmp_desktop.ui.jobs", "dmp_desktop.ui.tasks", "dmp_desktop.ui.card_bridge"),
    ("dmp_desktop.ui.wizard",),
)

PROBE_ENV = "DMP_DESKTOP_STARTUP_PROBE"


def open_window(
    services: ServicesSource, *, settings: Settings | None = None, context: dict[str, Any] | None = None
) -> Any:
    """Show the window at once (banner, menus, step 1's waiting screen), then attach the wizard.

    `services` may be a function building them (app.build_ui_services): it runs after the window is shown,
    like the imports of the wizard's modules, one short step per event-loop turn once the loop is idle.
    `window.view_ready` fires when the wizard is attached and listening to the reader; a failure to build
    the services is shown in the window and kept in `window.start_error`."""
    if settings is None:
        if callable(services):
            raise ValueError("open_window needs the settings when the services are built later")
        settings = services.settings
    ensure_application(settings.language)
    from dmp_desktop.ui.window import MainWindow

    window = MainWindow(None, settings=settings, single_visit=context is not None)
    window.show()
    def importer(names: tuple[str, ...]) -> Callable[[], None]:
        def step() -> None:
            for name in names:
                importlib.import_module(name)

        return step

    steps: list[Callable[[], None]] = [importer(names) for names in _WIZARD_MODULES]

    def attach() -> None:
        built = services() if callable(services) else services
        window.services = built  # closed by run() even if what follows fails
        ready, expected = apply_context(built, context)
        from dmp_desktop.flow.wizard import Wizard

        wizard = Wizard(environment=ready.settings.ins_environment, expected_nir=expected)
        window.attach(ready, wizard).start()

    steps.append(attach)

    def next_step() -> None:
        if window.property("dmp_closed"):
            return  # closed while starting: stop here
        try:
            steps.pop(0)()
        except Exception as exc:
            log.exception("the wizard could not start")
            window.start_error = exc
            detail = exc.detail if isinstance(exc, DomainError) else str(exc) or type(exc).__name__
            window.show_start_failure(detail)
            return
        if steps:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, next_step)

    window.closed.connect(lambda: window.setProperty("dmp_closed", True))
    when_idle(next_step)
    return window


def _probe(window: Any) -> None:
    """DMP_DESKTOP_STARTUP_PROBE=1: print when the window and then the wizard answer, then close (this is how
    benchmarks/startup.py times the real command; an IT person can time a counter PC the same way)."""
    import time

    def shown() -> None:
        print(f"startup-probe window {time.time():.6f}", flush=True)

    def ready() -> None:
        def answered() -> None:
            print(f"startup-probe wizard {time.time():.6f}", flush=True)
            window.close()

        when_idle(answered)

    when_idle(shown)
    window.view_ready.connect(ready)


def run(
    services: ServicesSource, *, context: dict[str, Any] | None = None, settings: Settings | None = None
) -> UiResult:
    """Show the wizard until the window closes. With a host `context`, one visit then close. `services` may
    be a function building them once the window is shown (then give `settings`)."""
    window = open_window(services, settings=settings, context=context)
    if os.environ.get(PROBE_ENV):
        _probe(window)
    from PySide6.QtCore import QEventLoop

    # A loop of our own, not app.exec(): QApplication.quit() would leave the application "quitting" (every
    # later event loop returns at once), which breaks a host or a test that keeps using Qt after us.
    loop = QEventLoop()
    window.closed.connect(loop.quit)
    loop.exec()
    built = window.services
    if built is not None and built.close is not None:
        try:
            built.close()
        except Exception:
            log.exception("closing the services failed")
    if window.start_error is not None:
        raise window.start_error
    return result_of(window)
