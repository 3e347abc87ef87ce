#!/usr/bin/env python3
"""Clicks and key presses from the patient's card inserted to the accusé sent to the printer, per path (offscreen).

    .venv/bin/python benchmarks/actions.py

Runs the paths of tests/gui/test_ui_actions.py (the real wizard window on the flow fakes, every action a real
input event delivered to a widget) and prints what each cost: clicks, keys (Tab, Entrée, Space, Alt+letter),
typed characters (e-mail, mobile, PIN: counted apart), total actions, target. The pharmacist's card session is
already open except on the first-patient path, where the PIN is typed and sent with Entrée.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "actions.jsonl"
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DMP_DESKTOP_ACTIONS_OUT": str(out)}
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "tests/gui/test_ui_actions.py"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
        )
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    if not rows:
        print(run.stdout[-3000:], run.stderr[-2000:], sep="\n")
        return 1
    print(f"| {'path':<48} | clicks | keys | typed | actions | {'target':<14} | met |")
    print(f"|{'-' * 50}|--------|------|-------|---------|{'-' * 16}|-----|")
    for r in rows:
        met = "yes" if r["actions"] <= r["target"] else "NO"
        typed = f"+{r['typed']}" if r["typed"] else "0"
        target = f"≤ {r['target']}" + (" + typing" if r["typed"] else "")
        print(f"| {r['path']:<48} | {r['clicks']:>6} | {r['keys']:>4} | {typed:>5} | {r['actions']:>7} | "
              f"{target:<14} | {met:<3} |")
    return run.returncode


if __name__ == "__main__":
    raise SystemExit(main())
