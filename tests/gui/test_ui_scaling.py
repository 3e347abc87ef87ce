"""Fits a 1366×768 screen at 150 % scaling: checked in a child process started with QT_SCALE_FACTOR=1.5."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, sys
from PySide6.QtWidgets import QApplication
from PySide6.QtTest import QTest
app = QApplication([])
sys.path.insert(0, sys.argv[1])
from conftest import Fakes, make_services
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.fakes import sample_card
from dmp_desktop.ui.launch import build_window

fakes = Fakes()
w = build_window(make_services(fakes))
W, H = int(1366 / 1.5), int(768 / 1.5) - 40  # the logical screen, less a taskbar
w.resize(W, H)
w.show()
w.view.start()
out = {"dpr": w.devicePixelRatio(), "min": [w.minimumSizeHint().width(), w.minimumSizeHint().height()],
       "size": [w.width(), w.height()], "pages": {}}

def wait():
    for _ in range(200):
        QTest.qWait(10)
        if not w.view.flow.busy and w.view.runner.active() == 0:
            return

def inside(widget):
    if not widget.isVisible():
        return None
    top_left = widget.mapTo(w, widget.rect().topLeft())
    bottom_right = widget.mapTo(w, widget.rect().bottomRight())
    return w.rect().contains(top_left) and w.rect().contains(bottom_right)

def record(name, *widgets):
    area = w.view.stack.currentWidget()
    out["pages"][name] = {"buttons": [inside(x) for x in widgets],
                          "hscroll": area.horizontalScrollBar().maximum()}

wait(); record("identify", w.view.next_button)
fakes.reader.insert(sample_card()); w.view.send(ev.CardInserted("")); wait()
w.view.send(ev.BeneficiarySelected(0)); wait(); record("identify-card", w.view.next_button)
w.view.send(ev.Next()); wait(); record("consent", w.view.next_button, w.view.back_button)
w.view.consent_page.oral.setChecked(True); w.view.consent_page.no.setChecked(True); w.view.send(ev.Next()); wait()
w.view.account_page.no.setChecked(True); wait()
record("account", w.view.back_button, w.view.account_page.create_button)
w.view.send(ev.CreateRequested()); wait(); record("result", w.view.result_page.new_button)
print(json.dumps(out))
"""


def test_the_wizard_fits_1366x768_at_150_percent(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR="1.5",
               PYTHONPATH=str(REPO / "src"), XDG_DATA_HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", CHILD, str(Path(__file__).parent)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["dpr"] == 1.5
    assert out["min"][0] <= 910 and out["min"][1] <= 472, out["min"]
    assert out["size"] == [910, 472]
    for name, page in out["pages"].items():
        assert all(page["buttons"]), name  # the buttons that move on are on screen
        assert page["hscroll"] == 0, name  # nothing hides sideways; pages only scroll down
