"""QtPdf over in-memory bytes: a QPdfDocument read from a QBuffer (the PDF never goes through a file)."""

from __future__ import annotations

import atexit
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice
from PySide6.QtPdf import QPdfDocument

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.receipts.qtapp import ensure_gui_app

_keeper_lock = threading.Lock()
_keeper: QPdfDocument | None = None


def _keep_pdfium_up() -> None:
    """QtPdf starts PDFium with the first live QPdfDocument and shuts it down with the last one; each such cycle
    around a print job leaked ~0.35 MiB (+6.5 MiB over 20 prints; flat with this). An empty document kept for
    the life of the process keeps PDFium up between receipts and previews."""
    global _keeper
    with _keeper_lock:
        if _keeper is not None:
            return
        keeper = QPdfDocument()
        app = QCoreApplication.instance()
        if app is not None and keeper.thread() is not app.thread():
            keeper.moveToThread(app.thread())  # not tied to a pool thread that may end
        _keeper = keeper
        atexit.register(_release_keeper)  # while Qt is still whole, not during the interpreter's last sweep


def _release_keeper() -> None:
    global _keeper
    with _keeper_lock:
        _keeper = None


@contextmanager
def open_pdf(pdf: bytes, error: ErrorCode) -> Iterator[QPdfDocument]:
    """Yield a loaded QPdfDocument; the buffer lives as long as the document reads from it."""
    ensure_gui_app()
    _keep_pdfium_up()
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
