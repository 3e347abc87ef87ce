"""The wizard on the real parts of app.build_ui_services: the embedded DMP simulator over HTTPS, SQLite,
the ReportLab accusé and its QtPdf preview, the in-process training card (no PC/SC needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmp_desktop.flow.outcomes import Outcome
from dmp_desktop.flow.wizard import Step
from dmp_desktop.settings import settings_from_dict
from dmp_desktop.ui.launch import build_window

from .conftest import Driver

pytestmark = pytest.mark.slow


@pytest.fixture
def real(qtbot, isolated_dirs: Path):
    from dmp_desktop.app import build_ui_services

    settings = settings_from_dict(
        {"data_dir": str(isolated_dirs / "data"), "log_dir": str(isolated_dirs / "log"),
         "card": {"backend": "inprocess", "wait_seconds": 0}, "printer": {"name": "no-such-printer"}}
    )
    services = build_ui_services(settings)
    window = build_window(services)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    d = Driver.__new__(Driver)
    d.qtbot, d.fakes, d.window, d.view, d.flow = qtbot, None, window, window.view, window.view.flow
    d.view.confirm_cancel = lambda: True
    d.view.confirm_leave = lambda reason: True  # closing the window at the end leaves the accusé unprinted
    d.view.start()
    d.qtbot.waitUntil(services.steps.done, timeout=30000)  # the simulator, the database, ReportLab
    d.idle(10000)
    yield d, services
    if services.remove_training_card is not None:
        services.remove_training_card()
    if services.remove_training_cps is not None:
        services.remove_training_cps()  # the training CPS reader is the process's: the next test starts afresh
    d.view.shutdown()
    services.close()


def _insert(d: Driver, label_start: str) -> None:
    action = next(a for a in d.window.card_actions if a.text().startswith(label_start))
    action.trigger()
    d.qtbot.waitUntil(lambda: d.flow.card is not None and not d.flow.busy, timeout=10000)


def test_creation_with_account_over_https(real):
    d, services = real
    assert d.window.cards_menu.menuAction().isVisible()
    _insert(d, "Famille Martin")
    assert d.view.identify_page.table.rowCount() == 3
    d.select(0)
    d.next_from_identify()
    d.at(Step.CONSENT, 10000)
    d.consent(emergency=False)
    d.account(wants=True, email="jean.martin@example.fr", mobile="0612345678")
    d.click(d.view.account_page.create_button)
    d.at(Step.RESULT, 20000)
    report = d.flow.report
    assert d.flow.outcome is Outcome.CREATED and report is not None
    assert report.account is not None and len(report.account.login) == 8
    assert report.pdf is not None and report.pdf.startswith(b"%PDF")
    # no such printer: the DMP stays created, the page says what to do and offers the PDF
    assert report.print_error is not None
    assert d.view.result_page.save_button.isVisible()
    d.qtbot.waitUntil(lambda: d.view.result_page.has_preview, timeout=10000)
    statement = services.steps.result().ledger.statement(report.created_at.strftime("%Y-%m"))
    assert statement.count == 1


def test_existing_dmp_training_card(real):
    d, _ = real
    _insert(d, "DMP déjà ouvert")
    eligible = [b for b in d.flow.beneficiaries if b.eligible]
    if d.flow.selected_index is None:
        d.select(eligible[0].index)
    d.next_from_identify()
    d.at(Step.RESULT, 10000)
    assert d.flow.outcome is Outcome.ALREADY_EXISTS


def test_closed_dmp_training_card(real):
    d, _ = real
    _insert(d, "DMP fermé")
    if d.flow.selected_index is None:
        d.select(next(b for b in d.flow.beneficiaries if b.eligible).index)
    d.next_from_identify()
    d.at(Step.RESULT, 10000)
    assert d.flow.outcome is Outcome.CLOSED
    assert "fermé" in d.view.result_page.heading.text()


def test_wrong_key_card_cannot_go_on(real):
    d, _ = real
    _insert(d, "Clé NIR erronée")
    assert not d.view.next_button.isEnabled()
    assert all(not b.eligible for b in d.flow.beneficiaries)


def test_wizard_command_on_the_real_parts_writes_the_host_result(qtbot, isolated_dirs):
    """`dmp-desktop wizard --context --result` with app.build_ui_services: expected patient pre-selected."""
    import argparse
    import json

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from dmp_desktop.commands import wizard as wizard_cmd
    from dmp_desktop.pos import exitcodes
    from dmp_desktop.ui.window import MainWindow

    settings = settings_from_dict(
        {"data_dir": str(isolated_dirs / "data"), "log_dir": str(isolated_dirs / "log"),
         "card": {"backend": "inprocess", "wait_seconds": 0}, "printer": {"name": "no-such-printer"}}
    )
    context = isolated_dirs / "context.json"
    context.write_text(json.dumps({"expected_nir": "282056912304564", "workstation": "caisse-3",
                                   "pharmacist": {"rpps": "10003456789", "first_name": "Anne",
                                                  "last_name": "Durand"}}), encoding="utf-8")
    out = isolated_dirs / "result.json"
    problems: list[BaseException] = []

    def visit() -> None:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        d = Driver.__new__(Driver)
        d.qtbot, d.fakes, d.window, d.view, d.flow = qtbot, None, window, window.view, window.view.flow
        try:
            assert "Anne DURAND" in window.status_label.text()
            _insert(d, "Famille Martin")
            assert d.flow.selected_index == 1  # Sophie, the host's expected patient
            d.next_from_identify()
            d.at(Step.CONSENT, 10000)
            d.consent()
            d.account(wants=False)
            d.click(d.view.account_page.create_button)
            d.at(Step.RESULT, 20000)
            d.view.confirm_leave = lambda reason: True  # no printer here: leave without the paper
            d.click(d.view.result_page.new_button)  # « Terminer »
        except BaseException as exc:
            problems.append(exc)
            d.view.runner.invalidate()
            window.close()

    QTimer.singleShot(0, visit)
    code = wizard_cmd.run(argparse.Namespace(context=str(context), result=str(out)), settings)
    if problems:
        raise problems[0]
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["status"] == "created" and result["ins"] == {"type": "INS-NIR", "value": "282056912304564"}
    assert result["receipt"]["printed"] is False and result["error"]["code"].startswith("printer")
    assert code == exitcodes.CREATED_INCOMPLETE


def test_creation_in_mode_directe_with_the_training_cps_one_pin_for_two_patients(real):
    """The wizard as a 2019 pharmacy: the training CPS « pharmacien », its PIN typed once, TD0.2 and TD1.1 over
    TLS authenticated by the card's key, the simulator's history naming the card holder in mode DIRECTE."""
    from dmp_desktop.dmp.simulator.history import read_history
    from dmp_desktop.flow.wizard import CpsStage

    d, services = real
    assert d.window.cps_actions[0].text().startswith("Pharmacien titulaire")
    _insert(d, "Famille Martin")
    d.select(0)
    d.click(d.view.next_button)
    assert d.view.pin_dialog.isVisible() and d.flow.cps_stage is CpsStage.PIN
    box = d.view.connect_page.cps_box
    assert box.isVisible() and box.holder.text() and "CPS" in box.card_type.text()
    d.pin("1234")
    d.at(Step.CONSENT, 10000)
    assert d.flow.professional is not None and d.flow.professional.situation.structure_id.startswith("1")
    d.consent()
    d.account(wants=False)
    d.click(d.view.account_page.create_button)
    d.at(Step.RESULT, 20000)
    report = d.flow.report
    assert d.flow.outcome is Outcome.CREATED and report is not None
    history = list(read_history(services.settings.simulator_state_dir, report.order.ins.value))
    creation = [line for line in history if line["transaction"] == "TD1.1"]
    assert creation and creation[0]["mode"] == "DIRECTE" and creation[0]["professional"]["card_type"] == "CPS"
    assert creation[0]["professional"]["id"] == d.flow.professional.pharmacist.national_id

    # the next patient (Sophie, same family card): no PIN, the card stayed in
    d.view.confirm_leave = lambda reason: True
    d.click(d.view.result_page.new_button)
    d.qtbot.waitUntil(lambda: d.flow.card is not None and not d.flow.busy, timeout=10000)
    d.select(1)
    d.click(d.view.next_button)
    assert not d.view.pin_dialog.isVisible()
    d.at(Step.CONSENT, 10000)

    # the CPS pulled from the menu: step 2 asks for it again, the patient and the answers stay
    d.window.remove_cps_action.trigger()
    d.qtbot.waitUntil(lambda: d.flow.step is Step.CONNECT and not d.flow.busy, timeout=10000)
    assert d.flow.cps_stage is CpsStage.MISSING and box.state.text() == "Insérez votre carte CPS ou CPE"
    next(a for a in d.window.cps_actions if a.text().startswith("Pharmacien titulaire")).trigger()
    d.qtbot.waitUntil(d.view.pin_dialog.isVisible, timeout=10000)
    d.pin("1234")
    d.at(Step.CONSENT, 10000)
    assert d.flow.beneficiary is not None and d.flow.beneficiary.index == 1


def test_the_training_cps_menu_blocked_card_then_two_pharmacies(real):
    """The shipped training CPS images through the real training reader: « Carte bloquée » asks no PIN and
    says the PUK is not the counter's job; the « remplaçant » card's two pharmacies wait for a choice."""
    from dmp_desktop.flow.wizard import CpsStage

    d, _ = real
    _insert(d, "Famille Martin")
    d.select(0)
    next(a for a in d.window.cps_actions if a.text().startswith("Carte bloquée")).trigger()
    d.click(d.view.next_button)
    d.qtbot.waitUntil(lambda: d.flow.cps_stage is CpsStage.PIN and not d.flow.busy, timeout=10000)
    assert not d.view.pin_dialog.isVisible() and "PUK" in d.view.connect_page.banner.text()
    next(a for a in d.window.cps_actions if a.text().startswith("Pharmacien remplaçant")).trigger()
    d.qtbot.waitUntil(d.view.pin_dialog.isVisible, timeout=10000)
    d.pin("1234")
    box = d.view.connect_page.cps_box
    d.qtbot.waitUntil(lambda: box.situations.isVisible(), timeout=10000)
    assert box.situations.count() == 2 and d.flow.step is Step.CONNECT
    box.situations.setCurrentRow(1)
    d.click(box.choose_button)
    d.at(Step.CONSENT, 10000)
    assert d.flow.professional is not None
    assert d.flow.professional.situation == d.flow.situations[1]
