"""`dmp-desktop` with no subcommand opens the window on app.build_ui_services (the composition root)."""

from __future__ import annotations

import sys
import types
from dataclasses import replace

from dmp_desktop import cli
from dmp_desktop.commands import gui as gui_cmd

from .conftest import Fakes, make_services


def test_no_subcommand_opens_the_window_on_the_composition_roots_services(monkeypatch, isolated_dirs):
    built, shown = [], []

    def build_ui_services(settings):
        built.append(settings)
        return "services"

    monkeypatch.setitem(sys.modules, "dmp_desktop.app", types.SimpleNamespace(build_ui_services=build_ui_services))
    import dmp_desktop.ui as ui

    monkeypatch.setattr(ui, "run", shown.append)
    assert cli.main([]) == 0
    assert shown == ["services"] and built[0].training  # training mode out of the box


def test_the_window_says_why_the_services_could_not_start_then_stderr(qapp, monkeypatch, isolated_dirs, capsys):
    """A failure to build the services of steps 2-4 is written in the window (the pharmacist sees no
    stderr), and once it is closed the command says it on stderr and exits 1."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from dmp_desktop.settings import load_settings
    from dmp_desktop.ui.window import MainWindow

    def broken():
        raise OSError("disk full")

    def build_ui_services(settings):
        return replace(make_services(Fakes(), settings), build_steps=broken)

    monkeypatch.setitem(sys.modules, "dmp_desktop.app", types.SimpleNamespace(build_ui_services=build_ui_services))
    seen: list[str] = []

    def check() -> None:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        text = window.view.identify_page.banner.text()
        if "disk full" not in text:
            QTimer.singleShot(20, check)
            return
        seen.append(text)
        window.close()

    QTimer.singleShot(0, check)
    assert gui_cmd.run_gui(None, load_settings(None)) == 1
    assert "disk full" in seen[0] and "journal" in seen[0]
    assert "disk full" in capsys.readouterr().err


def test_no_display_builds_nothing_of_steps_two_to_four_and_says_why(monkeypatch, isolated_dirs, capsys):
    built, closed = [], []

    def build_ui_services(settings):
        services = make_services(Fakes(), settings)
        return replace(services, build_steps=lambda: built.append(True), on_close=lambda: closed.append(True))

    monkeypatch.setitem(sys.modules, "dmp_desktop.app", types.SimpleNamespace(build_ui_services=build_ui_services))
    import dmp_desktop.ui as ui
    from dmp_desktop.settings import Settings
    from dmp_desktop.ui.launch import NoDisplayError

    def no_display(services):
        raise NoDisplayError("no display: set DISPLAY, or QT_QPA_PLATFORM=offscreen")

    monkeypatch.setattr(ui, "run", no_display)
    assert gui_cmd.run_gui(None, Settings()) == gui_cmd.EXIT_NO_DISPLAY
    assert built == [] and closed == [True] and "no display" in capsys.readouterr().err


def test_ensure_application_refuses_to_abort_without_a_display(monkeypatch):
    """QApplication would abort the process (SIGABRT) with no display: the check runs first, in a child."""
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    code = ("from dmp_desktop.ui.launch import ensure_application\n"
            "try:\n    ensure_application()\nexcept RuntimeError as e:\n    print('REFUSED', e)\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.startswith("REFUSED no display"), out.stderr
