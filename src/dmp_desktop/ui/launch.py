"""Start the Qt application around the wizard and report how the visit(s) ended."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, replace
from typing import Any

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.identity import Ins
from dmp_desktop.domain.model import Pharmacist
from dmp_desktop.flow.outcomes import CreationReport, Outcome
from dmp_desktop.ui.lazy import Deferred
from dmp_desktop.ui.services import UiServices

log = logging.getLogger(__name__)


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
            raise RuntimeError("no display: set DISPLAY, or QT_QPA_PLATFORM=offscreen")
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
    flow = window.view.flow
    report = flow.report.forget_secrets() if flow.report is not None else None
    outcome = flow.outcome
    error = flow.error if outcome is Outcome.ERROR else None
    if report is not None and report.error is not None and error is None and outcome is not Outcome.CREATED:
        error = report.error
    ins = report.order.ins if report is not None else flow.ins or window.view.visit_ins
    return UiResult(outcome, report, error, ins)


def run(services: UiServices, *, context: dict[str, Any] | None = None) -> UiResult:
    """Show the wizard until the window closes. With a host `context`, one visit then close."""
    ensure_application(services.settings.language)
    window = build_window(services, context=context)
    from PySide6.QtCore import QEventLoop

    # A loop of our own, not app.exec(): QApplication.quit() would leave the application "quitting" (every
    # later event loop returns at once), which breaks a host or a test that keeps using Qt after us.
    loop = QEventLoop()
    window.closed.connect(loop.quit)
    window.show()
    window.view.start()
    loop.exec()
    result = result_of(window)
    if services.close is not None:
        try:
            services.close()
        except Exception:
            log.exception("closing the services failed")
    return result
