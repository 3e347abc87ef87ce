"""Shared test set-up: offscreen Qt, isolated dirs, and access to the real services and the reference folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No test may reach the developer's real keyring: keyring's null backend answers None to everything.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
# The official reference material (sample messages, VIHF tokens, the INS-C sample) is not ours to commit: the
# conformance tier reads it from this folder, relative to the repository root unless absolute.
REFERENCE_VAR = "DMP_DESKTOP_REFERENCE"
REFERENCE_DEFAULT = "../shared/reference"

# The variables scripts/services.sh exports, one per real service.
SERVICE_VARS = {
    "pcsc": "DMP_DESKTOP_TEST_PCSC",
    "cups": "DMP_DESKTOP_TEST_PRINTER",
    "postgres": "DMP_DESKTOP_TEST_PG_URL",
}


def require_service(name: str) -> str:
    """The service's variable, or a skip on a developer machine; in CI (DMP_DESKTOP_REQUIRE_SERVICES=1) a
    missing service is a failure, never a silent skip."""
    value = os.environ.get(SERVICE_VARS[name], "")
    if not value:
        message = f"service '{name}' not started ({SERVICE_VARS[name]} unset): run scripts/services.sh start"
        if os.environ.get("DMP_DESKTOP_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return value


def reference_dir() -> Path:
    value = os.environ.get(REFERENCE_VAR, "").strip() or REFERENCE_DEFAULT
    return (REPO / value).resolve()  # an absolute value replaces REPO


def ci_requires_everything() -> bool:
    """CI (the variable most CI systems set) runs every tier: a missing prerequisite fails there."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_reference() -> Path:
    """The reference folder, or a skip on a user's clone; when CI is set a missing folder is a failure."""
    folder = reference_dir()
    if not folder.is_dir():
        message = (f"reference folder not found: {folder} (set {REFERENCE_VAR} to the folder holding dmp-kit/ and "
                   "insc/ to run the conformance tier)")
        if ci_requires_everything():
            pytest.fail(message)
        pytest.skip(message)
    return folder


@pytest.fixture
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """XDG dirs and the config variable moved under tmp_path: no test touches the real profile."""
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    monkeypatch.delenv("DMP_DESKTOP_CONFIG", raising=False)
    yield tmp_path
