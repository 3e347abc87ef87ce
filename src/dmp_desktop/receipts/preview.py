"""The wizard's print preview: one page of the accusé as a PNG, rendered by QtPdf from memory, with the
temporary password hidden (the details panel never shows it either; only the paper carries it)."""

from __future__ import annotations

import re

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.receipts.content import PASSWORD_LABEL
from dmp_desktop.receipts.qtdoc import open_pdf

# The label pdf.py prints before the password (it may wrap); the password is the rest of that line of text.
_LABEL = re.compile(r"\s+".join(map(re.escape, PASSWORD_LABEL.split())))
_PASSWORD = re.compile(_LABEL.pattern + r"\s+(\S(?:[^\r\n]*\S)?)")  # on the label's line or the next
MASK_DOTS = 8  # always eight: the preview does not tell the password's length
CELL_PADDING_PT = 6.0  # ReportLab's default cell padding, around the password in pdf.py's table


def page_png(pdf: bytes, page: int = 0, width_px: int = 600, device_pixel_ratio: float = 1.0) -> bytes:
    """PNG bytes of `page`, `width_px` logical pixels wide (height keeps the page's proportions), on a white
    background, the temporary password covered by dots. `device_pixel_ratio`: the screen's (1.5 at 150 %
    scaling); the PNG then has `width_px * device_pixel_ratio` pixels, for a pixmap shown at that ratio."""
    scale = max(1.0, device_pixel_ratio)
    with open_pdf(pdf, ErrorCode.RECEIPT_FAILED) as document:
        if not 0 <= page < document.pageCount():
            raise DomainError(ErrorCode.RECEIPT_FAILED, f"page {page} out of range")
        points = document.pagePointSize(page)
        width = max(1, round(width_px * scale))
        size = QSize(width, max(1, round(width * points.height() / points.width())))
        rendered = document.render(page, size)
        if rendered.isNull():
            raise DomainError(ErrorCode.RECEIPT_FAILED, "QtPdf could not render the page")
        secrets = _password_boxes(document, page)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)  # QtPdf leaves the page transparent
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    factor = size.width() / points.width()
    for box in secrets:
        _cover(image, box, factor)
    return _png(image)


def _password_boxes(document: QPdfDocument, page: int) -> list[QRectF]:
    """Where the temporary password is drawn, in points. A page that names the password but whose password
    cannot be found is refused: better no preview than one that shows it."""
    text = document.getAllText(page).text()
    boxes = []
    for match in _PASSWORD.finditer(text):
        selection = document.getSelectionAtIndex(page, match.start(1), len(match.group(1)))
        if selection.text().strip() != match.group(1):
            raise DomainError(ErrorCode.RECEIPT_FAILED, "preview: the password's place was not found")
        boxes.append(selection.boundingRectangle())
    if len(boxes) != len(_LABEL.findall(text)):
        raise DomainError(ErrorCode.RECEIPT_FAILED, "preview: the password's place was not found")
    return boxes


def _cover(image: QImage, glyphs: QRectF, factor: float) -> None:
    """White over the password's cell, then grey dots where it was. The cell is found on the raster (pdf.py
    frames it: white inside, a border and the box's tint outside), so the dots do not depend on the password's
    glyphs; without a frame found, its glyphs' box, padded, is covered instead."""
    box = QRectF(glyphs.x() * factor, glyphs.y() * factor, glyphs.width() * factor, glyphs.height() * factor)
    cell = _cell_around(image, box, factor)
    if cell is None:
        pad = max(2.0, box.height() * 0.3)
        cell = box.adjusted(-pad, -pad, pad, pad)
        left = box.x()
    else:
        left = cell.x() + CELL_PADDING_PT * factor
        # whatever stopped a scan early (the training watermark crosses the page), the glyphs are covered
        if not cell.contains(box.adjusted(1, 1, -1, -1)):
            cell = cell.united(box.adjusted(-1, -1, 1, 1))
    painter = QPainter(image)
    painter.fillRect(cell, Qt.GlobalColor.white)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#555555"))
    room = cell.right() - left - CELL_PADDING_PT * factor
    diameter = max(1.0, min(cell.height() * 0.32, room / (MASK_DOTS * 1.8)))
    y = cell.center().y() - diameter / 2
    for i in range(MASK_DOTS):
        painter.drawEllipse(QRectF(left + i * diameter * 1.8, y, diameter, diameter))
    painter.end()


def _blank(image: QImage, x: int, y: int) -> bool:
    colour = image.pixelColor(x, y)
    return min(colour.red(), colour.green(), colour.blue()) >= 245


def _scan(image: QImage, x: int, y: int, dx: int, dy: int, limit: int) -> int | None:
    """Steps from (x, y) while the paper is blank; the last blank coordinate along the scan, or None."""
    for _ in range(limit):
        nx, ny = x + dx, y + dy
        if not (0 <= nx < image.width() and 0 <= ny < image.height()) or not _blank(image, nx, ny):
            return x if dx else y
        x, y = nx, ny
    return None


def _cell_around(image: QImage, box: QRectF, factor: float) -> QRectF | None:
    limit = max(8, round(box.height() * 3))
    column = round(box.x() - CELL_PADDING_PT * factor / 2)  # in the cell's left padding, clear of any glyph
    middle = round(box.center().y())
    if not (0 <= column < image.width() and 0 <= middle < image.height()) or not _blank(image, column, middle):
        return None
    top, bottom = _scan(image, column, middle, 0, -1, limit), _scan(image, column, middle, 0, 1, limit)
    if top is None or bottom is None:
        return None
    # Left from the padding, right from past the glyphs' box: along the middle row, no glyph is crossed.
    after = round(box.right() + max(2.0, factor))
    if not (0 <= after < image.width()) or not _blank(image, after, middle):
        return None
    left, right = _scan(image, column, middle, -1, 0, image.width()), _scan(image, after, middle, 1, 0, image.width())
    if left is None or right is None:
        return None
    return QRectF(left, top, right - left + 1, bottom - top + 1)


def _png(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    saved = image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stub wants bytes, PySide a str
    if not saved:
        raise DomainError(ErrorCode.RECEIPT_FAILED, "PNG encoding failed")
    buffer.close()
    return bytes(data.data())
