"""QtPrinter in a fresh process: no display and no QT_QPA_PLATFORM (offscreen app created), and no CUPS."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[3] / "src"

SCRIPT = r"""
import json, sys
from dmp_desktop.domain.errors import DomainError
from dmp_desktop.domain.model import ReceiptFormat
from dmp_desktop.receipts.qtprint import QtPrinter
from PySide6.QtGui import QGuiApplication
printer = QtPrinter(sys.argv[1] if len(sys.argv) > 1 else None)
out = {"printers": printer.printers(), "default": printer.default_printer()}
out["platform"] = QGuiApplication.platformName()
try:
    printer.print_pdf(b"%PDF-1.4", ReceiptFormat.A4)
    out["code"] = None
except DomainError as exc:
    out["code"] = exc.code.value
print(json.dumps(out))
"""


def _run(env_changes: dict[str, str | None], *args: str) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(SRC)
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    done = subprocess.run([sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, env=env,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="CUPS_SERVER is the CUPS client's variable")
def test_no_printer_at_all_is_printer_none() -> None:
    # A CUPS server that does not exist: the system lists no printer at all (port 9 = discard, closed).
    result = _run({"CUPS_SERVER": "127.0.0.1:9"})
    assert result["printers"] == []
    assert result["default"] is None
    assert result["code"] == "printer_none"
    assert result["platform"] == "offscreen"  # created by qtapp.ensure_gui_app, no DISPLAY needed
