"""The card worker: one daemon thread runs every pyscard call, under deadlines the caller enforces.

A call stuck in the PC/SC stack (a card that stopped answering leaves SCardTransmit blocked in pcscd, and
SCardCancel only ends SCardGetStatusChange) cannot be interrupted from Python. So the caller never waits
for the worker without a deadline: when one passes, the worker is abandoned (it is a daemon thread, the
process can still end) and the next call gets a fresh one. The job moves its deadline as it goes from one
phase to the next (talking to the service, waiting for a card, exchanging APDUs).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import CancelledError, Future
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Phase:
    """What the worker is doing and until when (time.monotonic()) its caller waits for it."""

    name: str
    deadline: float
    seconds: float


class Stuck(Exception):
    """The job overran the deadline of `phase`; its worker has been abandoned."""

    def __init__(self, phase: Phase) -> None:
        super().__init__(f"{phase.name}: no answer within {phase.seconds:g} s")
        self.phase = phase


class Closed(Exception):
    """The worker was closed before the job ran."""


@dataclass
class _Job(Generic[T]):
    fn: Callable[[], T]
    future: Future[T]


class Worker:
    """One daemon thread, one job and one caller at a time (the phase is that caller's). `context` is what
    the running job registered to be cancelled (a PC/SC context): `cancel` gets it when a deadline passes
    or on close()."""

    def __init__(self, name: str, cancel: Callable[[Any], None]) -> None:
        self._cancel = cancel
        self._jobs: queue.SimpleQueue[_Job[Any] | None] = queue.SimpleQueue()
        self._phase = Phase("idle", float("inf"), 0.0)
        self._cond = threading.Condition()  # wakes the caller when the phase changes or the job ends
        self.context: Any = None
        self.abandoned = False
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.thread.start()

    # --- the worker side ---------------------------------------------------------------------------

    def enter(self, name: str, seconds: float) -> None:
        """Start a phase: the caller now waits `seconds` more, counted from now."""
        with self._cond:
            self._phase = Phase(name, time.monotonic() + seconds, seconds)
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            if self.abandoned:
                job.future.cancel()
                continue
            if not job.future.set_running_or_notify_cancel():
                continue
            try:
                job.future.set_result(job.fn())
            except BaseException as exc:
                job.future.set_exception(exc)

    # --- the caller side ---------------------------------------------------------------------------

    def run(self, fn: Callable[[], T], phase: str, seconds: float) -> T:
        """fn() on the worker thread; Stuck when a phase overruns, Closed when the worker was closed first."""
        if self.abandoned:
            raise Closed
        future: Future[T] = Future()
        future.add_done_callback(self._wake)
        self.enter(phase, seconds)
        self._jobs.put(_Job(fn, future))
        with self._cond:
            while not future.done():
                current = self._phase
                remaining = current.deadline - time.monotonic()
                if remaining <= 0:
                    self._stop(f"abandoned: {current.name} overran {current.seconds:g} s", logging.INFO)
                    raise Stuck(current)
                self._cond.wait(remaining)
        try:
            return future.result()
        except CancelledError:
            raise Closed from None

    def _wake(self, _future: Future[Any]) -> None:
        with self._cond:
            self._cond.notify_all()

    def _stop(self, why: str, level: int = logging.DEBUG) -> None:
        """Cancel what the job is blocked on; the thread ends by itself whenever that call returns."""
        if self.abandoned:
            return
        self.abandoned = True
        context = self.context
        if context is not None:
            # SCardCancel is itself a round trip to pcscd: if pcscd is what hangs, it must not hang us too.
            threading.Thread(target=self._cancel, args=(context,), name="pcsc-cancel", daemon=True).start()
        self._jobs.put(None)  # queued jobs behind it are cancelled by the loop (abandoned is set)
        log.log(level, "card worker %s %s", self.thread.name, why)

    def close(self, grace: float) -> None:
        """Cancel a wait in progress and end the thread, waiting for it at most `grace` seconds."""
        self._stop("closed")
        if self.thread is not threading.current_thread():
            self.thread.join(timeout=grace)
