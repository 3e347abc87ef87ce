#!/usr/bin/env python3
"""Cold start to the wizard interactive, against a bare PySide6 window, each in a fresh process (offscreen).

    .venv/bin/python benchmarks/startup.py [--runs 7]

"Interactive" = the window is shown and its event loop has turned once (a 0 ms timer fired after show()).
The wizard child does what `dmp-desktop` does: settings, logging, app.build_ui_services (embedded HTTPS
simulator, SQLite ledger with migrations, card reader and monitor), the window, the reader lookup.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.setCentralWidget(QLabel("bare")); w.resize(1366, 768); w.show()
QTimer.singleShot(0, lambda: (print("READY", time.time(), flush=True), app.quit()))
app.exec()
"""

WIZARD = r"""
import time
t0 = time.time()
import logging, sys
from dmp_desktop.log import setup_logging
from dmp_desktop.settings import load_settings
settings = load_settings(None)
setup_logging(settings.log_dir, logging.INFO)
t1 = time.time()
from dmp_desktop.app import build_ui_services
services = build_ui_services(settings)
t2 = time.time()
from dmp_desktop.ui.launch import build_window, ensure_application
app = ensure_application(settings.language)
window = build_window(services)
window.resize(1366, 768)
window.show()
window.view.start()
from PySide6.QtCore import QTimer
def ready():
    t3 = time.time()
    print("PHASES", t1 - t0, t2 - t1, t3 - t2, flush=True)
    print("READY", t3, flush=True)
    window.close()
window.closed.connect(app.quit)
QTimer.singleShot(0, ready)
app.exec()
services.close()
"""


PHASES: list[list[float]] = []

# The same window with the slow ports built in the background (ui.lazy.Deferred): what app.build_ui_services
# could do. Step 1 needs only the card reader and its monitor; the rest is used from step 2 on, in the pool.
DEFERRED = r"""
import time
t0 = time.time()
import logging, sys
from dmp_desktop.log import setup_logging
from dmp_desktop.settings import load_settings
settings = load_settings(None)
setup_logging(settings.log_dir, logging.INFO)
t1 = time.time()
from dmp_desktop.card import open_monitor, open_reader
from dmp_desktop.ui.lazy import Deferred
from dmp_desktop.ui.services import UiServices
reader = open_reader(settings)
def build():
    from dmp_desktop.app import build_services
    return build_services(settings)
full = Deferred(build, "services")
def preview(pdf):
    from dmp_desktop.receipts.preview import page_png
    return page_png(pdf)
services = UiServices(reader=reader, counter=full.then(lambda s: s.counter, "counter"),
                      ledger=full.then(lambda s: s.ledger, "ledger"),
                      renderer=full.then(lambda s: s.counter.renderer, "renderer"),
                      printer=full.then(lambda s: s.counter.printer, "printer"),
                      settings=settings, monitor=open_monitor(settings), preview=preview)
t2 = time.time()
from dmp_desktop.ui.launch import build_window, ensure_application
app = ensure_application(settings.language)
window = build_window(services)
window.resize(1366, 768)
window.show()
window.view.start()
from PySide6.QtCore import QTimer
def ready():
    t3 = time.time()
    print("READY", t3, flush=True)
    window.close()
window.closed.connect(app.quit)
QTimer.singleShot(0, ready)
app.exec()
full.resolve().close()
"""


def one(code: str, env: dict[str, str]) -> float:
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    line = next((x for x in out.stdout.splitlines() if x.startswith("READY")), None)
    if out.returncode != 0 or line is None:
        raise SystemExit(f"child failed ({out.returncode}):\n{out.stderr[-2000:]}")
    phases = next((x for x in out.stdout.splitlines() if x.startswith("PHASES")), None)
    if phases:
        PHASES.append([float(v) for v in phases.split()[1:]])
    return float(line.split()[1]) - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT / "src"),
                   PYTHONDONTWRITEBYTECODE="0", PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
                   XDG_DATA_HOME=f"{tmp}/data", XDG_CONFIG_HOME=f"{tmp}/config", XDG_STATE_HOME=f"{tmp}/state",
                   XDG_CACHE_HOME=f"{tmp}/cache")
        env.pop("DMP_DESKTOP_CONFIG", None)
        first = one(WIZARD, env)  # empty profile: creates the SQLite ledger and runs the migrations
        PHASES.clear()
        bare = [one(BARE, env) for _ in range(args.runs)]
        wizard = [one(WIZARD, env) for _ in range(args.runs)]
        phases = [statistics.median(p[i] for p in PHASES) for i in range(3)]
        deferred = [one(DEFERRED, env) for _ in range(args.runs)]
    rows = [("bare PySide6 window", bare), ("dmp-desktop wizard", wizard), ("wizard, ports deferred", deferred)]
    print(f"cold start to interactive, {args.runs} runs each (offscreen, {sys.platform}, "
          f"{os.cpu_count()} cores)")
    print(f"{'':24} {'median':>8} {'min':>8} {'max':>8}")
    for name, values in rows:
        print(f"{name:24} {statistics.median(values):8.3f} {min(values):8.3f} {max(values):8.3f}  s")
    ratio = statistics.median(wizard) / statistics.median(bare)
    print(f"{'first run (new profile)':24} {first:8.3f}  s  (ledger created, migrations run)")
    print(f"ratio wizard / bare (medians): {ratio:.2f}×   targets: ≤ 1.5 s, ≤ 1.5×")
    deferred_ratio = statistics.median(deferred) / statistics.median(bare)
    print(f"ratio with the ports deferred (ui.lazy.Deferred): {deferred_ratio:.2f}×")
    print("wizard phases (medians, s): settings + logging {:.3f}, app.build_ui_services {:.3f}, "
          "Qt application + window + first event loop turn {:.3f}".format(*phases))
    if args.json:
        print(json.dumps({"bare": bare, "wizard": wizard, "deferred": deferred, "first": first, "ratio": ratio,
                          "phases": phases}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
