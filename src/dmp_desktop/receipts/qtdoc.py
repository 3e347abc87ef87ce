"""QtPdf over in-memory bytes: a QPdfDocument read from a QBuffer (the PDF never goes through a file)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.receipts.qtapp import ensure_gui_app


@contextmanager
def open_pdf(pdf: bytes, error: ErrorCode) -> Iterator[QPdfDocument]:
    """Yield a loaded QPdfDocument; the buffer lives as long as the document reads from it."""
    ensure_gui_app()
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    try:
        document.load(buffer)  # synchronous for a random-access device holding all the bytes
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
            raise DomainError(error, f"PDF not readable by QtPdf ({document.error().name})")
        yield document
    finally:
        document.close()
        buffer.close()
