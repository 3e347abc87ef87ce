#!/usr/bin/env python3
"""Qt translations: `--update` refreshes the .ts sources from the ui code (pyside6-lupdate); by default
builds the .qm files next to them in resources/translations, where dmp_desktop.resource_files finds them in a
checkout or an editable install and the wheel and the PyInstaller build pick them up (pyside6-lrelease from the
PySide6 wheel). The .qm are never committed."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "src" / "dmp_desktop" / "ui"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("en",)


def tool(name: str) -> str:
    """The PySide6 wrapper next to this interpreter (the venv), else on PATH."""
    local = Path(sys.executable).with_name(name)
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6-Essentials in this environment")
    return found


def update() -> None:
    sources = sorted(str(p.relative_to(ROOT)) for p in UI.rglob("*.py"))
    for lang in LANGUAGES:
        ts = TRANSLATIONS / f"dmp_desktop_{lang}.ts"
        subprocess.run(
            [tool("pyside6-lupdate"), *sources, "-source-language", "fr", "-target-language", lang,
             "-locations", "none", "-no-obsolete", "-ts", str(ts.relative_to(ROOT))],
            cwd=ROOT, check=True,
        )


def build() -> list[Path]:
    built = []
    for ts in sorted(TRANSLATIONS.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True)
        built.append(qm)
    return built


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="refresh the .ts sources from the code first")
    args = parser.parse_args()
    if args.update:
        update()
    for qm in build():
        print(qm.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
