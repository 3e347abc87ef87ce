"""gui test set-up: UiServices on the flow fakes and a driver that walks the wizard like a pharmacist."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import Qt

from dmp_desktop.domain.identity import CardRead
from dmp_desktop.flow.fakes import (
    FakeCardReader,
    FakeDmpService,
    FakeLedger,
    FakePrinter,
    FakeRenderer,
    fake_counter,
    sample_card,
)
from dmp_desktop.flow.fakes_cps import FAKE_PIN, FakeConnector, FakeCpsReader
from dmp_desktop.flow.professional import ProfessionalSessions
from dmp_desktop.flow.wizard import Step
from dmp_desktop.settings import Settings
from dmp_desktop.ui.launch import build_window
from dmp_desktop.ui.services import StepServices, UiServices


@dataclass
class Fakes:
    reader: FakeCardReader = field(default_factory=FakeCardReader)
    dmp: FakeDmpService = field(default_factory=FakeDmpService)
    ledger: FakeLedger = field(default_factory=FakeLedger)
    renderer: FakeRenderer = field(default_factory=FakeRenderer)
    printer: FakePrinter = field(default_factory=FakePrinter)
    # the pharmacist's card (mode DIRECTE); None: no card asked (mode INDIRECTE), as before issue 13
    cps: FakeCpsReader | None = None
    connector: FakeConnector | None = None  # opens connections on `dmp`
    pin: str = FAKE_PIN  # what the driver types when the PIN dialog opens

    def with_card(self, cps: FakeCpsReader | None = None) -> Fakes:
        self.cps = cps or FakeCpsReader()
        self.connector = FakeConnector(self.dmp)
        return self


def make_services(
    fakes: Fakes, settings: Settings | None = None, preview=None, expected_nir: str | None = None,
    single_visit: bool = False,
) -> UiServices:
    """UiServices on the fakes; their StepServices are built (at once) when the view starts."""
    settings = settings or Settings()
    professional = None
    if fakes.cps is not None:
        from dmp_desktop.flow.fakes import FixedClock

        connector = fakes.connector or FakeConnector(fakes.dmp)
        professional = ProfessionalSessions(fakes.cps, connector, FixedClock(), settings.workstation)
    counter = fake_counter(
        card_reader=fakes.reader, dmp=fakes.dmp, ledger=fakes.ledger, renderer=fakes.renderer,
        printer=fakes.printer, pharmacy=settings.pharmacy, pharmacist=settings.pharmacist,
        environment=settings.ins_environment, workstation=settings.workstation, training=settings.training,
    )
    return UiServices(
        reader=fakes.reader, settings=settings,
        build_steps=lambda: StepServices(
            counter=counter, ledger=fakes.ledger, printer=fakes.printer, professional=professional
        ),
        monitor=None, preview=preview, expected_nir=expected_nir, single_visit=single_visit,
        training_cps=[("Pharmacien (fausse carte)", fakes.cps.insert)] if fakes.cps is not None else [],
        remove_training_cps=fakes.cps.pull if fakes.cps is not None else None,
    )


class Driver:
    """Walks the wizard through its widgets (clicks and keys), waiting for the pool like a person would."""

    def __init__(self, qtbot, fakes: Fakes, services: UiServices) -> None:
        self.qtbot = qtbot
        self.fakes = fakes
        self.window = build_window(services)
        qtbot.addWidget(self.window)
        self.window.resize(1366, 768)
        self.window.show()
        self.view = self.window.view
        self.flow = self.view.flow
        self.view.confirm_cancel = lambda: True
        # leaving with an accusé nobody saw come out asks first; a real message box would block the test (and
        # qtbot's closing of the window): the tests about that question set their own answer
        self.view.confirm_leave = lambda reason: True
        self.view.start()
        self.idle()

    def idle(self, timeout: int = 3000) -> None:
        self.qtbot.waitUntil(lambda: not self.flow.busy and self.view.runner.active() == 0, timeout=timeout)
        self.qtbot.wait(1)  # let queued signals land

    def at(self, step: Step, timeout: int = 3000) -> None:
        self.qtbot.waitUntil(lambda: self.flow.step is step and not self.flow.busy, timeout=timeout)

    def click(self, button) -> None:
        assert button.isVisible() and button.isEnabled(), button.text()
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        self.idle()

    def insert(self, card: CardRead | None = None) -> None:
        card = card or sample_card()
        self.fakes.reader.insert(card)
        from dmp_desktop.flow import events as ev

        self.view.send(ev.CardInserted(card.reader))
        self.idle()

    def remove(self) -> None:
        from dmp_desktop.flow import events as ev

        reader = next(iter(self.fakes.reader.cards), "")
        self.fakes.reader.remove(reader) if reader else None
        self.view.send(ev.CardRemoved(reader))
        self.idle()

    def select(self, index: int) -> None:
        table = self.view.identify_page.table
        for row in range(table.rowCount()):
            if table.item(row, 0).data(Qt.ItemDataRole.UserRole) == index:
                rect = table.visualItemRect(table.item(row, 1))
                self.qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
                self.idle()
                return
        raise AssertionError(f"no row for beneficiary {index}")

    def pin(self, pin: str | None = None) -> None:
        """Type the PIN in the dialog the wizard opened and press Entrée."""
        dialog = self.view.pin_dialog
        self.qtbot.waitUntil(dialog.isVisible, timeout=3000)
        if pin is None:
            pin = self.fakes.pin if self.fakes is not None else FAKE_PIN  # the training CPS's PIN too
        self.qtbot.keyClicks(dialog.pin, pin)
        self.qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
        self.idle()

    def next_from_identify(self) -> None:
        """Suivant at step 1, then the PIN when step 2 asks for it (a card and no session open yet)."""
        self.click(self.view.next_button)
        if self.flow.pin_asked:
            self.pin()

    def to_consent(self, index: int = 0) -> None:
        self.insert()
        self.select(index)
        self.next_from_identify()
        self.at(Step.CONSENT)

    def consent(self, emergency: bool = True) -> None:
        page = self.view.consent_page
        self.qtbot.mouseClick(page.oral, Qt.MouseButton.LeftButton)
        self.qtbot.mouseClick(page.yes if emergency else page.no, Qt.MouseButton.LeftButton)
        self.click(self.view.next_button)
        self.at(Step.ACCOUNT)

    def account(self, wants: bool, email: str = "", mobile: str = "") -> None:
        page = self.view.account_page
        self.qtbot.mouseClick(page.yes if wants else page.no, Qt.MouseButton.LeftButton)
        if email:
            self.qtbot.keyClicks(page.email, email)
        if mobile:
            self.qtbot.keyClicks(page.mobile, mobile)

    def create(self) -> None:
        self.click(self.view.account_page.create_button)
        self.at(Step.RESULT)


@pytest.fixture
def fakes() -> Fakes:
    return Fakes()


@pytest.fixture
def driver(qtbot, fakes: Fakes, isolated_dirs) -> Iterator[Driver]:
    d = Driver(qtbot, fakes, make_services(fakes))
    yield d
    d.view.shutdown()


@pytest.fixture
def make_driver(qtbot, isolated_dirs):
    made: list[Driver] = []

    def make(fakes: Fakes, settings: Settings | None = None, preview=None, expected_nir: str | None = None) -> Driver:
        d = Driver(qtbot, fakes, make_services(fakes, settings, preview, expected_nir))
        made.append(d)
        return d

    yield make
    for d in made:
        d.view.shutdown()
