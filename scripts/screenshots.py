#!/usr/bin/env python3
"""PNG of every wizard page (offscreen, 1366×768 by default) on the flow fakes and the real accusé renderer.

    .venv/bin/python scripts/screenshots.py --out build/screenshots [--scale 1.5] [--lang en]
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=str(ROOT / "build" / "screenshots"), help="folder for the PNG files")
    p.add_argument("--size", default="1366x768", help="window size in logical pixels (default 1366x768)")
    p.add_argument("--scale", type=float, default=1.0, help="QT_SCALE_FACTOR (1.5 = 150 %% scaling)")
    p.add_argument("--lang", default="fr", help="fr (source) or en (needs the built .qm)")
    p.add_argument("--only", default="", help="comma-separated name prefixes to produce")
    return p.parse_args()


def main() -> int:
    args = parse()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
        # the offscreen screen must be as large as the physical screen we pretend to have
    sys.path.insert(0, str(ROOT / "src"))
    from PySide6.QtGui import QColor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMessageBox

    from dmp_desktop.domain.errors import ErrorCode
    from dmp_desktop.domain.model import DmpStatus
    from dmp_desktop.flow import events as ev
    from dmp_desktop.flow.fakes import (
        FakeCardReader,
        FakeDmpService,
        FakeLedger,
        FakePrinter,
        FixedClock,
        fake_counter,
        sample_card,
    )
    from dmp_desktop.flow.fakes_cps import FAKE_HOLDER, FAKE_SITUATION, SECOND_SITUATION, FakeConnector, FakeCpsReader
    from dmp_desktop.flow.professional import ProfessionalSessions
    from dmp_desktop.settings import Settings
    from dmp_desktop.ui.launch import build_window, ensure_application
    from dmp_desktop.ui.services import StepServices, UiServices

    try:
        from dmp_desktop.receipts.pdf import ReportLabRenderer
        from dmp_desktop.receipts.preview import page_png

        renderer = ReportLabRenderer()

        def preview(pdf: bytes, device_pixel_ratio: float) -> bytes:
            return page_png(pdf, device_pixel_ratio=device_pixel_ratio)
    except ImportError:  # the receipts package is optional for this script
        from dmp_desktop.flow.fakes import FakeRenderer

        renderer, preview = FakeRenderer(), None

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    width, height = (int(v) for v in args.size.split("x"))
    app = ensure_application(args.lang)
    assert isinstance(app, QApplication)
    only = [p for p in args.only.split(",") if p]
    made: list[Path] = []

    class Gate(FakeDmpService):
        """Holds chosen calls until released, so the busy overlay can be photographed."""

        def __init__(self, **kw: object) -> None:
            super().__init__(**kw)  # type: ignore[arg-type]
            self.hold: set[str] = set()
            self.gate = threading.Event()

        def _scripted(self, method, ins, apply=None):  # type: ignore[no-untyped-def]
            if method in self.hold:
                self.gate.wait(10)
            return super()._scripted(method, ins, apply)

    def session(dmp: FakeDmpService | None = None, printer: FakePrinter | None = None,  # type: ignore[no-untyped-def]
                cps: FakeCpsReader | None = None, reader: FakeCardReader | None = None):
        settings = replace(Settings(), workstation="comptoir-1", printer=replace(Settings().printer, name="Comptoir"))
        reader = reader or FakeCardReader()
        dmp = dmp or Gate()
        professional = None
        if cps is not None:  # mode DIRECTE: the pharmacist's card at step 2
            professional = ProfessionalSessions(cps, FakeConnector(dmp), FixedClock(), settings.workstation)
        ledger = FakeLedger()
        printer = printer or FakePrinter(names=["Comptoir"])
        counter = fake_counter(
            card_reader=reader, dmp=dmp, ledger=ledger, renderer=renderer, printer=printer,
            pharmacy=settings.pharmacy, pharmacist=settings.pharmacist, environment=settings.ins_environment,
            workstation=settings.workstation, training=True,
        )
        services = UiServices(
            reader=reader, settings=settings,
            build_steps=lambda: StepServices(counter=counter, ledger=ledger, printer=printer,
                                             professional=professional),
            preview=preview,
            training_cards=[("Famille Martin (3 bénéficiaires)", lambda: None), ("DMP existant", lambda: None)],
            remove_training_card=lambda: None,
            training_cps=[("Pharmacien titulaire (CPS, une officine)", lambda: None)] if cps else [],
            remove_training_cps=(lambda: None) if cps else None,
        )
        window = build_window(services)
        window.resize(width, height)
        window.show()
        window.view.start()
        window.view.confirm_cancel = lambda: True
        window.view.confirm_leave = lambda _reason: True  # a script closes windows whose accusé nobody confirmed
        settle(window)
        return window, reader, dmp, ledger, printer

    def settle(window, ms: int = 60) -> None:  # type: ignore[no-untyped-def]
        for _ in range(200):
            QTest.qWait(10)
            if not window.view.flow.busy and window.view.runner.active() == 0:
                break
        QTest.qWait(ms)

    def shot(name: str, widget) -> None:  # type: ignore[no-untyped-def]
        if only and not any(name.startswith(p) for p in only):
            return
        QTest.qWait(30)
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        made.append(path)

    def shot_with_dialog(name: str, window, dialog) -> None:  # type: ignore[no-untyped-def]
        """The window with its (window-modal) dialog drawn where it stands, as the pharmacist sees them."""
        if only and not any(name.startswith(p) for p in only):
            return
        from PySide6.QtGui import QPainter

        QTest.qWait(30)
        picture = window.grab()
        painter = QPainter(picture)
        painter.fillRect(picture.rect(), QColor(0, 0, 0, 60))  # the dimmed window behind a modal dialog
        at = dialog.mapToGlobal(dialog.rect().topLeft()) - window.mapToGlobal(window.rect().topLeft())
        painter.drawPixmap(at, dialog.grab())
        painter.end()
        path = out / f"{name}.png"
        picture.save(str(path))
        made.append(path)

    def to_step_2(window, reader) -> None:  # type: ignore[no-untyped-def]
        reader.insert(sample_card())
        window.view.send(ev.CardInserted(""))
        settle(window)
        window.view.send(ev.BeneficiarySelected(0))
        window.view.send(ev.Next())
        settle(window)

    def to_consent(window, reader, index: int = 0) -> None:  # type: ignore[no-untyped-def]
        reader.insert(sample_card())
        window.view.send(ev.CardInserted(""))
        settle(window)
        window.view.send(ev.BeneficiarySelected(index))
        window.view.send(ev.Next())
        settle(window)

    def to_account(window, reader, email: str = "", mobile: str = "") -> None:  # type: ignore[no-untyped-def]
        to_consent(window, reader)
        window.view.consent_page.oral.setChecked(True)
        window.view.consent_page.yes.setChecked(True)
        window.view.send(ev.Next())
        settle(window)
        page = window.view.account_page
        (page.yes if email or mobile else page.no).setChecked(True)
        page.email.setText(email)
        page.mobile.setText(mobile)
        settle(window)

    # 1. identification
    window, reader, dmp, *_ = session()
    shot("01-identification-attente", window)
    reader.insert(sample_card())
    window.view.send(ev.CardInserted(""))
    settle(window)
    shot("02-identification-beneficiaires", window)
    window.view.identify_page.select(1)
    window.view.send(ev.BeneficiarySelected(1))
    settle(window)
    # 2. connexion: the existence test held open to show the progress
    dmp.hold.add("test_existence")
    window.view.send(ev.Next())
    QTest.qWait(120)
    shot("03-connexion-verification", window)
    dmp.gate.set()
    settle(window)
    shot("05-consentement", window)
    window.close()

    gate = Gate()
    gate.fail("test_existence", ErrorCode.DMP_UNREACHABLE)
    window, reader, *_ = session(gate)
    to_consent(window, reader)
    shot("04-connexion-service-injoignable", window)
    window.close()

    # 4. account, then the creation in progress, then the result with the accusé preview
    window, reader, dmp, *_ = session()
    to_account(window, reader, "jean.martin@example.fr", "06 12 34 56 78")
    shot("06-compte-patient", window)
    dmp.hold.add("open_web_account")
    window.view.send(ev.CreateRequested())
    QTest.qWait(150)
    shot("07-creation-en-cours", window)
    dmp.gate.set()
    settle(window, 300)
    shot("08-resultat-cree-avec-compte", window)
    window.close()

    existing = Gate()
    existing.dmps[sample_card().beneficiaries[0].require_ins(Settings().ins_environment).value] = DmpStatus.EXISTS
    window, reader, *_ = session(existing)
    to_consent(window, reader)
    shot("09-resultat-deja-un-dmp", window)
    window.close()

    window, reader, *_ = session(Gate(refuse_creation=True))
    to_account(window, reader)
    window.view.send(ev.CreateRequested())
    settle(window)
    shot("10-resultat-creation-refusee", window)
    window.close()

    failing = Gate()
    failing.fail("open_web_account", ErrorCode.DMP_TIMEOUT)
    window, reader, *_ = session(failing)
    to_account(window, reader, "jean.martin@example.fr")
    window.view.send(ev.CreateRequested())
    settle(window)
    shot("11-resultat-compte-en-echec", window)
    window.close()

    window, reader, *_ = session(None, FakePrinter(names=["Comptoir"], failures=[ErrorCode.PRINTER_STOPPED]))
    to_account(window, reader)
    window.view.send(ev.CreateRequested())
    settle(window, 300)
    shot("12-resultat-imprimante-arretee", window)
    window.close()

    # 1. when step 1 stops: an old Vitale 1 card, nobody eligible on the card, no reader
    window, reader, *_ = session()
    reader.fail_next(ErrorCode.CARD_VITALE1)
    reader.insert(sample_card())
    window.view.send(ev.CardInserted(""))
    settle(window)
    shot("26-identification-carte-vitale-1", window)
    window.close()

    window, reader, *_ = session()
    child = sample_card().beneficiaries[2]
    reader.insert(replace(sample_card(), beneficiaries=(replace(child, index=0),)))
    window.view.send(ev.CardInserted(""))
    settle(window)
    shot("27-identification-aucun-beneficiaire", window)
    window.close()

    # 3. the card pulled after the identity was read: the visit goes on, the patient's strip says so
    window, reader, *_ = session()
    to_consent(window, reader, 1)
    reader.remove(sample_card().reader)
    window.view.send(ev.CardRemoved(""))
    settle(window)
    shot("29-consentement-carte-retiree", window)
    window.close()

    class NoReader(FakeCardReader):
        def readers(self) -> list[str]:
            return []

    window, *_ = session(reader=NoReader())
    shot("28-identification-pas-de-lecteur", window)
    window.close()

    # 2 with the pharmacist's card (mode DIRECTE): each state of the card and its PIN
    window, reader, *_ = session(cps=FakeCpsReader(inserted=False))
    to_step_2(window, reader)
    shot("17-connexion-carte-cps-absente", window)
    window.close()

    cps = FakeCpsReader()
    window, reader, *_ = session(cps=cps)
    to_step_2(window, reader)
    dialog = window.view.pin_dialog
    dialog.pin.setText("12")
    shot_with_dialog("18-connexion-code-pin", window, dialog)
    dialog.pin.clear()
    window.view.send(ev.PinEntered("0000"))
    settle(window)
    shot_with_dialog("19-connexion-code-pin-faux", window, dialog)
    window.view.send(ev.PinEntered("0000"))
    settle(window)
    dialog.pin.setText("1234")
    shot_with_dialog("20-connexion-dernier-essai", window, dialog)
    dialog.pin.clear()
    window.view.send(ev.PinEntered("0000"))
    settle(window)
    shot("21-connexion-carte-bloquee", window)
    window.close()

    window, reader, *_ = session(cps=FakeCpsReader(situations=(FAKE_SITUATION, SECOND_SITUATION)))
    to_step_2(window, reader)
    window.view.send(ev.PinEntered("1234"))
    settle(window)
    shot("22-connexion-choix-situation", window)
    window.close()

    held = Gate()
    held.hold.add("test_existence")
    window, reader, *_ = session(held, cps=FakeCpsReader())
    to_step_2(window, reader)
    window.view.send(ev.PinEntered("1234"))
    QTest.qWait(150)
    shot("23-connexion-carte-connectee", window)
    held.gate.set()
    settle(window)
    window.close()

    expired = replace(FAKE_HOLDER, not_before=datetime(2015, 1, 1).date(), not_after=datetime(2018, 1, 1).date())
    window, reader, *_ = session(cps=FakeCpsReader(holder=expired))
    to_step_2(window, reader)
    shot("24-connexion-carte-expiree", window)
    window.close()

    # menus: ledger with a year of creations, settings, help
    window, reader, dmp, ledger, _ = session()
    from dmp_desktop.domain.model import Consent, CreationRecord, CreationState
    from dmp_desktop.ui.ledger_view import LedgerDialog, last_months
    from dmp_desktop.ui.settings_dialog import SettingsDialog

    ins = sample_card().beneficiaries[0].require_ins(Settings().ins_environment)
    today = datetime(2019, 11, 20, tzinfo=UTC).date()
    for i, month in enumerate(last_months(today)):
        for _ in range((i * 7) % 11 + 3 * (i % 3) + 2):
            cid = ledger.begin(CreationRecord(datetime.fromisoformat(month + "-10T10:00:00+00:00"), "comptoir-1",
                                              "10000000001", "Camille FORMATION", ins, Consent(True, True)))
            ledger.set_state(cid, CreationState.CREATED)
    dialog = LedgerDialog(window.services, window, today=today)
    dialog.show()
    for _ in range(100):
        QTest.qWait(20)
        if dialog.statements:
            break
    from dmp_desktop.domain.model import JournalPatient
    from dmp_desktop.ui.history_view import HistoryDialog

    people = [("MARTIN", "Jean", "19800512"), ("DURAND", "Élodie", "19920304"), ("PETIT", "Luc", "19451111"),
              ("LEROY", "Anne", "19700000")]
    for n, (last, first, born) in enumerate(people):
        cid = ledger.begin(CreationRecord(datetime(2019, 11, 12 + n, 9 + n, 15, tzinfo=UTC), f"comptoir-{1 + n % 2}",
                                          "10000000002", "Anne LEROY", ins, Consent(True, n % 2 == 0),
                                          patient=JournalPatient(last, first, born, "", "M")))
        ledger.set_state(cid, [CreationState.CREATED, CreationState.CREATED, CreationState.FAILED,
                               CreationState.PENDING][n])
        if n == 0:
            ledger.mark_receipt_printed(cid)
    dialog = LedgerDialog(window.services, window, today=today)
    dialog.show()
    for _ in range(100):
        QTest.qWait(20)
        if dialog.statements and dialog.year.statement:
            break
    print("ledger:", dialog.total.text(), "|", dialog.year.total.text(), file=sys.stderr)
    shot("13-registre", dialog)
    dialog.close()
    history = HistoryDialog(window.services, window, today=today)
    history.show()
    for _ in range(100):
        QTest.qWait(20)
        if history.entries:
            break
    history.table.selectRow(2)  # a created DMP: the reprint buttons are on
    shot("25-registre-historique", history)
    history.close()
    settings_dialog = SettingsDialog(window.services, window)
    settings_dialog.show()
    QTest.qWait(200)
    shot("14-parametres", settings_dialog)
    settings_dialog.close()
    from dmp_desktop.ui.help import support_html

    box = QMessageBox(window)
    box.setWindowTitle("Assistance DMP")
    box.setText(support_html())
    box.show()
    QTest.qWait(100)
    shot("15-aide-assistance", box)
    box.close()
    window.close()

    for path in made:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
