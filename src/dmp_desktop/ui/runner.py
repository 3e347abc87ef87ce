"""Blocking calls off the GUI thread: a QThreadPool runner whose results come back by signal, late ones dropped."""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from dmp_desktop.domain.errors import DomainError, ErrorCode

log = logging.getLogger(__name__)


@dataclass
class _Pending:
    generation: int
    on_done: Callable[[Any], object] | None
    on_error: Callable[[DomainError], object] | None
    label: str


class _Job(QRunnable):
    """Runs one callable on a pool thread and reports through the runner's signal (queued to the GUI)."""

    def __init__(self, runner: Runner, task_id: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._runner = runner
        self._task_id = task_id
        self._fn = fn

    def run(self) -> None:
        try:
            value = self._fn()
        except DomainError as exc:
            self._runner.reported.emit((self._task_id, False, exc))
        except Exception as exc:  # an adapter bug must not kill the pool thread: report it as INTERNAL
            log.exception("background task failed")
            self._runner.reported.emit((self._task_id, False, DomainError(ErrorCode.INTERNAL, type(exc).__name__)))
        else:
            self._runner.reported.emit((self._task_id, True, value))


class Runner(QObject):
    """Submit blocking calls (DMP, database, printing, card reads) off the GUI thread.

    Every submit is stamped with the current generation; `invalidate()` (Back, Cancel, card pulled,
    new patient) bumps it so that results of older tasks are dropped instead of touching the new state.
    `busy_changed(label)` tells the window what runs ("" when nothing the user waits for does)."""

    # emitted from pool threads (Qt queues it to this object's thread). One `object` argument: PySide 6.12
    # mis-counts references of Python bools carried through queued connections (abort at exit on 3.11)
    reported = Signal(object)
    busy_changed = Signal(str)

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._generation = 0
        self._lock = threading.Lock()
        self.reported.connect(self._on_reported)

    @property
    def generation(self) -> int:
        return self._generation

    def invalidate(self) -> int:
        """Drop the results of every task started so far; returns the new generation."""
        self._generation += 1
        self._emit_busy()
        return self._generation

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], object] | None = None,
        on_error: Callable[[DomainError], object] | None = None,
        label: str = "",
    ) -> int:
        """Run `fn()` in the pool; `on_done(value)` or `on_error(DomainError)` run later on the GUI thread,
        only if no invalidate() happened in between. `label` is the progress text shown meanwhile."""
        task_id = next(self._ids)
        self._pending[task_id] = _Pending(self._generation, on_done, on_error, label)
        self._emit_busy()
        self._pool.start(_Job(self, task_id, fn))
        return task_id

    def busy_label(self) -> str:
        """The label of the oldest live task the user waits for ("" when none)."""
        for pending in self._pending.values():
            if pending.generation == self._generation and pending.label:
                return pending.label
        return ""

    def active(self) -> int:
        return self._pool.activeThreadCount()

    def wait(self, msecs: int = 5000) -> bool:
        """Wait for the pool to drain (window closing); True when every task finished."""
        return bool(self._pool.waitForDone(msecs))

    def _emit_busy(self) -> None:
        self.busy_changed.emit(self.busy_label())

    def _on_reported(self, message: tuple[int, bool, object]) -> None:
        task_id, ok, value = message
        pending = self._pending.pop(task_id, None)
        self._emit_busy()
        if pending is None or pending.generation != self._generation:
            log.debug("dropped a late result (task %s)", task_id)
            return
        if ok:
            if pending.on_done is not None:
                pending.on_done(value)
        elif pending.on_error is not None:
            assert isinstance(value, DomainError)
            pending.on_error(value)
        else:
            log.error("unhandled background error: %s", value)
