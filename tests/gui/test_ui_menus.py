"""Menus: ledger (QPainter chart, CSV), settings dialog, save as PDF with its warning, help, training cards."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.identity import InsEnvironment
from dmp_desktop.domain.model import Consent, CreationRecord, CreationState, ReceiptFormat
from dmp_desktop.flow.fakes import sample_card
from dmp_desktop.flow.wizard import Step
from dmp_desktop.ui import save as save_module
from dmp_desktop.ui.help import about_html, support_html
from dmp_desktop.ui.ledger_view import LedgerDialog, last_months, statements_csv
from dmp_desktop.ui.settings_dialog import SettingsDialog

from .conftest import make_services


def _record(ledger, month: str) -> None:
    ins = sample_card().beneficiaries[0].require_ins(InsEnvironment.TEST)
    cid = ledger.begin(CreationRecord(datetime.fromisoformat(f"{month}-05T09:00:00+00:00"), "poste-1",
                                      "10000000001", "Camille FORMATION", ins, Consent(True, False)))
    ledger.set_state(cid, CreationState.CREATED)


def test_last_months_crosses_the_year():
    months = last_months(date(2019, 2, 10))
    assert months[0] == "2018-03" and months[-1] == "2019-02" and len(months) == 12


def test_ledger_dialog_draws_twelve_bars_and_exports_csv(qtbot, fakes, tmp_path):
    for month, n in (("2019-01", 3), ("2019-02", 5)):
        for _ in range(n):
            _record(fakes.ledger, month)
    failed = fakes.ledger.begin(CreationRecord(datetime(2019, 2, 6, tzinfo=UTC), "poste-1", "1", "x",
                                               sample_card().beneficiaries[0].require_ins(InsEnvironment.TEST),
                                               Consent(True, True)))
    fakes.ledger.set_state(failed, CreationState.FAILED)  # not paid, not counted
    services = make_services(fakes)
    services.start()  # what the window does once shown: the ledger comes with the services of steps 2-4
    dialog = LedgerDialog(services, today=date(2019, 2, 20))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled())
    assert [c for _, c in dialog.chart.values][-2:] == [3, 5] and len(dialog.chart.values) == 12
    assert dialog.total.text().startswith("8 DMP créés")
    assert dialog.table.item(0, 0).text() == "02/2019" and dialog.table.item(0, 1).text() == "5"
    # the chart is really painted: the February bar is taller than January's
    image = dialog.chart.grab().toImage()
    assert isinstance(image, QImage)
    blue = image.pixelColor(0, 0).fromRgb(0x1F, 0x5F, 0xA8)

    def bar_height(index: int) -> int:
        slot = (image.width() - 20) / 12
        x = int(10 + index * slot + slot / 2)
        return sum(1 for y in range(image.height()) if image.pixelColor(x, y) == blue)

    assert bar_height(11) > bar_height(10) > 0 and bar_height(0) == 0
    path = dialog.export_csv(str(tmp_path / "registre.csv"))
    text = (tmp_path / "registre.csv").read_text(encoding="utf-8-sig")
    assert path and text.splitlines()[0] == "mois;dmp_crees;montant_eur"
    assert "2019-02;5;5,00" in text


def test_statements_csv_uses_french_decimals():
    from dmp_desktop.domain.model import LedgerStatement

    text = statements_csv([LedgerStatement("2019-03", 2, 2.0, {}, {})])
    assert text == "mois;dmp_crees;montant_eur\r\n2019-03;2;2,00\r\n"


def test_settings_dialog_saves_what_was_edited(qtbot, fakes):
    saved = []
    services = make_services(fakes)
    services.save_settings = saved.append
    services.start()  # the printers come with the services of steps 2-4
    dialog = SettingsDialog(services)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.printer.count() >= 2)  # Fake_Printer listed off the GUI thread
    dialog.printer.setCurrentIndex(dialog.printer.findData("Fake_Printer"))
    dialog.format.setCurrentIndex(dialog.format.findData(ReceiptFormat.TICKET80))
    dialog.pharmacy_name.setText("Pharmacie de la Gare")
    dialog.rpps.setText("10003456789")
    dialog.save()
    assert len(saved) == 1
    new = saved[0]
    assert new.printer.name == "Fake_Printer" and new.printer.format is ReceiptFormat.TICKET80
    assert new.pharmacy.name == "Pharmacie de la Gare" and new.pharmacist.rpps == "10003456789"


def test_settings_dialog_refuses_a_bad_rpps_and_is_read_only_without_saver(qtbot, fakes, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    saved = []
    services = make_services(fakes)
    services.save_settings = saved.append
    dialog = SettingsDialog(services)
    qtbot.addWidget(dialog)
    dialog.rpps.setText("123")
    dialog.save()
    assert saved == [] and "11 chiffres" in warned[0]
    readonly = SettingsDialog(make_services(fakes))
    qtbot.addWidget(readonly)
    assert not readonly.save_button.isEnabled()


def test_save_as_pdf_warns_about_the_password(driver, monkeypatch, tmp_path):
    d = driver
    d.to_consent()
    d.consent()
    d.account(wants=True, email="jean.martin@example.fr")
    d.create()
    answers = [False, True]
    warnings = []

    def warning(parent, title, text, icon):
        warnings.append(text)
        return answers.pop(0)

    monkeypatch.setattr(save_module, "ask_yes", warning)
    target = tmp_path / "accuse.pdf"
    monkeypatch.setattr(save_module.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF"))
    d.click(d.view.result_page.save_button)
    assert not target.exists() and "mot de passe provisoire" in warnings[0]
    d.click(d.view.result_page.save_button)
    assert target.read_bytes() == d.flow.report.pdf


def test_help_texts_carry_the_leaflet_contacts(fakes):
    text = support_html()
    assert "0810 331 133" in text and "8 h 30 à 17 h 30" in text and "FAQ" in text and "formulaire" in text
    assert "Mon espace santé" in about_html(make_services(fakes).settings)


def test_training_cards_menu_inserts_and_removes(qtbot, fakes, make_driver, isolated_dirs):
    from .conftest import Driver

    inserted = []
    services = make_services(fakes)
    services.training_cards = [("Famille Martin", lambda: (fakes.reader.insert(sample_card()),
                                                         inserted.append(1)))]
    services.remove_training_card = lambda: fakes.reader.remove(sample_card().reader)
    d = Driver(qtbot, fakes, services)
    try:
        assert d.window.training_banner.isVisible()
        d.window.card_actions[0].trigger()
        qtbot.waitUntil(lambda: d.flow.card is not None)
        assert inserted == [1]
        d.window.remove_card_action.trigger()
        qtbot.waitUntil(lambda: d.flow.card is None)
    finally:
        d.view.shutdown()


def test_production_mode_has_no_banner_nor_training_menu(qtbot, fakes, isolated_dirs):
    from dataclasses import replace

    from dmp_desktop.settings import Settings

    from .conftest import Driver

    services = make_services(fakes, replace(Settings(), mode="production"))
    d = Driver(qtbot, fakes, services)
    try:
        assert not d.window.training_banner.isVisible()
        assert not d.window.cards_menu.menuAction().isVisible()
    finally:
        d.view.shutdown()


def test_closing_during_a_creation_is_refused(driver, monkeypatch):
    import threading

    d = driver
    gate = threading.Event()
    original = d.fakes.dmp.create

    def slow_create(*args):
        gate.wait(5)
        return original(*args)

    d.fakes.dmp.create = slow_create
    d.to_consent()
    d.consent()
    d.account(wants=False)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    d.view.account_page.create_button.click()
    d.qtbot.waitUntil(lambda: d.flow.step is Step.CREATING)
    assert not d.window.close()  # refused while TD1.1 may be in flight
    assert told and d.window.isVisible()
    gate.set()
    d.at(Step.RESULT)
    assert d.flow.report is not None and d.flow.report.created
    assert ErrorCode.DMP_FOUND not in {d.flow.report.error}
