#!/usr/bin/env python3
"""Cold start of the real `dmp-desktop` command against a bare PySide6 window, each in a fresh process (offscreen).

    .venv/bin/python benchmarks/startup.py [--runs 7]

The bare window: import PySide6, QApplication, a QMainWindow with a label, show; "interactive" when its
event loop has turned once (a 0 ms timer fired after show()).

dmp-desktop: `python -m dmp_desktop` exactly as a pharmacist starts it (training mode, nothing configured),
timed by its own probe (DMP_DESKTOP_STARTUP_PROBE=1, see ui.launch): "wizard" when the window and its wizard
are shown, listening to the card reader, and the event loop has turned once (a card can be read); "steps"
when the services of steps 2-4 (database, embedded simulator, ReportLab, printing), built in the background
from show() on, are ready.
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


def bare(env: dict[str, str]) -> float:
    start = time.time()
    out = subprocess.run([sys.executable, "-c", BARE], env=env, capture_output=True, text=True, timeout=120)
    line = next((x for x in out.stdout.splitlines() if x.startswith("READY")), None)
    if out.returncode != 0 or line is None:
        raise SystemExit(f"bare window failed ({out.returncode}):\n{out.stderr[-2000:]}")
    return float(line.split()[1]) - start


def command(env: dict[str, str]) -> tuple[float, float]:
    """(wizard, steps) seconds from the process start, from the command's probe lines."""
    start = time.time()
    out = subprocess.run([sys.executable, "-m", "dmp_desktop"], env=env, capture_output=True, text=True,
                         timeout=120)
    marks = {p[1]: float(p[2]) for p in (x.split() for x in out.stdout.splitlines() if x.startswith("startup-"))}
    if out.returncode != 0 or set(marks) != {"wizard", "steps"}:
        raise SystemExit(f"dmp-desktop failed ({out.returncode}):\n{out.stdout[-500:]}\n{out.stderr[-2000:]}")
    return marks["wizard"] - start, marks["steps"] - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT / "src"),
                   DMP_DESKTOP_STARTUP_PROBE="1", PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
                   XDG_DATA_HOME=f"{tmp}/data", XDG_CONFIG_HOME=f"{tmp}/config", XDG_STATE_HOME=f"{tmp}/state",
                   XDG_CACHE_HOME=f"{tmp}/cache")
        env.pop("DMP_DESKTOP_CONFIG", None)
        first = command(env)  # new profile: the ledger is created and migrated (in the background build)
        bares: list[float] = []
        wizards: list[float] = []
        steps: list[float] = []
        for _ in range(args.runs):  # interleaved, so a busy moment of the machine hits both alike
            bares.append(bare(env))
            wizard, built = command(env)
            wizards.append(wizard)
            steps.append(built)
    base = statistics.median(bares)
    rows = [("bare PySide6 window", bares), ("dmp-desktop: wizard", wizards), ("dmp-desktop: steps 2-4", steps)]
    print(f"cold start to interactive, {args.runs} runs each (offscreen, {sys.platform}, {os.cpu_count()} cores)")
    print(f"{'':22} {'median':>8} {'min':>8} {'max':>8} {'× bare':>8}")
    for name, values in rows:
        ratio = statistics.median(values) / base
        print(f"{name:22} {statistics.median(values):8.3f} {min(values):8.3f} {max(values):8.3f} {ratio:8.2f}  s")
    print(f"first run (new profile): wizard {first[0]:.3f} s, steps 2-4 {first[1]:.3f} s")
    print("targets: wizard ready for the card ≤ 0.5 s, steps 2-4 built ≤ 1.5 s")
    if args.json:
        print(json.dumps({"bare": bares, "wizard": wizards, "steps": steps, "first": first}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
