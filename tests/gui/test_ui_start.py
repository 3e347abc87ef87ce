"""Start-up: the window and its wizard are built at once; the services of steps 2-4 are a future started once
the window is shown, awaited by the tasks that need them; a failed build is told in the window."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

from dmp_desktop import cli
from dmp_desktop.app import build_ui_services
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.model import Pharmacist
from dmp_desktop.flow.wizard import Step
from dmp_desktop.pos.context import HostContext
from dmp_desktop.settings import Settings
from dmp_desktop.ui.launch import build_window
from dmp_desktop.ui.services import StepServices, UiServices

from .conftest import Driver, Fakes, make_services

REPO = Path(__file__).resolve().parents[2]


def gated(services: UiServices, gate: threading.Event, fail: Exception | None = None) -> UiServices:
    """The same services, whose steps 2-4 build waits for `gate` (then raises `fail`, if given)."""
    build = services.build_steps

    def slow() -> StepServices:
        assert gate.wait(10)
        if fail is not None:
            raise fail
        return build()

    return replace(services, build_steps=slow)


def test_the_window_opens_with_its_wizard_and_starts_the_build_once_shown(qtbot, fakes: Fakes, isolated_dirs):
    services = make_services(fakes)
    services.training_cards = [("Famille Martin", lambda: None)]
    services.remove_training_card = lambda: None
    window = build_window(services)
    qtbot.addWidget(window)
    # one construction: the wizard, the menus and the training cards are there before anything is built
    assert window.view.flow.step is Step.IDENTIFY and window.settings_action.isEnabled()
    assert not services.steps.running() and not services.steps.done()
    actions = window.cards_menu.actions()  # the entries above the separator, « Retirer la carte » below it
    assert actions[0].text() == "Famille Martin" and actions[1].isSeparator()
    assert actions[2] is window.remove_card_action and window.remove_card_action.isEnabled()
    window.show()
    with qtbot.waitSignal(window.view.steps_built, timeout=5000):
        window.view.start()
    assert services.steps.result(0).ledger is fakes.ledger
    window.close()


def test_step_one_reads_the_card_while_steps_two_to_four_are_still_being_built(qtbot, fakes, isolated_dirs):
    gate = threading.Event()
    d = Driver(qtbot, fakes, gated(make_services(fakes), gate))
    try:
        d.insert()  # read through the card reader alone
        assert d.view.identify_page.table.rowCount() == 3 and not d.view.services.steps.done()
        d.select(0)
        d.view.next_button.click()
        qtbot.waitUntil(lambda: d.view.overlay.isVisible())
        assert d.view.overlay.label.text() == "Vérification du DMP…"  # TD0.2 awaits the build, in the pool
        gate.set()
        d.at(Step.CONSENT)
    finally:
        gate.set()
        d.view.shutdown()


def test_a_failed_build_is_shown_in_the_window_in_french_with_what_to_do(qtbot, fakes, isolated_dirs):
    gate = threading.Event()
    d = Driver(qtbot, fakes, gated(make_services(fakes), gate, OSError("disque plein")))
    page = d.view.identify_page
    try:
        assert page.instruction.isVisible()
        with qtbot.waitSignal(d.view.steps_built, timeout=5000):
            gate.set()
        text = page.banner.text()
        assert "Le poste n’a pas pu démarrer" in text and "disque plein" in text and "relancez" in text
        assert page.banner.isVisible() and not page.instruction.isVisible() and not page.read_button.isVisible()
        d.insert()  # a card inserted now is read, but cannot go further
        assert not d.view.next_button.isEnabled() and "disque plein" in page.banner.text()
    finally:
        d.view.shutdown()


def test_a_build_failing_during_step_two_is_told_there(qtbot, fakes, isolated_dirs):
    gate = threading.Event()
    broken = DomainError(ErrorCode.DMP_UNREACHABLE, "simulator did not start")
    d = Driver(qtbot, fakes, gated(make_services(fakes), gate, broken))
    try:
        d.insert()
        d.select(0)
        d.view.next_button.click()
        qtbot.waitUntil(lambda: d.view.overlay.isVisible())
        gate.set()
        d.at(Step.CONNECT)
        qtbot.waitUntil(lambda: "injoignable" in d.view.connect_page.banner.text())
    finally:
        gate.set()
        d.view.shutdown()


def test_closing_waits_for_the_build_then_closes_it_without_a_warning(qtbot, fakes, isolated_dirs, caplog):
    gate, closed = threading.Event(), []
    services = make_services(fakes)
    built = services.build_steps

    def build() -> StepServices:
        assert gate.wait(10)
        return replace(built(), close=lambda: closed.append(True))

    services = replace(services, build_steps=build)
    d = Driver(qtbot, fakes, services)
    d.window.close()
    threading.Timer(0.2, gate.set).start()
    with caplog.at_level(logging.WARNING):
        services.close()  # what ui.run does once the window is closed
    assert closed == [True]
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_a_build_ending_after_the_window_is_gone_is_handed_to_the_gui_thread_and_dropped(
    qtbot, fakes, isolated_dirs, monkeypatch
):
    """The build thread never touches the window: it hands its news to the application's relay, and the GUI
    thread finds the window deleted and drops it (emitting on a widget a closing window deletes could crash)."""
    import shiboken6

    from dmp_desktop.ui import wizard as wizard_module

    gate, relayed, ran = threading.Event(), [], []
    real = wizard_module.call_in_gui

    def spy(fn):
        relayed.append(threading.current_thread() is threading.main_thread())

        def on_gui() -> None:
            ran.append((threading.current_thread() is threading.main_thread(), shiboken6.isValid(view)))
            fn()

        real(on_gui)

    monkeypatch.setattr(wizard_module, "call_in_gui", spy)
    services = gated(make_services(fakes), gate)
    window = build_window(services)
    window.show()
    view = window.view
    view.start()
    window.close()
    window.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(view), timeout=5000)
    gate.set()
    services.steps.result(10)
    qtbot.waitUntil(lambda: bool(ran), timeout=5000)
    assert relayed == [False]  # from the build thread
    assert ran == [(True, False)]  # on the GUI thread, the window already gone: nothing told, no crash
    services.close()


def test_the_host_context_is_applied_by_the_composition_root(qtbot, isolated_dirs):
    settings = replace(Settings(), card=replace(Settings().card, backend="inprocess"))
    host = HostContext(Pharmacist("10003456789", "Anne", "Durand"), "caisse-3", "282056912304564", "Lecteur 2")
    services = build_ui_services(settings, host)
    try:
        assert services.settings.pharmacist.rpps == "10003456789" and services.settings.workstation == "caisse-3"
        assert services.settings.card.reader == "Lecteur 2"
        assert services.expected_nir == "282056912304564" and services.single_visit
        window = build_window(services)
        qtbot.addWidget(window)
        assert "Anne DURAND" in window.status_label.text() and "caisse-3" in window.status_label.text()
        assert window.view.flow.expected_nir == "282056912304564"
        assert window.view.result_page.new_button.text() == "&Terminer"  # one visit for the host
    finally:
        services.close()  # the build never started: nothing of it to wait for


def test_the_command_line_imports_only_the_command_it_runs():
    assert cli.requested_command([]) == "gui"
    assert cli.requested_command(["-v"]) == "gui"
    assert cli.requested_command(["--config", "ledger.toml"]) == "gui"  # a value, not a command
    assert cli.requested_command(["--config", "x.toml", "ledger", "--json"]) == "ledger"
    assert cli.requested_command(["dmp-simulator", "--mode", "today"]) == "dmp_simulator"
    assert cli.requested_command(["--help"]) is None and cli.requested_command(["nope"]) is None
    code = ("import sys\nfrom dmp_desktop import cli\ncli.build_parser(cli.requested_command(['ledger']))\n"
            "print(sorted(m for m in sys.modules if m.startswith('dmp_desktop.commands.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, PYTHONPATH=str(REPO / "src")), check=True)
    assert out.stdout.strip() == "['dmp_desktop.commands.ledger']"


def test_the_real_command_prints_when_the_wizard_then_its_services_are_ready(isolated_dirs):
    """`python -m dmp_desktop` on a new profile (training mode, nothing configured), timed by its probe."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DMP_DESKTOP_STARTUP_PROBE="1",
               PYTHONPATH=str(REPO / "src"), PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    out = subprocess.run([sys.executable, "-m", "dmp_desktop"], capture_output=True, text=True, timeout=90, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = [line.split() for line in out.stdout.splitlines() if line.startswith("startup-probe")]
    assert [parts[1] for parts in lines] == ["wizard", "steps"], out.stdout
    assert float(lines[0][2]) <= float(lines[1][2])
