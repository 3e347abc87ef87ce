"""A port built on a background thread so the window opens first (only pool tasks wait for it)."""

from __future__ import annotations

import concurrent.futures
import logging
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
U = TypeVar("U")


class Deferred(Generic[T]):
    """Runs `build()` on its own thread, at once or (`start=False`: a port derived with `then`) on `start()`
    or first use. Attribute access waits for the object, so use a Deferred
    only where the ui already calls ports: in TaskRunner's pool, never on the GUI thread (step 1 needs the
    card reader only; the DMP service, ledger and printer are used from step 2 on, by pool tasks). A build
    failure is raised again by every use (a DomainError reaches the page as its message)."""

    def __init__(self, build: Callable[[], T], name: str = "port", *, start: bool = True) -> None:
        self.name = name
        self._future: concurrent.futures.Future[T] = concurrent.futures.Future()
        self._thread = threading.Thread(target=self._run, args=(build,), name=f"build-{name}", daemon=True)
        self._start_lock = threading.Lock()
        self._started = False
        if start:
            self.start()

    def start(self) -> None:
        """Start the build (once; later calls do nothing)."""
        with self._start_lock:
            if self._started:
                return
            self._started = True
        self._thread.start()

    @property
    def started(self) -> bool:
        return self._started

    def _run(self, build: Callable[[], T]) -> None:
        try:
            self._future.set_result(build())
        except BaseException as exc:  # kept for the callers: they report it where the port is used
            log.warning("building %s failed: %s", self.name, type(exc).__name__)
            self._future.set_exception(exc)

    @property
    def ready(self) -> bool:
        return self._future.done()

    def resolve(self, timeout: float | None = None, *, closing: bool = False) -> T:
        """The port, waiting for its build (started now if it was not). `closing`: the window is closing,
        waiting is expected there."""
        self.start()
        if not closing and not self._future.done() and threading.current_thread() is threading.main_thread():
            log.warning("the GUI thread waits for %s (should run in the pool)", self.name)
        return self._future.result(timeout)

    def then(self, change: Callable[[T], U], name: str | None = None) -> Deferred[U]:
        """A Deferred of `change(port)` (the host's pharmacist, workstation…), without waiting here. It runs
        when first used, and only then starts this one's build if nobody has: deriving never starts it."""
        return Deferred(lambda: change(self.resolve()), name or self.name, start=False)

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("_"):
            raise AttributeError(attribute)
        return getattr(self.resolve(), attribute)


def resolved(value: Any) -> Any:
    """The object behind a Deferred (waits), or the value itself."""
    return value.resolve() if isinstance(value, Deferred) else value


class _IdleQueue:
    """Calls waiting for the GUI thread to go idle. One connection to the dispatcher's aboutToBlock, made
    once and never undone: connecting and disconnecting Python slots around the signal's own delivery (a
    slot disconnecting itself, or a single-shot connection) was a suspect in rare crashes in garbage
    collection seen during the test runs (docs/ui.md, « Start-up »)."""

    def __init__(self, dispatcher: Any) -> None:
        self.dispatcher = dispatcher  # kept referenced: the connection lives as long as it does
        self._pending: list[Callable[[], None]] = []
        dispatcher.aboutToBlock.connect(self._run)

    def add(self, call: Callable[[], None]) -> None:
        self._pending.append(call)

    def _run(self) -> None:
        if not self._pending:
            return
        calls, self._pending = self._pending, []
        for call in calls:
            try:
                call()
            except Exception:  # one failing call must not stop the others, nor reach Qt's event loop
                log.exception("a call made when idle failed")


_idle: _IdleQueue | None = None


def when_idle(call: Callable[[], None]) -> None:
    """Call once, the next time the GUI thread has nothing to do (its event loop is about to wait).
    From the GUI thread only."""
    global _idle
    from PySide6.QtCore import QAbstractEventDispatcher

    dispatcher = QAbstractEventDispatcher.instance()
    if dispatcher is None:
        call()
        return
    if _idle is None or _idle.dispatcher is not dispatcher:
        _idle = _IdleQueue(dispatcher)
    _idle.add(call)
