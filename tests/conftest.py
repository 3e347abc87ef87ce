"""Shared test set-up: offscreen Qt, isolated dirs, the reference folder, and access to the real services."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No test may reach the developer's real keyring: keyring's null backend answers None to everything.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
REFERENCE = SHARED / "reference"

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


@pytest.fixture
def reference() -> Path:
    if not REFERENCE.is_dir():
        pytest.fail(f"the shared reference folder is missing: {REFERENCE}")
    return REFERENCE


@pytest.fixture
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """XDG dirs and the config variable moved under tmp_path: no test touches the real profile."""
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    monkeypatch.delenv("DMP_DESKTOP_CONFIG", raising=False)
    yield tmp_path
