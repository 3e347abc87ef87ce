"""Composition root: reads settings, builds the adapters behind their ports, hands them to the ui or a command."""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.model import CreationState, Pharmacist, PrintResult, ReceiptFormat
from dmp_desktop.domain.ports import (
    CardMonitor,
    CardReader,
    CreationLedger,
    DmpConnector,
    DmpService,
    SecretStore,
    SystemClock,
)
from dmp_desktop.settings import Settings, private_dir

if TYPE_CHECKING:
    from dmp_desktop.cps import CpsReader
    from dmp_desktop.flow.professional import ProfessionalSessions
    from dmp_desktop.flow.usecases import CounterServices
    from dmp_desktop.pos.context import HostContext
    from dmp_desktop.ui.services import UiServices

log = logging.getLogger(__name__)

TRAINING_CPS = "pharmacien"  # the training card in the reader at start (resources/training-cards/cps)


class LazyPrinter:
    """The Qt printer, built on first use: commands that write the PDF to a file never start Qt."""

    def __init__(self, name: str | None) -> None:
        self._name = name
        self._printer: Any = None
        self._lock = threading.Lock()

    def _get(self) -> Any:
        with self._lock:
            if self._printer is None:
                from dmp_desktop.receipts.qtprint import QtPrinter

                self._printer = QtPrinter(self._name)
            return self._printer

    def printers(self) -> list[str]:
        return list(self._get().printers())

    def default_printer(self) -> str | None:
        return self._get().default_printer()  # type: ignore[no-any-return]

    def print_pdf(self, pdf: bytes, fmt: ReceiptFormat, printer: str | None = None) -> PrintResult:
        return self._get().print_pdf(pdf, fmt, printer)  # type: ignore[no-any-return]

    def check(self, printer: str | None = None) -> None:
        self._get().check(printer)


def build_secrets(settings: Settings) -> SecretStore:
    """The OS keyring; in training mode on a machine without one (headless Linux), an in-memory store so
    training still works. Production keeps the keyring store, whose errors say what is missing."""
    from dmp_desktop.secrets import KeyringSecretStore, MemorySecretStore, keyring_backend_name, keyring_usable

    if keyring_usable():
        return KeyringSecretStore()
    if settings.training:
        log.info("no OS keyring backend (%s): training mode keeps secrets in memory", keyring_backend_name())
        return MemorySecretStore()
    return KeyringSecretStore()


@dataclass
class Services:
    """The real adapters of one process, and what must be closed when it ends."""

    settings: Settings
    reader: CardReader
    dmp: DmpService
    ledger: CreationLedger
    counter: CounterServices
    secrets: SecretStore
    simulator: Any = None  # dmp.simulator.EmbeddedSimulator in training mode without endpoint
    # the pharmacist's card and its DMP connection (mode DIRECTE); None in mode INDIRECTE (no card)
    professional: ProfessionalSessions | None = None
    _closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        while self._closers:
            closer = self._closers.pop()
            try:
                closer()
            except Exception:  # closing must go on: one failure must not leave the simulator running
                log.exception("error while closing")


def professional_card_reader(settings: Settings) -> CpsReader:
    """The reader of the pharmacist's card: the PKCS#11 module of [cps], or in training mode without one the
    process-wide training reader, whose certificates the embedded simulator's CA issues (kept in its state
    folder), with « pharmacien » inserted when no card is in."""
    from dmp_desktop.cps import backend_for, open_card_reader, training_reader

    if backend_for(settings) != "training":
        return open_card_reader(settings)
    from dmp_desktop.dmp.simulator import training_card_certificates

    state = settings.simulator_state_dir
    reader = training_reader(functools.partial(training_card_certificates, state), issuer_key=str(state))
    if reader.card is None:
        reader.insert_image(TRAINING_CPS)
    return reader


def open_professional(settings: Settings, connector: DmpConnector, workstation: str) -> ProfessionalSessions | None:
    """The pharmacist's card and its sessions (professional_card_reader); None when [dmp] authentication is
    indirecte."""
    if settings.dmp.authentication != "directe":
        return None
    from dmp_desktop.flow.professional import ProfessionalSessions

    return ProfessionalSessions(professional_card_reader(settings), connector, SystemClock(), workstation)


def build_services(
    settings: Settings,
    *,
    pharmacist: Pharmacist | None = None,
    workstation: str | None = None,
    reader: CardReader | None = None,
) -> Services:
    """Every adapter for `settings` (training mode: embedded simulator, virtual reader, SQLite, training CPS)."""
    from dmp_desktop.card import open_reader
    from dmp_desktop.dmp import open_connector
    from dmp_desktop.flow.usecases import CounterServices
    from dmp_desktop.receipts.pdf import ReportLabRenderer
    from dmp_desktop.storage import open_ledger

    station = workstation or settings.workstation
    closers: list[Callable[[], None]] = []
    try:
        private_dir(settings.data_dir)
        if reader is None:
            reader = open_reader(settings)
            if hasattr(reader, "close"):
                closers.append(reader.close)
        ledger = open_ledger(settings.database_url, spool_dir=settings.data_dir, workstation=station)
        closers.append(ledger.close)
        secrets = build_secrets(settings)
        connector = open_connector(settings, secrets)
        closers.append(connector.close)
        # the structure's own connection (mode INDIRECTE): reconciliation, and creation without a card
        service = connector.connect(None, None)
        closers.append(service.close)
        professional = open_professional(settings, connector, station)
        if professional is not None:
            closers.append(professional.close)
    except BaseException:
        for closer in reversed(closers):
            with contextlib.suppress(Exception):
                closer()
        raise
    counter = CounterServices(
        card_reader=reader,
        dmp=service,
        ledger=ledger,
        renderer=ReportLabRenderer(),
        printer=LazyPrinter(settings.printer.name or None),
        clock=SystemClock(),
        pharmacy=settings.pharmacy,
        pharmacist=pharmacist or settings.pharmacist,
        receipt_format=settings.printer.format,
        environment=settings.ins_environment,
        workstation=station,
        training=settings.training,
        printer_name=settings.printer.name or None,
        card_wait=settings.card.wait_seconds,
        pause=time.sleep,
    )
    return Services(settings, reader, service, ledger, counter, secrets, connector.simulator, professional, closers)


def connected(services: Services, pin: str | None, situation: str | None = None) -> CounterServices:
    """The counter as the card holder (mode DIRECTE: PIN, situation, the DMP connection as them); the
    structure's counter in mode INDIRECTE. Without a PIN in mode DIRECTE: REQUEST_INVALID naming `pin`."""
    if services.professional is None:
        return services.counter
    if pin is None:
        raise DomainError(
            ErrorCode.REQUEST_INVALID,
            "mode DIRECTE: the pharmacist's card PIN is read from standard input (--pin-stdin)",
            field="pin",
        )
    services.professional.login(pin)
    connection = services.professional.connect(situation)
    return replace(
        services.counter, dmp=connection.dmp, pharmacist=connection.pharmacist, pharmacy=connection.pharmacy
    )


# How long an entry point may spend settling pending journal entries before it goes on (each TD0.2 has its
# own whole-call deadline, so the overrun is at most one call).
RECONCILE_SECONDS = 15.0


@contextlib.contextmanager
def open_services(
    settings: Settings, *, pharmacist: Pharmacist | None = None, workstation: str | None = None,
    reconcile: bool = True,
) -> Iterator[Services]:
    """The real adapters, closed on exit; pending journal entries reconciled first (bounded) unless told not."""
    services = build_services(settings, pharmacist=pharmacist, workstation=workstation)
    try:
        if reconcile:
            reconcile_now(services)
        yield services
    finally:
        services.close()


def reconcile_now(services: Services, budget: float = RECONCILE_SECONDS) -> list[tuple[str, CreationState]]:
    """Settle the journal's pending entries with TD0.2, giving up (entries left pending) after `budget`
    seconds. Never raises: an entry point must open even when the journal or the service is away."""
    from dmp_desktop.domain.ports import SystemClock
    from dmp_desktop.flow.reconcile import reconcile_pending

    deadline = time.monotonic() + budget
    try:
        settled = reconcile_pending(
            services.ledger, services.dmp, services.counter.pharmacist,
            clock=SystemClock(), out_of_time=lambda: time.monotonic() > deadline,
        )
    except Exception:
        log.exception("reconciliation of pending creations failed; retried at the next start")
        return []
    if settled:
        log.info("reconciled %d pending creation(s): %s", len(settled), [s.value for _, s in settled])
    return settled


def reconcile_journal(settings: Settings, budget: float = RECONCILE_SECONDS) -> list[tuple[str, CreationState]]:
    """For the entry points that read the journal only (ledger, history): when it holds pending entries,
    open the DMP service long enough to settle them. Never raises."""
    from dmp_desktop.storage import open_ledger

    try:
        private_dir(settings.data_dir)
        ledger = open_ledger(settings.database_url, spool_dir=settings.data_dir, workstation=settings.workstation)
        try:
            if not ledger.pending():
                return []
        finally:
            ledger.close()
        with open_services(settings, reconcile=False) as services:
            return reconcile_now(services, budget)
    except Exception as exc:  # the command itself reports a journal or settings problem, in its words
        log.warning("reconciliation skipped: %s", exc)
        return []


def reconcile_in_background(services: Services) -> threading.Thread:
    """Settle journal entries left pending by a crash (TD0.2 for each), without delaying the window."""
    thread = threading.Thread(target=reconcile_now, args=(services,), name="reconcile", daemon=True)
    thread.start()
    return thread


# The menu starts with the ordinary cases, then the ones that teach an error.
_MENU_ORDER = ("famille-martin", "naissance-lunaire", "ne-en-corse", "enfant-sans-nir", "dmp-existant", "dmp-ferme")


def _menu_rank(path: Path) -> tuple[int, str]:
    return (_MENU_ORDER.index(path.stem) if path.stem in _MENU_ORDER else len(_MENU_ORDER), path.stem)


class TrainingCards:
    """The « Cartes de formation » menu: the virtual card on vpcd when the reader is PC/SC, else in-process."""

    def __init__(self, settings: Settings) -> None:
        from dmp_desktop.card import backend_for

        self._pcsc = backend_for(settings) == "pcsc"
        self._virtual: Any = None
        self._lock = threading.Lock()

    def entries(self) -> list[tuple[str, Callable[[], None]]]:
        from dmp_desktop.card.image import load_image, training_cards

        out: list[tuple[str, Callable[[], None]]] = []
        for path in sorted(training_cards(), key=_menu_rank):
            label = str(load_image(path).get("label") or path.stem)
            out.append((label, functools.partial(self.insert, path)))
        return out

    def insert(self, path: Path) -> None:
        from dmp_desktop.card.image import load_image

        self.remove()
        if self._pcsc:
            from dmp_desktop.card.virtual import VirtualCard

            with self._lock:
                self._virtual = VirtualCard(load_image(path), slot=0).start()
        else:
            from dmp_desktop.card import training_reader

            training_reader().insert(path)

    def remove(self) -> None:
        if self._pcsc:
            with self._lock:
                card, self._virtual = self._virtual, None
            if card is not None:
                card.stop()
        else:
            from dmp_desktop.card import training_reader

            training_reader().remove()


def save_settings_file(settings: Settings) -> None:
    from dmp_desktop.settings import default_config_path, dump_settings

    path = settings.source or default_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_settings(settings), encoding="utf-8")


def for_host(settings: Settings, host: HostContext) -> Settings:
    """The settings of one visit launched by the host (`wizard --context`): its pharmacist, workstation
    and reader replace the configured ones."""
    if host.pharmacist is not None:
        settings = replace(settings, pharmacist=host.pharmacist)
    if host.workstation:
        settings = replace(settings, workstation=host.workstation)
    if host.reader:
        settings = replace(settings, card=replace(settings.card, reader=host.reader))
    return settings


def build_ui_services(settings: Settings, host: HostContext | None = None) -> UiServices:
    """The real services for the wizard window; closing the window closes them. With `host`, one visit
    launched by the host software (its pharmacist, workstation, reader and expected patient).

    Step 1 needs only the card reader and its monitor, built here. The rest (database migration, the
    embedded simulator's TLS set-up, ReportLab, Qt's printing) is `build_steps`, which the window starts
    on its own thread once it is shown, while the pharmacist inserts the card."""
    from dmp_desktop.card import open_monitor, open_reader
    from dmp_desktop.ui.services import StepServices, UiServices

    if host is not None:
        settings = for_host(settings, host)
    reader = open_reader(settings)
    monitor: CardMonitor | None = None
    try:
        monitor = open_monitor(settings)
    except Exception:  # no PC/SC service: the identify page still reads on demand and says why
        log.exception("card monitor unavailable")
    training = TrainingCards(settings) if settings.training else None

    def build_steps() -> StepServices:
        services = build_services(settings, reader=reader)
        reconcile_in_background(services)
        from dmp_desktop.flow.validation import warm_up

        warm_up()  # step 4's e-mail and phone libraries, so its first keystroke does not wait for them
        counter = services.counter
        return StepServices(counter=counter, ledger=services.ledger, printer=counter.printer, close=services.close,
                            professional=services.professional)

    def preview(pdf: bytes, device_pixel_ratio: float) -> bytes:
        from dmp_desktop.receipts.preview import page_png

        return page_png(pdf, device_pixel_ratio=device_pixel_ratio)

    def close() -> None:
        if training is not None:
            training.remove()
        closer = getattr(reader, "close", None)
        if closer is not None:
            closer()

    training_cps, pull_cps = _training_cps_menu(settings, lambda: ui.wait_steps())
    ui = UiServices(
        reader=reader,
        settings=settings,
        build_steps=build_steps,
        monitor=monitor,
        expected_nir=host.expected_nir if host is not None else None,
        single_visit=host is not None,
        preview=preview,
        training_cards=training.entries() if training else [],
        remove_training_card=training.remove if training else None,
        save_settings=save_settings_file,
        on_close=close,
        training_cps=training_cps,
        remove_training_cps=pull_cps,
    )
    return ui


# The pharmacist's training cards in the menu: the ordinary ones first, then the ones that teach an error.
_CPS_MENU_ORDER = ("pharmacien", "pharmacien-deux-officines", "adjoint-cpe", "carte-expiree", "carte-bloquee")


def _training_cps_menu(
    settings: Settings, steps_built: Callable[[], object]
) -> tuple[list[tuple[str, Callable[[], None]]], Callable[[], None] | None]:
    """(label, insert) of each training CPS and the pull, when step 2 uses the in-process training CPS.
    Inserting waits for the services of steps 2-4: the embedded simulator's CA issues the card's certificates."""
    from dmp_desktop.cps import backend_for, training_reader
    from dmp_desktop.cps.training import TrainingCardReader

    if not settings.training or settings.dmp.authentication != "directe" or backend_for(settings) != "training":
        return [], None

    def insert(name: str) -> None:
        steps_built()
        training_reader().insert_image(name)

    def rank(entry: tuple[str, str]) -> tuple[int, str]:
        name = entry[0]
        return (_CPS_MENU_ORDER.index(name) if name in _CPS_MENU_ORDER else len(_CPS_MENU_ORDER), name)

    images = sorted(TrainingCardReader.images(), key=rank)
    return [(label, functools.partial(insert, name)) for name, label in images], lambda: training_reader().pull()
