"""Tight files: the data and log folders 0700, the log files 0600 (after rotation too)."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from dmp_desktop.log import LOG_NAME, PrivateRotatingFileHandler, setup_logging
from dmp_desktop.settings import private_dir

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes; Windows relies on the profile's ACLs")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the usual umask that gave 0755 folders and 0644 files
    yield
    os.umask(old)


@pytest.fixture
def no_handlers() -> Iterator[None]:
    yield
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_dmp_desktop", False):
            root.removeHandler(handler)
            handler.close()


def test_private_dir_creates_0700_and_tightens_an_existing_folder(tmp_path: Path, loose_umask: None) -> None:
    fresh = private_dir(tmp_path / "a" / "data")
    assert fresh.is_dir() and mode(fresh) == 0o700
    old = tmp_path / "old"
    old.mkdir(mode=0o755)
    old.chmod(0o755)
    assert mode(private_dir(old)) == 0o700


def test_log_folder_0700_and_log_file_0600(tmp_path: Path, loose_umask: None, no_handlers: None) -> None:
    log_dir = tmp_path / "log"
    setup_logging(log_dir, stderr=False)
    logging.getLogger("test").warning("hello")
    assert mode(log_dir) == 0o700
    assert mode(log_dir / LOG_NAME) == 0o600


def test_an_older_world_readable_log_is_tightened(tmp_path: Path, loose_umask: None, no_handlers: None) -> None:
    log_dir = tmp_path / "log"
    log_dir.mkdir(mode=0o755)
    (log_dir / LOG_NAME).write_text("old\n")
    (log_dir / (LOG_NAME + ".1")).write_text("older\n")
    os.chmod(log_dir / LOG_NAME, 0o644)
    os.chmod(log_dir / (LOG_NAME + ".1"), 0o644)
    setup_logging(log_dir, stderr=False)
    assert mode(log_dir) == 0o700
    assert mode(log_dir / LOG_NAME) == 0o600 and mode(log_dir / (LOG_NAME + ".1")) == 0o600


def test_files_made_by_rotation_are_0600(tmp_path: Path, loose_umask: None) -> None:
    handler = PrivateRotatingFileHandler(tmp_path / LOG_NAME, maxBytes=100, backupCount=2, encoding="utf-8")
    try:
        for i in range(20):
            handler.emit(logging.LogRecord("t", logging.INFO, __file__, 1, "line %d " + "x" * 40, (i,), None))
    finally:
        handler.close()
    files = sorted(tmp_path.glob(LOG_NAME + "*"))
    assert len(files) == 3 and all(mode(f) == 0o600 for f in files)
