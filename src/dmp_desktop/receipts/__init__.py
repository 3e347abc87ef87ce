"""The accusé de création: ReportLab PDF in memory, QtPdf preview, printing through the OS spooler with Qt."""

from __future__ import annotations

import os
from pathlib import Path

from dmp_desktop.domain.errors import DomainError, ErrorCode


def write_pdf_file(pdf: bytes, path: Path) -> None:
    """The explicit "save as PDF" (and --receipt-out): created 0600 from the start, never world-readable.

    The PDF may hold a temporary password; the caller warns the pharmacist before asking for a path."""
    path = Path(path)
    try:
        # O_CREAT with mode 0600 so there is no window where the file exists with wider rights.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
        try:
            os.chmod(path, 0o600)  # an existing file keeps its old mode through O_TRUNC
            with os.fdopen(fd, "wb") as out:
                fd = -1
                out.write(pdf)
        finally:
            if fd >= 0:
                os.close(fd)
    except OSError as exc:
        raise DomainError(ErrorCode.RECEIPT_FAILED, f"cannot write {path.name}: {exc.strerror}") from exc
