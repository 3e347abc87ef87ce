"""Shared builders for the gui tests: UiServices on the flow fakes, and a driven main window."""

from __future__ import annotations

from dataclasses import dataclass, field

from dmp_desktop.domain.model import ReceiptFormat
from dmp_desktop.flow.fakes import (
    FakeCardReader,
    FakeDmpService,
    FakeLedger,
    FakePrinter,
    FakeRenderer,
    FixedClock,
)
from dmp_desktop.flow.usecases import Counter
from dmp_desktop.settings import Settings
from dmp_desktop.ui.services import UiServices


@dataclass
class Fakes:
    reader: FakeCardReader = field(default_factory=FakeCardReader)
    dmp: FakeDmpService = field(default_factory=FakeDmpService)
    ledger: FakeLedger = field(default_factory=FakeLedger)
    renderer: FakeRenderer = field(default_factory=FakeRenderer)
    printer: FakePrinter = field(default_factory=FakePrinter)


def make_services(fakes: Fakes, settings: Settings | None = None, preview=None) -> UiServices:
    settings = settings or Settings()
    counter = Counter(
        card_reader=fakes.reader,
        dmp=fakes.dmp,
        ledger=fakes.ledger,
        renderer=fakes.renderer,
        printer=fakes.printer,
        clock=FixedClock(),
        pharmacy=settings.pharmacy,
        pharmacist=settings.pharmacist,
        receipt_format=ReceiptFormat.A4,
        environment=settings.ins_environment,
        workstation="poste-1",
        training=settings.training,
    )
    return UiServices(
        reader=fakes.reader,
        counter=counter,
        ledger=fakes.ledger,
        renderer=fakes.renderer,
        printer=fakes.printer,
        settings=settings,
        monitor=None,
        preview=preview,
    )
