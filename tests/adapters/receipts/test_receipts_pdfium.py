"""QtPdf's PDFium stays up between print jobs and previews (each shutdown and restart around a job leaked ~0.35 MiB)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QCoreApplication

from dmp_desktop.receipts import qtdoc


def test_one_document_keeps_pdfium_up_from_the_gui_thread() -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:  # the GUI prints from its pool
        pool.submit(qtdoc._keep_pdfium_up).result(timeout=30)
    keeper = qtdoc._keeper
    assert keeper is not None
    app = QCoreApplication.instance()
    assert app is not None and keeper.thread() is app.thread()  # not tied to the pool thread, which ends
    qtdoc._keep_pdfium_up()
    assert qtdoc._keeper is keeper  # one for the process
