"""`dmp-desktop` with no subcommand opens the window on app.build_ui_services (the composition root)."""

from __future__ import annotations

import sys
import types

from dmp_desktop import cli
from dmp_desktop.commands import gui as gui_cmd


def test_no_subcommand_runs_the_gui_on_the_composition_roots_services(monkeypatch, isolated_dirs):
    built, shown = [], []

    def build_ui_services(settings):
        built.append(settings)
        return "services"

    monkeypatch.setitem(sys.modules, "dmp_desktop.app", types.SimpleNamespace(build_ui_services=build_ui_services))
    import dmp_desktop.ui as ui

    monkeypatch.setattr(ui, "run", lambda services, **kw: shown.append(services))
    assert cli.main([]) == 0
    assert shown == ["services"] and built[0].training  # training mode out of the box


def test_gui_reports_why_the_services_could_not_start(monkeypatch, isolated_dirs, capsys):
    def build_ui_services(settings):
        raise OSError("disk full")

    monkeypatch.setitem(sys.modules, "dmp_desktop.app", types.SimpleNamespace(build_ui_services=build_ui_services))
    assert gui_cmd.run_gui(None, None) == 1
    assert "disk full" in capsys.readouterr().err


def test_no_display_closes_the_services_and_says_why(monkeypatch, isolated_dirs, capsys):
    closed = []
    services = types.SimpleNamespace(close=lambda: closed.append(1))
    monkeypatch.setitem(sys.modules, "dmp_desktop.app", types.SimpleNamespace(build_ui_services=lambda s: services))
    import dmp_desktop.ui as ui

    def no_display(services, **kw):
        raise RuntimeError("no display: set DISPLAY, or QT_QPA_PLATFORM=offscreen")

    monkeypatch.setattr(ui, "run", no_display)
    assert gui_cmd.run_gui(None, None) == gui_cmd.EXIT_NO_DISPLAY
    assert closed == [1] and "no display" in capsys.readouterr().err


def test_ensure_application_refuses_to_abort_without_a_display(monkeypatch):
    """QApplication would abort the process (SIGABRT) with no display: the check runs first, in a child."""
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    code = ("from dmp_desktop.ui.launch import ensure_application\n"
            "try:\n    ensure_application()\nexcept RuntimeError as e:\n    print('REFUSED', e)\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.startswith("REFUSED no display"), out.stderr
