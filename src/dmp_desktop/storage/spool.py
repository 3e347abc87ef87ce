"""The local spool: journal operations kept as fsync'd JSON lines (0600) while the database is away."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SPOOL_NAME = "ledger-spool.jsonl"
REJECTED_NAME = "ledger-spool.rejected.jsonl"  # operations the database refused: kept for a human to read


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock between processes of this workstation (the GUI and a `ledger` command)."""
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        if os.name == "nt":  # pragma: no cover - Windows
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]
            try:
                yield
            finally:
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # pragma: no cover - directories cannot be opened on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Spool:
    """Append-only JSON lines; `drain` hands the lines to a writer and empties the file once they are stored."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / SPOOL_NAME
        self._lock_path = folder / (SPOOL_NAME + ".lock")
        self._thread_lock = threading.RLock()

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        with self._thread_lock:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            with _file_lock(self._lock_path):
                yield

    def has_entries(self) -> bool:
        try:
            return self.path.stat().st_size > 0
        except FileNotFoundError:
            return False

    def append(self, op: dict[str, Any]) -> None:
        """Write one operation durably (fsync) before returning; the caller holds `locked()`."""
        self._append_to(self.path, op)

    def reject(self, op: dict[str, Any]) -> None:
        self._append_to(self.folder / REJECTED_NAME, op)

    def _append_to(self, path: Path, op: dict[str, Any]) -> None:
        line = (json.dumps(op, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        created = not path.exists()
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
        if created:
            _fsync_dir(self.folder)

    def read(self) -> list[dict[str, Any]]:
        """The spooled operations in order; a torn last line (power cut mid-write) is skipped and logged."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        ops: list[dict[str, Any]] = []
        for number, line in enumerate(raw.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                ops.append(json.loads(line))
            except ValueError:
                log.error("ledger spool: unreadable line %d skipped", number)
        return ops

    def clear(self) -> None:
        """Empty the spool after its operations are committed (the caller holds `locked()`)."""
        fd = os.open(self.path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def count(self) -> int:
        return len(self.read())
