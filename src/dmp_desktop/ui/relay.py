"""Hand a call from any thread to the GUI thread through an object that lives as long as the application."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal


class _Relay(QObject):
    # one `object` argument: the callable to run on the GUI thread (queued: the relay lives there)
    call = Signal(object)


_relay: _Relay | None = None


def gui_relay() -> _Relay:
    """The application's relay, made on first use: call it first from the GUI thread. A worker thread that
    emitted on a widget could find it deleted by a closing window (a crash, not a Python error); the relay is
    a child of the application, so it outlives every window."""
    global _relay
    if _relay is None:
        _relay = _Relay(QCoreApplication.instance())
        _relay.call.connect(lambda fn: fn(), Qt.ConnectionType.QueuedConnection)
    return _relay


def call_in_gui(fn: Callable[[], object]) -> None:
    """Run `fn` on the GUI thread's event loop, soon; safe from any thread once `gui_relay()` was made."""
    gui_relay().call.emit(fn)
