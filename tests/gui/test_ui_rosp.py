"""The Registre's ROSP year beside the months: per pharmacist, and the declaration's CSV written 0600."""

from __future__ import annotations

import os
import stat
from datetime import UTC, date, datetime

from PySide6.QtCore import Qt

from dmp_desktop.domain.identity import InsEnvironment
from dmp_desktop.domain.model import Consent, CreationRecord, CreationState
from dmp_desktop.flow.fakes import sample_card
from dmp_desktop.ui.ledger_view import LedgerDialog

from .conftest import make_services


def _record(ledger, at: datetime, rpps: str, name: str, state=CreationState.CREATED) -> None:
    ins = sample_card().beneficiaries[0].require_ins(InsEnvironment.TEST)
    cid = ledger.begin(CreationRecord(at, "poste-1", rpps, name, ins, Consent(True, False)))
    ledger.set_state(cid, state)


def _dialog(qtbot, fakes):
    for month in (1, 3, 3, 11):
        _record(fakes.ledger, datetime(2019, month, 5, 9, tzinfo=UTC), "10000000001", "Camille FORMATION")
    _record(fakes.ledger, datetime(2019, 4, 5, 9, tzinfo=UTC), "10000000002", "Anne LEROY")
    _record(fakes.ledger, datetime(2019, 4, 6, 9, tzinfo=UTC), "10000000002", "Anne LEROY", CreationState.FAILED)
    _record(fakes.ledger, datetime(2018, 4, 6, 9, tzinfo=UTC), "10000000002", "Anne LEROY")
    services = make_services(fakes)
    services.start()
    dialog = LedgerDialog(services, today=date(2019, 12, 20))
    qtbot.addWidget(dialog)
    return dialog


def test_year_counts_per_pharmacist_and_changes_year(qtbot, fakes):
    dialog = _dialog(qtbot, fakes)
    panel = dialog.year
    qtbot.waitUntil(lambda: panel.export_button.isEnabled())
    assert panel.total.text() == "2019 : 5 DMP créés — 5,00 €"
    rows = [[panel.table.item(r, c).text() for c in range(3)] for r in range(panel.table.rowCount())]
    assert rows == [["10000000001 Camille FORMATION", "4", "4,00 €"], ["10000000002 Anne LEROY", "1", "1,00 €"]]
    assert panel.year.accessibleName() and panel.table.accessibleName()
    panel.year.setValue(2018)
    qtbot.waitUntil(lambda: panel.total.text().startswith("2018 : 1 DMP"))
    assert panel.table.rowCount() == 1


def test_year_csv_is_written_by_the_ui_readable_by_its_owner_only(qtbot, fakes, tmp_path):
    dialog = _dialog(qtbot, fakes)
    panel = dialog.year
    qtbot.waitUntil(lambda: panel.export_button.isEnabled())
    target = tmp_path / "rosp.csv"
    target.write_text("old")
    os.chmod(target, 0o644)
    panel.export_csv(str(target))
    qtbot.waitUntil(lambda: "écrit" in panel.total.text())
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "creation_id;date;pharmacist_rpps;workstation" and len(lines) == 6
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_tab_reaches_the_year_and_its_export(qtbot, fakes):
    dialog = _dialog(qtbot, fakes)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.year.export_button.isEnabled())
    dialog.table.setFocus()
    seen = set()
    for _ in range(12):
        seen.add(dialog.focusWidget())
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    panel = dialog.year
    assert all(any(w is c or c.isAncestorOf(w) for w in seen)
               for c in (panel.year, panel.table, panel.export_button, dialog.export_button))
