"""`dmp-desktop` with no subcommand opens the window on app.build_ui_services (the composition root)."""

from __future__ import annotations

import sys
import types

from dmp_desktop import cli
from dmp_desktop.commands import gui as gui_cmd


def test_no_subcommand_opens_the_window_then_builds_the_composition_roots_services(monkeypatch, isolated_dirs):
    built, shown = [], []

    def build_ui_services(settings):
        built.append(settings)
        return "services"

    monkeypatch.setitem(sys.modules, "dmp_desktop.app", types.SimpleNamespace(build_ui_services=build_ui_services))
    import dmp_desktop.ui as ui

    def run(services, *, settings=None, **kw):
        assert built == []  # nothing built before the window is asked for
        shown.append((services(), settings))

    monkeypatch.setattr(ui, "run", run)
    assert cli.main([]) == 0
    assert shown == [("services", built[0])] and built[0].training  # training mode out of the box


def test_the_window_says_why_the_services_could_not_start_then_stderr(qapp, monkeypatch, isolated_dirs, capsys):
    """The window opens first; a failure to build the services is written in it (the pharmacist sees no
    stderr), and once it is closed the command says it on stderr and exits 1."""
    from PySide6.QtCore import QTimer

    from dmp_desktop.settings import load_settings
    from dmp_desktop.ui import launch

    def build_ui_services(settings):
        raise OSError("disk full")

    monkeypatch.setitem(sys.modules, "dmp_desktop.app", types.SimpleNamespace(build_ui_services=build_ui_services))
    real_open, seen = launch.open_window, []

    def open_window(*args, **kwargs):
        window = real_open(*args, **kwargs)

        def check() -> None:
            if window.start_error is None:
                QTimer.singleShot(20, check)
                return
            seen.append(window.starting.failure_text())
            window.close()

        QTimer.singleShot(0, check)
        return window

    monkeypatch.setattr(launch, "open_window", open_window)
    assert gui_cmd.run_gui(None, load_settings(None)) == 1
    assert "disk full" in seen[0] and "journal" in seen[0]
    assert "disk full" in capsys.readouterr().err


def test_no_display_builds_nothing_and_says_why(monkeypatch, isolated_dirs, capsys):
    built = []
    monkeypatch.setitem(sys.modules, "dmp_desktop.app", types.SimpleNamespace(build_ui_services=built.append))
    import dmp_desktop.ui as ui
    from dmp_desktop.ui.launch import NoDisplayError

    def no_display(services, **kw):
        raise NoDisplayError("no display: set DISPLAY, or QT_QPA_PLATFORM=offscreen")

    monkeypatch.setattr(ui, "run", no_display)
    assert gui_cmd.run_gui(None, None) == gui_cmd.EXIT_NO_DISPLAY
    assert built == [] and "no display" in capsys.readouterr().err


def test_ensure_application_refuses_to_abort_without_a_display(monkeypatch):
    """QApplication would abort the process (SIGABRT) with no display: the check runs first, in a child."""
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    code = ("from dmp_desktop.ui.launch import ensure_application\n"
            "try:\n    ensure_application()\nexcept RuntimeError as e:\n    print('REFUSED', e)\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.startswith("REFUSED no display"), out.stderr
