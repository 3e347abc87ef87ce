"""The accusé de création: ReportLab PDF in memory, QtPdf preview, printing through the OS spooler with Qt."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from dmp_desktop.domain.errors import DomainError, ErrorCode


def check_pdf_target(path: Path) -> bool:
    """Before anything is sent: refuse a path that is a symbolic link or not a plain file
    (RECEIPT_FILE_UNSAFE). True when a file is there already (write_pdf_file will replace it)."""
    path = Path(path)
    if path.is_symlink():
        raise DomainError(ErrorCode.RECEIPT_FILE_UNSAFE, f"{path.name} is a symbolic link")
    if path.exists() and not path.is_file():
        raise DomainError(ErrorCode.RECEIPT_FILE_UNSAFE, f"{path.name} is not a plain file")
    return path.exists()


def write_pdf_file(pdf: bytes, path: Path) -> bool:
    """The explicit "save as PDF" (and --receipt-out): created 0600 from the start, never world-readable.
    Never follows a symbolic link: the PDF goes to a new file (O_EXCL | O_NOFOLLOW) in the same folder, then
    takes the name's place (rename replaces a link or file itself, never its target). Returns True when it
    replaced an existing file, so the caller says so.

    The PDF may hold a temporary password; the caller warns the pharmacist before asking for a path."""
    path = Path(path)
    replaced = check_pdf_target(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, flags, 0o600)
        try:
            with os.fdopen(fd, "wb") as out:
                fd = -1
                out.write(pdf)
        finally:
            if fd >= 0:
                os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DomainError(ErrorCode.RECEIPT_FAILED, f"cannot write {path.name}: {exc.strerror}") from exc
    return replaced
