"""The wheel: built from the repository, it holds the resources (fonts, icons, training cards, built .qm) as
dmp_desktop/resources, and the accessor of the installed package finds each kind there."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
CHILD = """
import json, sys
from dmp_desktop import resource_files as r
print(json.dumps({"root": str(r.root()), "kinds": {k: [p.name for p in r.files(k, s)] for k, s in
    (("fonts", ".ttf"), ("icons", ".svg"), ("training-cards", ".json"), ("translations", ".qm"))}}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(REPO), "-w", str(out)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    (found,) = out.glob("dmp_desktop-*.whl")
    return found


def test_the_wheel_holds_every_resource(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    resources = REPO / "resources"
    expected = {
        "dmp_desktop/resources/" + p.relative_to(resources).as_posix()
        for p in resources.rglob("*")
        if p.is_file() and p.suffix not in {".ts", ".pyc"} and "__pycache__" not in p.parts
    }
    assert {"dmp_desktop/resources/fonts/DejaVuSans.ttf", "dmp_desktop/resources/__init__.py"} <= expected
    assert expected <= names
    assert not any(n.endswith(".ts") for n in names)  # translation sources stay in the repository
    assert "dmp_desktop/resource_files.py" in names


def test_the_installed_accessor_finds_each_kind(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)  # a pure-Python wheel installs by unpacking
    # -S: no site-packages, so neither the checkout nor its editable install can answer in the wheel's place
    proc = subprocess.run([sys.executable, "-S", "-c", CHILD], cwd=tmp_path, env={"PYTHONPATH": str(site)},
                          capture_output=True, text=True, timeout=60, check=True)
    found = json.loads(proc.stdout)
    assert found["root"] == str(site / "dmp_desktop" / "resources")
    kinds = found["kinds"]
    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono-Bold.ttf"} <= set(kinds["fonts"])
    assert {"carte-vitale.svg", "dmp-desktop.svg"} <= set(kinds["icons"])
    assert "famille-martin.json" in kinds["training-cards"]
    if (REPO / "resources" / "translations" / "dmp_desktop_en.qm").is_file():  # built by scripts/setup.sh
        assert kinds["translations"] == ["dmp_desktop_en.qm"]
