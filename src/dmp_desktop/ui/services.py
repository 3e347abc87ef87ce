"""What the composition root hands to the ui: port objects and callbacks, never adapter imports."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field

from dmp_desktop.domain.ports import CardMonitor, CardReader, CreationLedger, ReceiptPrinter
from dmp_desktop.flow.professional import ProfessionalSessions
from dmp_desktop.flow.usecases import CounterServices
from dmp_desktop.settings import Settings

log = logging.getLogger(__name__)

CLOSE_WAIT = 30.0  # seconds the closing window waits for a build still running (a database migration…)


def _nothing() -> None:
    pass


@dataclass(frozen=True)
class StepServices:
    """What steps 2-4 and the menus call: slow to build (database, DMP service, printing), so it is built
    on its own thread while the pharmacist inserts the card."""

    counter: CounterServices  # existence test, creation, account, accusé
    ledger: CreationLedger  # the « Registre » menu
    printer: ReceiptPrinter  # the printers offered by « Paramètres »
    close: Callable[[], None] = _nothing
    # the pharmacist's card (mode DIRECTE): step 2 asks for it and steps 2-4 call the DMP as its holder;
    # None: mode INDIRECTE (an establishment certificate pair), `counter` as it is, no card asked
    professional: ProfessionalSessions | None = None


@dataclass
class UiServices:
    """Everything the wizard and its menus call. app.build_ui_services(settings, host) builds the real one;
    tests build one on dmp_desktop.flow.fakes.

    Step 1 needs only `reader` and `monitor`. `build_steps` makes the rest: `start()` runs it on its own
    thread (the window calls it right after it is shown) and `steps` is its future, awaited off the GUI
    thread by the tasks that need it."""

    reader: CardReader
    settings: Settings  # the host's pharmacist, workstation and reader already applied
    build_steps: Callable[[], StepServices]  # blocking
    monitor: CardMonitor | None = None
    expected_nir: str | None = None  # the host's patient: pre-selected, any other refused
    single_visit: bool = False  # launched by the host for one patient: the window closes when it ends
    # (PDF bytes, the screen's device pixel ratio) -> PNG bytes of the first page, drawn for that ratio so it
    # stays sharp at 150 % scaling (the ui may not import receipts); None: no preview shown
    preview: Callable[[bytes, float], bytes] | None = None
    # (menu label, callback inserting that training card): the virtual card on vpcd or the in-process reader
    training_cards: list[tuple[str, Callable[[], None]]] = field(default_factory=list)
    remove_training_card: Callable[[], None] | None = None
    # (menu label, callback inserting that training CPS/CPE) and pulling it: the in-process training CPS
    training_cps: list[tuple[str, Callable[[], None]]] = field(default_factory=list)
    remove_training_cps: Callable[[], None] | None = None
    # persist edited settings (TOML); None: the settings dialog is read-only
    save_settings: Callable[[Settings], None] | None = None
    # what closes with the window besides the StepServices (the card reader, a training card)
    on_close: Callable[[], None] = _nothing
    steps: Future[StepServices] = field(default_factory=Future, init=False)
    _started: bool = field(default=False, init=False, repr=False)

    def start(self) -> None:
        """Start building the StepServices on a thread of their own (once; later calls do nothing). From
        the GUI thread."""
        if self._started:
            return
        self._started = True
        self.steps.set_running_or_notify_cancel()
        threading.Thread(target=self._build, name="build-steps", daemon=True).start()

    def wait_steps(self) -> StepServices:
        """The StepServices, waiting while they are being built (a failed build raises its error again).
        Blocking: call it in the worker pool, never on the GUI thread."""
        if not self._started:  # would wait forever
            raise RuntimeError("UiServices.start() was not called")
        return self.steps.result()

    def _build(self) -> None:
        try:
            self.steps.set_result(self.build_steps())
        except BaseException as exc:  # kept in the future: the window shows it, each task reports it
            log.exception("the services of steps 2-4 could not be built")
            self.steps.set_exception(exc)

    def close(self) -> None:
        """Close what was built, waiting for a build still running (the window is closing: it may wait)."""
        try:
            if self._started:
                self.steps.result(timeout=CLOSE_WAIT).close()
        except Exception:  # the build failed (already shown and logged) or hangs: nothing of it to close
            log.info("the services of steps 2-4 were not built; nothing of them to close")
        finally:
            self.on_close()
