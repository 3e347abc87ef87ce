"""`dmp-desktop wizard`: host context in, one visit driven through the window, result file and exit code out."""

from __future__ import annotations

import argparse
import json
import sys
import types

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from dmp_desktop.app import for_host
from dmp_desktop.commands import wizard as wizard_cmd
from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.model import DmpStatus
from dmp_desktop.flow.fakes import sample_card
from dmp_desktop.flow.outcomes import Outcome
from dmp_desktop.flow.wizard import Step
from dmp_desktop.pos import exitcodes
from dmp_desktop.settings import Settings
from dmp_desktop.ui.questions import LeaveReason
from dmp_desktop.ui.window import MainWindow

from .conftest import Driver, make_services

SOPHIE_NIR = "282056912304564"


@pytest.fixture
def host(monkeypatch, fakes, isolated_dirs, tmp_path):
    """dmp_desktop.app stand-in (the composition root builds real adapters; here the flow fakes)."""
    built = []

    def build_ui_services(settings, host=None):
        settings = for_host(settings, host)  # the composition root's own: the host's pharmacist, workstation…
        services = make_services(fakes, settings, expected_nir=host.expected_nir, single_visit=True)
        built.append(services)
        return services

    monkeypatch.setitem(sys.modules, "dmp_desktop.app", types.SimpleNamespace(build_ui_services=build_ui_services))
    return built


def _run_with(qtbot, fakes, tmp_path, context: dict | None, visit) -> tuple[int, dict]:
    ctx_path = tmp_path / "context.json"
    result_path = tmp_path / "result.json"
    args = argparse.Namespace(context=None, result=str(result_path))
    if context is not None:
        ctx_path.write_text(json.dumps(context), encoding="utf-8")
        args.context = str(ctx_path)
    errors: list[BaseException] = []

    def drive() -> None:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        d = Driver.__new__(Driver)
        d.qtbot, d.fakes, d.window, d.view, d.flow = qtbot, fakes, window, window.view, window.view.flow
        d.view.confirm_cancel = lambda: True
        d.view.confirm_leave = lambda reason: True  # as the Driver: a real message box would block the loop
        try:
            visit(d)
        except BaseException as exc:  # surface it after exec() returns
            errors.append(exc)
            window.view.runner.invalidate()
            window.close()

    QTimer.singleShot(0, drive)
    code = wizard_cmd.run(args, Settings())
    if errors:
        raise errors[0]
    return code, json.loads(result_path.read_text(encoding="utf-8"))


def test_created_with_account_writes_result_without_password(qtbot, fakes, host, tmp_path):
    def visit(d: Driver) -> None:
        d.insert()
        d.at(Step.IDENTIFY)
        # the host's expected NIR pre-selects Sophie among the three beneficiaries
        assert d.flow.selected_index == 1
        d.click(d.view.next_button)
        d.at(Step.CONSENT)
        d.consent()
        d.account(wants=True, mobile="0612345678")
        d.create()
        assert d.view.result_page.new_button.text() == "&Terminer"
        d.click(d.view.result_page.confirm_button)  # « Oui, il est sorti »: the credentials are on paper
        d.click(d.view.result_page.new_button)

    context = {"pharmacist": {"rpps": "10000000002", "first_name": "Alice", "last_name": "Durand"},
               "workstation": "caisse-2", "expected_nir": SOPHIE_NIR}
    code, result = _run_with(qtbot, fakes, tmp_path, context, visit)
    assert code == exitcodes.CREATED
    assert result["status"] == "created" and result["error"] is None
    assert result["ins"] == {"type": "INS-NIR", "value": SOPHIE_NIR}
    assert result["account"]["channels"] == ["SMS"] and result["account"]["login"].startswith("mtef")
    assert result["receipt"]["printed"] is True and result["creation_id"]
    assert "cbC!bqf3" not in json.dumps(result)
    entry = next(iter(fakes.ledger.entries.values()))
    assert entry.record.pharmacist_rpps == "10000000002" and entry.record.workstation == "caisse-2"


def test_already_exists_exit_code(qtbot, fakes, host, tmp_path):
    fakes.dmp.dmps[SOPHIE_NIR] = DmpStatus.EXISTS

    def visit(d: Driver) -> None:
        d.insert()
        d.select(1)
        d.click(d.view.next_button)
        d.at(Step.RESULT)
        assert d.flow.outcome is Outcome.ALREADY_EXISTS
        d.window.close()

    code, result = _run_with(qtbot, fakes, tmp_path, None, visit)
    assert code == exitcodes.ALREADY_EXISTS
    assert result["status"] == "already_exists" and result["ins"]["value"] == SOPHIE_NIR


def test_cancel_closes_and_says_cancelled(qtbot, fakes, host, tmp_path):
    def visit(d: Driver) -> None:
        d.insert(sample_card())
        d.select(0)
        d.click(d.view.next_button)
        d.at(Step.CONSENT)
        d.click(d.view.cancel_button)

    code, result = _run_with(qtbot, fakes, tmp_path, {}, visit)
    assert code == exitcodes.CANCELLED
    assert result["status"] == "error" and result["error"]["code"] == "cancelled"
    assert result["ins"] is not None and fakes.dmp.count("create") == 0


@pytest.mark.parametrize(
    ("context", "field"),
    [
        ({"pharmacien": {}}, "pharmacien"),
        ({"pharmacist": {"rpps": "123", "first_name": "A", "last_name": "B"}}, "pharmacist.rpps"),
        ({"expected_nir": "180057505612343"}, "expected_nir"),
        ({"workstation": 3}, "workstation"),
    ],
)
def test_bad_context_names_the_field_and_shows_nothing(tmp_path, host, context, field):
    path = tmp_path / "c.json"
    path.write_text(json.dumps(context), encoding="utf-8")
    out = tmp_path / "r.json"
    code = wizard_cmd.run(argparse.Namespace(context=str(path), result=str(out)), Settings())
    assert code == exitcodes.REQUEST_INVALID
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["status"] == "error" and result["error"]["code"] == "request_invalid"
    assert field in result["error"]["message"]
    assert not host  # no services were built, no window shown


def test_account_failure_is_created_but_incomplete(qtbot, fakes, host, tmp_path):
    fakes.dmp.fail("open_web_account", ErrorCode.DMP_TIMEOUT)

    def visit(d: Driver) -> None:
        d.to_consent()
        d.consent()
        d.account(wants=True, email="jean.martin@example.fr")
        d.create()
        d.window.close()

    code, result = _run_with(qtbot, fakes, tmp_path, None, visit)
    assert code == exitcodes.CREATED_INCOMPLETE
    assert result["status"] == "created" and result["error"]["code"] == "dmp_timeout"


def test_escape_on_an_empty_wizard_closes_the_host_window(qtbot, fakes, host, tmp_path):
    from PySide6.QtCore import Qt

    def visit(d: Driver) -> None:
        qtbot.keyClick(d.view, Qt.Key.Key_Escape)  # no card yet: nothing to confirm

    code, result = _run_with(qtbot, fakes, tmp_path, {}, visit)
    assert code == exitcodes.CANCELLED and result["ins"] is None


def test_terminer_asks_when_the_accuse_is_not_printed(qtbot, fakes, host, tmp_path):
    fakes.printer.failures.append(ErrorCode.PRINTER_STOPPED)
    asked = []

    def visit(d: Driver) -> None:
        d.view.confirm_leave = lambda pending: asked.append(pending) or False
        d.to_consent()
        d.consent()
        d.account(wants=False)
        d.create()
        d.click(d.view.result_page.new_button)  # « Terminer »: stays, the accusé is not printed
        assert d.window.isVisible() and asked == [LeaveReason.PRINT]
        d.click(d.view.result_page.reprint_button)
        d.click(d.view.result_page.new_button)

    code, result = _run_with(qtbot, fakes, tmp_path, {}, visit)
    assert code == exitcodes.CREATED and result["receipt"]["printed"] is True
