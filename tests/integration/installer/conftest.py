"""Fixtures of the installer tests: the packaging scripts, makensis, a stub payload, a compile helper."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import NoReturn

import pytest

REPO = Path(__file__).resolve().parents[3]
INSTALLER = REPO / "installer.nsi"
PACKAGING = REPO / "packaging"


def load_packaging_module(name: str) -> ModuleType:
    """packaging/<name>.py by path: the folder is not a package (and `packaging` is a PyPI name)."""
    spec = importlib.util.spec_from_file_location(f"dmp_packaging_{name}", PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and friends look the module up while executing it
    spec.loader.exec_module(module)
    return module


def missing(message: str) -> NoReturn:
    """Skips on a dev machine; fails in CI (DMP_DESKTOP_REQUIRE_SERVICES=1), like a missing service."""
    if os.environ.get("DMP_DESKTOP_REQUIRE_SERVICES") == "1":
        pytest.fail(message)
    pytest.skip(message)


def require_tool(name: str, packages: str) -> str:
    """The program's path, or missing() naming the Debian packages that bring it."""
    path = shutil.which(name)
    if path is None:
        missing(f"{name} not found (apt-get install {packages})")
    return path


def find_makensis() -> str:
    return require_tool("makensis", "nsis")


def make_stub_payload(root: Path) -> Path:
    """A tiny stand-in for the PyInstaller dist folder, with the awkward names a real one could hold."""
    payload = root / "payload"
    internal = payload / "_internal"
    (internal / "dmp_desktop" / "resources" / "training-cards").mkdir(parents=True)
    (internal / "PySide6" / "plugins" / "platforms").mkdir(parents=True)
    (payload / "dmp-desktop.exe").write_bytes(b"MZ" + b"\0" * 62 + b"stub gui")
    (payload / "dmp-desktop-cli.exe").write_bytes(b"MZ" + b"\0" * 62 + b"stub cli")
    (internal / "python311.dll").write_bytes(b"MZ stub dll")
    (internal / "PySide6" / "plugins" / "platforms" / "qwindows.dll").write_bytes(b"MZ qwindows")
    card = REPO / "resources" / "training-cards" / "famille-martin.json"
    shutil.copy(card, internal / "dmp_desktop" / "resources" / "training-cards" / card.name)
    (internal / "prix$1€.txt").write_text("a dollar and an accent in a name\n", encoding="utf-8")
    (internal / "vide").mkdir()
    return payload


def run_makensis(
    script: Path, tmp_path: Path, *defines: str, werror: bool = True, verbosity: int = 2
) -> subprocess.CompletedProcess[str]:
    # PYTHON: the interpreter running the tests lists the payload, whatever `python3` is on PATH.
    defines = (*defines, f"PYTHON={sys.executable}")
    args = [find_makensis(), f"-V{verbosity}", *(["-WX"] if werror else []), *(f"-D{d}" for d in defines), str(script)]
    # TMPDIR: makensis' temporary files (and the payload list) stay under tmp_path even on failure.
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    return subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False)


Compile = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def require() -> Callable[[str], NoReturn]:
    """missing(), for the test modules' own wider fixtures: under --import-mode=importlib a test module
    cannot import conftest."""
    return missing


@pytest.fixture(scope="session")
def tool() -> Callable[[str, str], str]:
    """tool(name, debian_packages) -> path (see require())."""
    return require_tool


@pytest.fixture(scope="session")
def makensis_in() -> Callable[..., subprocess.CompletedProcess[str]]:
    """makensis_in(script, folder, *defines, werror=True, verbosity=2) (see require())."""
    find_makensis()
    return run_makensis


@pytest.fixture
def nsis_filelist() -> ModuleType:
    return load_packaging_module("nsis_filelist")


@pytest.fixture
def pyinstaller_data() -> ModuleType:
    return load_packaging_module("pyinstaller_data")


@pytest.fixture
def stub_payload(tmp_path: Path) -> Path:
    return make_stub_payload(tmp_path)


@pytest.fixture
def compile_installer(tmp_path: Path) -> Compile:
    """compile_installer(*defines, script=installer.nsi, werror=True, verbosity=2) -> CompletedProcess."""
    find_makensis()

    def run(
        *defines: str, script: Path = INSTALLER, werror: bool = True, verbosity: int = 2
    ) -> subprocess.CompletedProcess[str]:
        return run_makensis(script, tmp_path, *defines, werror=werror, verbosity=verbosity)

    return run
