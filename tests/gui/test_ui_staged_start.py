"""The window opens before the wizard: step 1's waiting screen first, the wizard attached once Qt is idle."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QTimer

from dmp_desktop import cli
from dmp_desktop.settings import Settings
from dmp_desktop.ui.launch import open_window
from dmp_desktop.ui.lazy import Deferred, when_idle
from dmp_desktop.ui.window import StartingView

from .conftest import Fakes, make_services

REPO = Path(__file__).resolve().parents[2]


def test_the_window_shows_step_one_waiting_then_attaches_the_wizard(qtbot, fakes: Fakes):
    built: list[bool] = []
    card_inserted: list[str] = []

    def services():
        built.append(True)
        s = make_services(fakes)
        s.training_cards = [("Famille Martin", lambda: card_inserted.append("martin"))]
        s.remove_training_card = lambda: None
        return s

    window = open_window(services, settings=Settings())
    qtbot.addWidget(window)
    # shown at once, before anything is built: the waiting screen, the menus the services do not need
    assert window.isVisible() and window.view is None and isinstance(window.starting, StartingView)
    assert built == [] and not window.settings_action.isEnabled() and not window.ledger_action.isEnabled()
    assert window.training_banner.isVisible() and window.card_actions == []
    with qtbot.waitSignal(window.view_ready, timeout=10000):
        pass
    assert built == [True] and window.view is not None and window.starting is None
    assert window.settings_action.isEnabled() and window.ledger_action.isEnabled()
    assert [a.text() for a in window.card_actions] == ["Famille Martin"]
    # the entries sit above the separator, « Retirer la carte » below it
    actions = window.cards_menu.actions()
    assert actions[0].text() == "Famille Martin" and actions[1].isSeparator()
    assert actions[2] is window.remove_card_action
    assert window.remove_card_action.isEnabled()
    window.close()


def test_closing_before_the_wizard_is_attached_builds_nothing(qtbot):
    built: list[bool] = []
    window = open_window(lambda: built.append(True) or None, settings=Settings())
    qtbot.addWidget(window)
    closed: list[bool] = []
    window.closed.connect(lambda: closed.append(True))
    window.close()  # before the event loop ever ran: nothing to lose, nothing to confirm
    assert closed == [True]
    qtbot.wait(300)
    assert built == [] and window.view is None


def test_a_service_failure_is_written_in_the_window(qtbot):
    def services():
        raise OSError("disque plein")

    window = open_window(services, settings=Settings())
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.start_error is not None, timeout=10000)
    assert isinstance(window.start_error, OSError)
    assert window.view is None and "disque plein" in window.starting.failure_text()
    window.close()


def test_a_host_context_shows_the_hosts_pharmacist_once_attached(qtbot, fakes: Fakes):
    context = {"pharmacist": {"rpps": "10003456789", "first_name": "Anne", "last_name": "Durand"},
               "workstation": "caisse-3"}
    window = open_window(make_services(fakes), context=context)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.view_ready, timeout=10000):
        pass
    assert "Anne DURAND" in window.status_label.text() and "caisse-3" in window.status_label.text()
    assert window.view.result.new_button.text() == "&Terminer"  # one visit for the host
    window.close()


def test_when_idle_calls_once(qtbot):
    calls: list[int] = []
    when_idle(lambda: calls.append(1))
    for _ in range(3):
        QTimer.singleShot(5, lambda: None)
        qtbot.wait(20)
    assert calls == [1]


def test_a_deferred_built_later_starts_on_start_or_on_first_use():
    made: list[int] = []
    d = Deferred(lambda: made.append(1) or "port", "demo", start=False)
    assert not d.started and not d.ready and made == []
    assert d.resolve(timeout=5, closing=True) == "port" and d.started and made == [1]
    parent = Deferred(lambda: made.append(2) or {"port": 3}, "services", start=False)
    child = parent.then(lambda s: s["port"], "port")
    assert not parent.started and not child.started  # deriving a port does not start the build
    assert child.resolve(timeout=5, closing=True) == 3 and parent.started and made == [1, 2]
    later = Deferred(lambda: "x", "other", start=False)
    later.start()
    later.start()  # once
    assert later.resolve(timeout=5, closing=True) == "x"


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


def test_the_real_command_opens_the_window_then_the_wizard(isolated_dirs):
    """`python -m dmp_desktop` on a new profile (training mode, nothing configured), timed by its probe."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DMP_DESKTOP_STARTUP_PROBE="1",
               PYTHONPATH=str(REPO / "src"), PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    out = subprocess.run([sys.executable, "-m", "dmp_desktop"], capture_output=True, text=True, timeout=90, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = [line.split() for line in out.stdout.splitlines() if line.startswith("startup-probe")]
    assert [parts[1] for parts in lines] == ["window", "wizard"], out.stdout
    window_at, wizard_at = float(lines[0][2]), float(lines[1][2])
    assert window_at <= wizard_at
