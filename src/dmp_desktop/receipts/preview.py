"""The wizard's print preview: one page of the accusé as a PNG, rendered by QtPdf from memory."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QPainter

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.receipts.qtdoc import open_pdf


def page_png(pdf: bytes, page: int = 0, width_px: int = 600) -> bytes:
    """PNG bytes of `page`, `width_px` wide (height keeps the page's proportions), on a white background."""
    with open_pdf(pdf, ErrorCode.RECEIPT_FAILED) as document:
        if not 0 <= page < document.pageCount():
            raise DomainError(ErrorCode.RECEIPT_FAILED, f"page {page} out of range")
        points = document.pagePointSize(page)
        size = QSize(width_px, max(1, round(width_px * points.height() / points.width())))
        rendered = document.render(page, size)
        if rendered.isNull():
            raise DomainError(ErrorCode.RECEIPT_FAILED, "QtPdf could not render the page")
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)  # QtPdf leaves the page transparent
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    saved = image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stub wants bytes, PySide a str
    if not saved:
        raise DomainError(ErrorCode.RECEIPT_FAILED, "PNG encoding failed")
    buffer.close()
    return bytes(data.data())
