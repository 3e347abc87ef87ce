"""An accusé with credentials is built, previewed and printed; the login and password are then nowhere on disk
(data dir, temp dir, log files) and nowhere in the log records."""

from __future__ import annotations

import logging
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

pytestmark = pytest.mark.cups
MAX_SCAN = 50_000_000


def _needles(*secrets_: str) -> list[bytes]:
    out = []
    for s in secrets_:
        out += [s.encode("utf-8"), s.encode("utf-16-le"), s.encode("utf-16-be")]
    return out


def _files(root: Path, since: float) -> list[Path]:
    found = []
    for path in root.rglob("*") if root.is_dir() else []:
        try:
            if path.is_file() and not path.is_symlink() and path.stat().st_mtime >= since - 1:
                found.append(path)
        except OSError:  # another process's file vanished while we walked
            continue
    return found


def test_password_and_login_never_touch_the_disk(isolated_dirs: Path, caplog: pytest.LogCaptureFixture) -> None:
    from tests.conftest import require_service  # type: ignore[import-not-found]

    queue = require_service("cups")
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

    log_files = _files(settings.log_dir, started)
    assert log_files, "the log file was not written: the scan would prove nothing"
    assert "accusé printed" in log_files[0].read_text(encoding="utf-8")
    scanned = 0
    for root_dir in (settings.data_dir, settings.log_dir, isolated_dirs, Path(tempfile.gettempdir())):
        for path in _files(root_dir, started):
            try:
                if path.stat().st_size > MAX_SCAN:
                    continue
                data = path.read_bytes()
            except OSError:
                continue
            scanned += 1
            for needle in _needles(login, password):
                assert needle not in data, f"a credential was found in {path}"
    assert scanned >= 1
    for record in caplog.records:
        assert login not in record.getMessage() and password not in record.getMessage()
