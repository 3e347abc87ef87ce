"""The Registre's history window on the fakes: newest first, filters in the pool, reprint and new credentials."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QDate, Qt

from dmp_desktop.domain.identity import InsEnvironment
from dmp_desktop.domain.model import (
    Channel,
    Consent,
    CreationRecord,
    CreationState,
    JournalPatient,
    ReprintKind,
    WebAccount,
)
from dmp_desktop.flow.fakes import sample_card
from dmp_desktop.ui.history_view import HistoryDialog, card_date

from .conftest import make_services


def _record(ledger, at: datetime, last: str, first: str, state=CreationState.CREATED) -> str:
    ins = sample_card().beneficiaries[0].require_ins(InsEnvironment.TEST)
    cid = ledger.begin(CreationRecord(at, "poste-1", "10000000001", "Camille FORMATION", ins, Consent(True, False),
                                      patient=JournalPatient(last, first, "19800512", "", "M")))
    ledger.set_state(cid, state)
    return cid


def _dialog(qtbot, fakes):
    services = make_services(fakes)
    services.start()
    dialog = HistoryDialog(services, today=date(2019, 12, 31))
    qtbot.addWidget(dialog)
    return dialog


def _fill(fakes) -> dict[str, str]:
    return {
        "martin": _record(fakes.ledger, datetime(2019, 3, 5, 9, tzinfo=UTC), "MARTIN", "Jean"),
        "durand": _record(fakes.ledger, datetime(2019, 6, 7, 9, tzinfo=UTC), "DURAND", "Élodie"),
        "failed": _record(fakes.ledger, datetime(2019, 7, 1, 9, tzinfo=UTC), "PETIT", "Luc", CreationState.FAILED),
        "old": _record(fakes.ledger, datetime(2018, 7, 1, 9, tzinfo=UTC), "ANCIEN", "Paul"),
    }


def test_card_date_is_dd_mm_yyyy_and_keeps_lunar_dates():
    assert card_date("19800512") == "12/05/1980"
    assert card_date("19800000") == "00/00/1980"
    assert card_date("") == ""


def test_history_lists_newest_first_within_the_period_with_states(qtbot, fakes):
    _fill(fakes)
    dialog = _dialog(qtbot, fakes)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3)  # 2018 is out of the default period
    rows = [[dialog.table.item(r, c).text() for c in range(7)] for r in range(3)]
    assert [r[1].split(" — ")[0] for r in rows] == ["PETIT Luc", "DURAND Élodie", "MARTIN Jean"]
    assert rows[1][1].endswith("12/05/1980")
    assert rows[0][6] == "échec" and rows[1][6] == "créé"
    assert rows[1][0].startswith("07/06/2019")
    assert rows[1][2:6] == ["Camille FORMATION", "poste-1", "sans compte", "non imprimé"]
    assert dialog.table.accessibleName()


def test_filters_by_name_and_period(qtbot, fakes):
    _fill(fakes)
    dialog = _dialog(qtbot, fakes)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3)
    dialog.name.setText("elodie")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert dialog.table.item(0, 1).text().startswith("DURAND")
    dialog.name.clear()
    dialog.since.setDate(QDate(2018, 1, 1))
    dialog.until.setDate(QDate(2018, 12, 31))
    dialog.search.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1 and dialog.table.item(0, 1).text().startswith("ANCIEN"))


def test_reprint_prints_the_plain_accuse_and_journals_it(qtbot, fakes):
    ids = _fill(fakes)
    dialog = _dialog(qtbot, fakes)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3)
    dialog.table.selectRow(0)  # the failed one: nothing to reprint
    assert not dialog.reprint_button.isEnabled() and not dialog.credentials_button.isEnabled()
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)  # keyboard: DURAND, created
    assert dialog.selected().patient.last_name == "DURAND"
    assert dialog.reprint_button.isEnabled()
    dialog.reprint_button.click()
    qtbot.waitUntil(lambda: "réimprimé" in dialog.status.text())
    assert len(fakes.printer.jobs) == 1
    assert fakes.ledger.entries[ids["durand"]].events == [f"reprint:{ReprintKind.PLAIN.value}"]
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3 and dialog.table.item(1, 5).text() == "imprimé")


def test_new_credentials_go_through_td15d_and_are_journaled(qtbot, fakes):
    ids = _fill(fakes)
    ins = sample_card().beneficiaries[0].require_ins(InsEnvironment.TEST)
    fakes.dmp.accounts[ins.value] = WebAccount("jean.martin", "old", (Channel.EMAIL,))
    dialog = _dialog(qtbot, fakes)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3)
    dialog.table.selectRow(2)
    dialog.reprint_selected(new_credentials=True, confirm=False)
    qtbot.waitUntil(lambda: "nouveaux identifiants" in dialog.status.text())
    assert fakes.ledger.entries[ids["martin"]].events == ["credentials", f"reprint:{ReprintKind.NEW_CREDENTIALS.value}"]
    assert len(fakes.printer.jobs) == 1


def test_new_credentials_refused_by_the_service_say_so_and_print_nothing(qtbot, fakes):
    _fill(fakes)  # no account at the service: TD1.5d answers DMPPatientAccessNotFound
    dialog = _dialog(qtbot, fakes)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3)
    dialog.table.selectRow(2)
    dialog.reprint_selected(new_credentials=True, confirm=False)
    qtbot.waitUntil(lambda: dialog.status.text() != "" and "cours" not in dialog.status.text())
    assert fakes.printer.jobs == []


def test_new_credentials_in_mode_directe_need_the_card_session(qtbot, fakes):
    ids = _fill(fakes.with_card())  # the card is not logged in: no session to call TD1.5d with
    ins = sample_card().beneficiaries[0].require_ins(InsEnvironment.TEST)
    fakes.dmp.accounts[ins.value] = WebAccount("jean.martin", "old", (Channel.EMAIL,))
    dialog = _dialog(qtbot, fakes)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3)
    dialog.table.selectRow(2)
    dialog.reprint_selected(new_credentials=True, confirm=False)
    qtbot.waitUntil(lambda: dialog.reprint_button.isEnabled())
    assert fakes.printer.jobs == [] and fakes.ledger.entries[ids["martin"]].events == []
    assert fakes.dmp.accounts[ins.value].temporary_password == "old"
    dialog.reprint_selected(new_credentials=False)  # the plain accusé needs no card
    qtbot.waitUntil(lambda: "réimprimé" in dialog.status.text())
    assert len(fakes.printer.jobs) == 1


def test_the_registre_menu_opens_the_history(driver, monkeypatch):
    opened = []
    monkeypatch.setattr(HistoryDialog, "exec", lambda self: opened.append(self) or 0)
    assert driver.window.history_action in driver.window.ledger_action.associatedObjects()[0].actions()
    driver.window.history_action.trigger()
    assert len(opened) == 1 and opened[0].windowTitle() == "Historique des créations"


def test_every_control_is_reachable_by_tab_and_named(qtbot, fakes):
    _fill(fakes)
    dialog = _dialog(qtbot, fakes)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3)
    dialog.table.selectRow(2)
    dialog.name.setFocus()
    seen = set()
    for _ in range(20):
        seen.add(dialog.focusWidget())
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    controls = [dialog.name, dialog.since, dialog.until, dialog.search, dialog.table, dialog.reprint_button,
                dialog.credentials_button]
    assert all(any(w is c or c.isAncestorOf(w) for w in seen) for c in controls)
    assert all(c.accessibleName() or c.text() for c in controls if hasattr(c, "text"))
