"""A Qt application for QtPdf and QtPrintSupport when the caller (a headless command) has none."""

from __future__ import annotations

import os
import sys
import threading

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from dmp_desktop.domain.errors import DomainError, ErrorCode

_lock = threading.Lock()
_app: QGuiApplication | None = None  # kept referenced: PySide would destroy an unreferenced app


def _headless() -> bool:
    return sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def ensure_gui_app() -> QGuiApplication:
    """The running QGuiApplication (the wizard's QApplication), or a new one.

    QPdfDocument and QPrinter need a QGuiApplication. A headless command has none: we create one, on the
    "offscreen" platform when there is no display (without it Qt aborts the process, which Python cannot
    catch). Create it from the main thread: headless commands call us from there; the GUI already has its
    QApplication, so its pool threads only ever reuse it."""
    global _app
    with _lock:
        existing = QCoreApplication.instance()
        if isinstance(existing, QGuiApplication):
            return existing
        if existing is not None:
            raise DomainError(ErrorCode.PRINT_FAILED, "a QCoreApplication without GUI support is running")
        if _headless() and not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        # A QApplication (not a bare QGuiApplication): whatever builds a widget later in this process (a
        # host-launched wizard, a test) would otherwise abort, as Qt refuses widgets on a QGuiApplication.
        _app = QApplication([sys.argv[0] if sys.argv else "dmp-desktop"])
        return _app
