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
