"""doctor and a stopped CUPS queue: a real queue of our own, created disabled and rejecting jobs, then removed."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from dmp_desktop.commands.doctor import FAIL, OK, check_printer
from dmp_desktop.settings import settings_from_dict

pytestmark = pytest.mark.cups


@pytest.fixture
def stopped_queue() -> Iterator[str]:
    from tests.conftest import require_service  # type: ignore[import-not-found]

    require_service("cups")
    if shutil.which("lpadmin") is None:
        pytest.fail("lpadmin missing although CUPS runs")
    name = f"dmp-doctor-{uuid.uuid4().hex[:6]}"
    subprocess.run(["lpadmin", "-p", name, "-v", "cups-pdf:/", "-m", "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd"],
                   check=True, capture_output=True, timeout=30)
    try:
        subprocess.run(["cupsdisable", name], check=True, capture_output=True, timeout=30)
        subprocess.run(["cupsreject", name], check=True, capture_output=True, timeout=30)
        yield name
    finally:
        subprocess.run(["lpadmin", "-x", name], check=False, capture_output=True, timeout=30)


def test_stopped_queue_is_a_problem_with_the_fix(stopped_queue: str, tmp_path: Path) -> None:
    s = settings_from_dict({"mode": "training", "data_dir": str(tmp_path), "printer": {"name": stopped_queue}})
    [check] = check_printer(s)
    assert check.status == FAIL and stopped_queue in check.detail
    assert f"cupsenable {stopped_queue}" in check.todo


def test_the_shared_test_queue_is_ok(tmp_path: Path) -> None:
    from tests.conftest import require_service  # type: ignore[import-not-found]

    queue = require_service("cups")
    s = settings_from_dict({"mode": "training", "data_dir": str(tmp_path), "printer": {"name": queue}})
    [check] = check_printer(s)
    assert check.status == OK, check
