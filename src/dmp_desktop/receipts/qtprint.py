"""Printing through the OS spooler with Qt: QtPdf rasterises the in-memory PDF, QPrinter sends the pages."""

from __future__ import annotations

import logging
import math
from typing import cast

from PySide6.QtCore import QMarginsF, QRect, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.model import PrintResult, ReceiptFormat
from dmp_desktop.receipts import cups
from dmp_desktop.receipts.qtapp import ensure_gui_app
from dmp_desktop.receipts.qtdoc import open_pdf

log = logging.getLogger(__name__)

DOC_NAME = "Accuse de creation DMP"  # the spooler's job title: no patient data in it
# The page is rasterised in bands of at most 3/4 inch (225 rows at 300 dpi: 2.2 MB of ARGB from QtPdf, as much
# inside PDFium, and the grey copy) because the heap keeps what the bands freed: the band height bounds how much
# bigger a counter's first print leaves the process (16 MiB with these bands, 30 with 512-row RGB ones).
# Smaller bands save little more, and each band edge is one more place where a PDF viewer resamples an image on
# its own (see _quiet_cut).
BAND_INCH = 0.75
CUT_STEP_INCH = 0.05  # where a band may end: a whole number of pixels at 60, 100, 200, 300 and 600 dpi
MAX_DPI = 300  # thermal heads are 203 dpi, office printers print 300 dpi rasters crisply


def _stopped(info: QPrinterInfo) -> bool:
    if cups.available():
        state = cups.queue_state(info.printerName())
        if state.enabled is False or state.accepting is False:
            return True
        if state.enabled is True:
            return False
    # Qt reports a stopped CUPS queue (IPP printer-state 5) and a paused Windows printer as Error/Aborted.
    return info.state() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted)


def _page_layout(fmt: ReceiptFormat, width_pt: float, height_pt: float) -> QPageLayout:
    if fmt is ReceiptFormat.A4:
        size = QPageSize(QPageSize.PageSizeId.A4)
    else:  # the ticket keeps its own 80 mm × content-height page, or it lands in the middle of an A4
        # In whole points (the raster is made for the printed page and fills it): with the fractional size, the
        # cups-pdf output of the banded raster differed twice as much from the preview (measured at 60 dpi).
        size = QPageSize(QSizeF(math.floor(width_pt), math.floor(height_pt)), QPageSize.Unit.Point, "Ticket 80 mm",
                         QPageSize.SizeMatchPolicy.ExactMatch)
    return QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))


class QtPrinter:
    """domain.ports.ReceiptPrinter over QPrinter. Callable from a worker thread once the GUI's
    QApplication exists; a headless command calling from its main thread gets one created (qtapp)."""

    def __init__(self, printer_name: str | None = None) -> None:
        self._name = printer_name or None

    def printers(self) -> list[str]:
        ensure_gui_app()
        return [p.printerName() for p in QPrinterInfo.availablePrinters()]

    def default_printer(self) -> str | None:
        ensure_gui_app()
        return QPrinterInfo.defaultPrinterName() or None

    def _choose(self, printer: str | None) -> QPrinterInfo:
        available = {p.printerName(): p for p in QPrinterInfo.availablePrinters()}
        if not available:
            raise DomainError(ErrorCode.PRINTER_NONE, "the system lists no printer")
        name = printer or self._name or QPrinterInfo.defaultPrinterName()
        if not name:
            raise DomainError(ErrorCode.PRINTER_NOT_FOUND, "no printer configured and no default printer")
        if name not in available:
            raise DomainError(ErrorCode.PRINTER_NOT_FOUND, f"printer {name!r} is not installed")
        info = available[name]
        if _stopped(info):
            raise DomainError(ErrorCode.PRINTER_STOPPED, f"printer {name!r} is stopped or refuses jobs")
        return info

    def check(self, printer: str | None = None) -> None:
        """The queue exists and takes jobs (CUPS: enabled and accepting), or DomainError(PRINTER_*)."""
        ensure_gui_app()
        self._choose(printer)

    def print_pdf(self, pdf: bytes, fmt: ReceiptFormat, printer: str | None = None) -> PrintResult:
        """Print every page; raises DomainError(PRINTER_*, PRINT_FAILED). The caller keeps `pdf` for a retry."""
        ensure_gui_app()
        info = self._choose(printer)
        name = info.printerName()
        before = cups.job_ids(name) if cups.available() else None
        with open_pdf(pdf, ErrorCode.PRINT_FAILED) as document:
            first = document.pagePointSize(0)
            qprinter = QPrinter(info, QPrinter.PrinterMode.HighResolution)
            qprinter.setDocName(DOC_NAME)
            qprinter.setFullPage(True)
            qprinter.setColorMode(QPrinter.ColorMode.GrayScale)
            if not qprinter.setPageLayout(_page_layout(fmt, first.width(), first.height())):
                log.warning("printer %s refused the page layout of %s", name, fmt.value)
            if qprinter.outputFormat() != QPrinter.OutputFormat.NativeFormat:
                # A QPrinter without a system printer silently writes a PDF file instead: never that.
                raise DomainError(ErrorCode.PRINTER_NOT_FOUND, f"printer {name!r} is not a system printer")
            dpi = min(qprinter.resolution(), MAX_DPI)
            painter = QPainter()
            if not painter.begin(qprinter):
                raise DomainError(ErrorCode.PRINT_FAILED, f"printer {name!r} refused the job")
            try:
                for index in range(document.pageCount()):
                    if index and not qprinter.newPage():
                        raise DomainError(ErrorCode.PRINT_FAILED, "new page refused")
                    _draw_page(painter, qprinter, index, document, dpi)
            finally:
                ended = painter.end()
        if not ended or qprinter.printerState() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
            raise DomainError(ErrorCode.PRINT_FAILED, f"printer {name!r} did not take the job")
        job = cups.new_job(name, before) if before is not None else None
        if before is not None and job is None:
            # Qt ignores cupsPrintFile's answer: a job CUPS refused would otherwise vanish silently.
            raise DomainError(ErrorCode.PRINT_FAILED, f"CUPS did not list a new job on {name!r}")
        log.info("accusé sent to printer %s (job %s, format %s)", name, job or "?", fmt.value)
        return PrintResult(printed=True, printer=name, job_id=job)


def _draw_page(painter: QPainter, qprinter: QPrinter, index: int, document: object, dpi: int) -> None:
    """Rasterise the page in horizontal bands, each painted onto white 8-bit grey paper (QtPdf leaves pages
    transparent; the job is grey anyway): a 300 dpi A4 never sits whole in memory, as ARGB or as grey."""
    resolution = qprinter.resolution()
    target: QRect = qprinter.pageLayout().fullRectPixels(resolution)
    ratio = resolution / dpi  # device pixels per raster pixel
    # The raster has the printed page's size: its rows map onto device rows from the top of the page.
    full = QSize(round(target.width() / ratio), round(target.height() / ratio))
    step = max(1, round(dpi * CUT_STEP_INCH))
    rows = step * max(2, round(BAND_INCH / CUT_STEP_INCH))
    options = QPdfDocumentRenderOptions()
    options.setScaledSize(full)
    top = 0
    while top < full.height():
        height = min(rows, full.height() - top)
        options.setScaledClipRect(QRect(0, top, full.width(), height))
        band: QImage = document.render(index, QSize(full.width(), height), options)  # type: ignore[attr-defined]
        if band.isNull():
            raise DomainError(ErrorCode.PRINT_FAILED, f"QtPdf could not render page {index + 1}")
        grey = QImage(band.size(), QImage.Format.Format_Grayscale8)
        grey.fill(Qt.GlobalColor.white)
        composer = QPainter(grey)  # straight onto grey paper: the same bytes as via RGB32, without that copy
        composer.drawImage(0, 0, band)
        composer.end()
        kept = height if top + height >= full.height() else _quiet_cut(grey, step)
        # whole device pixels at both edges of every band: fractional edges leave hairline seams
        y0 = target.y() + round(top * ratio)
        y1 = target.y() + (target.height() if top + kept >= full.height() else round((top + kept) * ratio))
        painter.drawImage(QRect(target.x(), y0, target.width(), y1 - y0), grey, QRect(0, 0, grey.width(), kept))
        top += kept
        del band, grey  # before the next band is rendered: two bands never coexist


def _quiet_cut(grey: QImage, step: int) -> int:
    """How many rows of the band to print: up to the lowest multiple of `step` in its lower half that lies in a
    run of identical rows (the blank between two lines of text, mostly); the rest goes with the next band.
    Whatever a driver or a PDF viewer does at an image's edge (cups-pdf's output seen at 60 or 100 dpi: an edge
    row blended or moved by a fraction of a pixel), it then does between rows that look the same."""
    width, height, stride = grey.width(), grey.height(), grey.bytesPerLine()
    bits = cast("memoryview", grey.constBits())  # the band's bytes, not a copy

    def row(y: int) -> memoryview:
        return bits[y * stride : y * stride + width]

    for y in range(height - step, height // 2, -step):
        edge = row(y)
        if row(y - 2) == row(y - 1) == edge == row(y + 1):
            return y
    return height  # no quiet row (a picture): the band ends where it was cut
