"""An accusé with credentials is built, previewed and printed; the login and password are then nowhere on disk
(data dir, log files, the test's own temporary folder and the run's) and nowhere in the log records."""

from __future__ import annotations

import logging
import os
import secrets
import string
import tempfile
import time
from pathlib import Path

import pytest

from dmp_desktop.domain.model import ReceiptFormat
from dmp_desktop.log import setup_logging
from dmp_desktop.receipts.pdf import ReportLabRenderer
from dmp_desktop.receipts.preview import page_png
from dmp_desktop.receipts.qtprint import QtPrinter
from dmp_desktop.settings import Settings

from .conftest import make_receipt, wait_completed  # type: ignore[import-not-found]
from .disk_scan import files_since, scan  # type: ignore[import-not-found]

pytestmark = pytest.mark.cups


@pytest.fixture
def own_tmpdir(isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder of the test's own, where Python, Qt and libcups write their temporary files: the scan
    looks there instead of walking a /tmp that other programs share (and empty under us)."""
    folder = isolated_dirs / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_password_and_login_never_touch_the_disk(
    isolated_dirs: Path, own_tmpdir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from tests.conftest import require_service  # type: ignore[import-not-found]

    queue = require_service("cups")
    assert tempfile.gettempdir() == str(own_tmpdir)
    # Fresh random credentials: any hit below can only come from this run.
    login = "".join(secrets.choice(string.ascii_lowercase) for _ in range(4)) + f"{secrets.randbelow(10**4):04d}"
    password = "".join(secrets.choice(string.ascii_letters + string.digits + "!#=") for _ in range(8)) + "Zq"
    settings = Settings(data_dir=isolated_dirs / "data", log_dir=isolated_dirs / "logs")
    settings.data_dir.mkdir(parents=True)
    started = time.time()
    setup_logging(settings.log_dir, level=logging.DEBUG, stderr=False)
    caplog.set_level(logging.DEBUG)
    try:
        renderer = ReportLabRenderer()
        printer = QtPrinter(queue)
        jobs = []
        for fmt in ReceiptFormat:
            pdf = renderer.render(make_receipt(login=login, password=password), fmt)
            assert password.encode() not in pdf  # ReportLab writes glyph ids of the subset font, not the text
            page_png(pdf)
            result = printer.print_pdf(pdf, fmt)
            assert result.job_id
            jobs.append(result.job_id)
        for job in jobs:
            wait_completed(job)
        logging.getLogger("dmp_desktop").info("accusé printed: jobs %s", jobs)
        for handler in logging.getLogger().handlers:
            handler.flush()
    finally:
        root = logging.getLogger()
        for handler in list(root.handlers):
            if getattr(handler, "_dmp_desktop", False):
                root.removeHandler(handler)
                handler.close()

    log_files = list(files_since(settings.log_dir, started))
    assert log_files, "the log file was not written: the scan would prove nothing"
    assert "accusé printed" in log_files[0].read_text(encoding="utf-8")
    # isolated_dirs holds the data and log dirs and the test's TMPDIR; scripts/test.sh gives the whole run a
    # temporary folder of its own too (DMP_DESKTOP_TEST_TMPDIR), where child processes of the suite write.
    roots = [settings.data_dir, settings.log_dir, isolated_dirs]
    if os.environ.get("DMP_DESKTOP_TEST_TMPDIR"):
        roots.append(Path(os.environ["DMP_DESKTOP_TEST_TMPDIR"]))
    found = scan(roots, [login, password], started)
    assert found.hits == [], f"a credential was found in {found.hits}"
    assert set(log_files) <= set(found.scanned)
    for record in caplog.records:
        assert login not in record.getMessage() and password not in record.getMessage()
