"""The conformance tier: our code against the official reference material (not in the repository).

Runs when the reference folder is there (DMP_DESKTOP_REFERENCE, default ../shared/reference from the repository
root); skipped with the reason on a user's clone; a failure when CI is set (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import require_reference  # type: ignore[import-not-found]


@pytest.fixture
def reference() -> Path:
    return require_reference()
