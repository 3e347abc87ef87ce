"""The whole wizard on the real stack: training card on vpcd read through pcscd (monitor events), the HTTPS
simulator, SQLite, and the accusé printed on the CUPS test queue (cups-pdf)."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from dmp_desktop.flow.outcomes import Outcome
from dmp_desktop.flow.wizard import Step
from dmp_desktop.settings import settings_from_dict
from dmp_desktop.ui.launch import build_window

pytestmark = [pytest.mark.pcsc, pytest.mark.cups, pytest.mark.slow]


def _wait_job(job_id: str, timeout: float = 45.0) -> None:
    queue = job_id.rsplit("-", 1)[0]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        out = subprocess.run(["lpstat", "-W", "completed", "-o", queue], capture_output=True, text=True,
                             timeout=10, check=False, env={**os.environ, "LC_ALL": "C"}).stdout
        if any(line.split()[:1] == [job_id] for line in out.splitlines()):
            return
        time.sleep(0.1)
    pytest.fail(f"job {job_id} not completed after {timeout} s")


def _slot_empty(reader: str = "Virtual PCD 00 00", timeout: float = 10.0) -> None:
    """The tests share one pcscd: start (and end) with no card in the virtual slot we use."""
    from smartcard import scard

    from dmp_desktop.card import scardio

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        context = scardio.establish()
        try:
            _, states = scardio.get_status_change(context, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
        finally:
            scardio.release(context)
        if states and not states[0][1] & scard.SCARD_STATE_PRESENT:
            return
        time.sleep(0.05)
    pytest.fail(f"{reader}: a card is still present after {timeout} s (another test's virtual card?)")


@pytest.fixture
def window(qtbot, isolated_dirs: Path):
    from tests.conftest import require_service  # type: ignore[import-not-found]

    require_service("pcsc")
    queue = require_service("cups")
    _slot_empty()
    from dmp_desktop.app import build_ui_services

    settings = settings_from_dict(
        {"data_dir": str(isolated_dirs / "data"), "log_dir": str(isolated_dirs / "log"),
         "card": {"backend": "pcsc", "reader": "Virtual PCD 00 00", "wait_seconds": 2},
         "printer": {"name": queue, "format": "ticket80"}}
    )
    services = build_ui_services(settings)
    assert services.monitor is not None
    w = build_window(services)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.view.confirm_cancel = lambda: True
    w.view.start()
    yield w
    if services.remove_training_card is not None:
        services.remove_training_card()
    w.view.shutdown()
    services.close()
    _slot_empty()


def test_training_card_on_vpcd_to_printed_accuse(qtbot, window):
    view, flow = window.view, window.view.flow
    action = next(a for a in window.card_actions if a.text().startswith("Famille Martin"))
    action.trigger()  # VirtualCard on vpcd slot 0; pcscd sees it, our monitor says CARD_INSERTED
    qtbot.waitUntil(lambda: flow.card is not None and not flow.busy, timeout=15000)
    assert flow.card.reader == "Virtual PCD 00 00"
    table = view.identify_page.table
    rect = table.visualItemRect(table.item(0, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    # step 2: the training CPS in the reader asks for its PIN once (mode DIRECTE)
    qtbot.waitUntil(view.pin_dialog.isVisible, timeout=15000)
    qtbot.keyClicks(view.pin_dialog.pin, "1234")
    qtbot.keyClick(view.pin_dialog.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: flow.step is Step.CONSENT and not flow.busy, timeout=15000)
    view.consent_page.oral.click()
    view.consent_page.yes.click()
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.step is Step.ACCOUNT)
    view.account_page.no.click()
    qtbot.mouseClick(view.account_page.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.step is Step.RESULT and not flow.busy, timeout=30000)
    report = flow.report
    assert flow.outcome is Outcome.CREATED and report is not None
    assert report.printed, report.print_error
    assert report.print_result is not None and report.print_result.job_id
    _wait_job(report.print_result.job_id)
    assert "dmp-test-pdf" in view.result_page.print_banner.text() or report.print_result.printer in (
        view.result_page.print_banner.text()
    )
    # the card pulled on the result page changes nothing; a new patient starts from the waiting state
    window.services.remove_training_card()
    qtbot.waitUntil(lambda: not flow.card_present, timeout=10000)
    assert flow.step is Step.RESULT
    qtbot.mouseClick(view.result_page.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.step is Step.IDENTIFY and flow.report is None)


def test_another_patient_s_card_at_step_3_on_vpcd_is_read_and_said(qtbot, window):
    """The card check at steps 2-4 through the real pcscd: the patient's card pulled at step 3, another
    patient's card read in the background (OTHER, the visit stays), then the patient's own card (PRESENT)."""
    from dmp_desktop.flow.wizard import CardPresence

    view, flow = window.view, window.view.flow

    def insert(label: str) -> None:
        next(a for a in window.card_actions if a.text().startswith(label)).trigger()

    insert("Famille Martin")
    qtbot.waitUntil(lambda: flow.card is not None and not flow.busy, timeout=15000)
    table = view.identify_page.table
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualItemRect(table.item(0, 1)).center())
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(view.pin_dialog.isVisible, timeout=15000)
    qtbot.keyClicks(view.pin_dialog.pin, "1234")
    qtbot.keyClick(view.pin_dialog.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: flow.step is Step.CONSENT and not flow.busy, timeout=15000)
    patient = flow.ins
    window.services.remove_training_card()
    qtbot.waitUntil(lambda: flow.card_presence is CardPresence.REMOVED, timeout=10000)
    insert("Née en Corse")
    qtbot.waitUntil(lambda: flow.card_presence is CardPresence.OTHER, timeout=15000)
    assert flow.step is Step.CONSENT and flow.ins == patient
    assert "autre carte Vitale" in view.card_status.text()
    window.services.remove_training_card()
    qtbot.waitUntil(lambda: flow.card_presence is CardPresence.REMOVED, timeout=10000)
    insert("Famille Martin")
    qtbot.waitUntil(lambda: flow.card_presence is CardPresence.PRESENT, timeout=15000)
    assert flow.step is Step.CONSENT and flow.ins == patient and not view.card_status.isVisible()
