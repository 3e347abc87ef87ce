"""The wizard's preview: page 1 as a PNG through QtPdf, from memory; the QR code on it scans."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable

import pytest
from PySide6.QtGui import QImage

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.model import ReceiptData, ReceiptFormat
from dmp_desktop.receipts.content import QR_PAYLOAD
from dmp_desktop.receipts.pdf import ReportLabRenderer
from dmp_desktop.receipts.preview import page_png


def _image(png: bytes) -> QImage:
    image = QImage()
    assert image.loadFromData(png, "PNG")
    return image


@pytest.mark.parametrize("fmt", list(ReceiptFormat))
def test_preview_is_a_png_of_the_page(fmt: ReceiptFormat, receipt: Callable[..., ReceiptData]) -> None:
    pdf = ReportLabRenderer().render(receipt(), fmt)
    png = page_png(pdf, width_px=400)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = _image(png)
    assert image.width() == 400
    expected_ratio = 842 / 595 if fmt is ReceiptFormat.A4 else 3.0  # the ticket is a long narrow page
    ratio = image.height() / image.width()
    assert (abs(ratio - expected_ratio) < 0.02) if fmt is ReceiptFormat.A4 else ratio > expected_ratio
    # white paper with dark text: the corner is white, and some pixels are dark
    assert image.pixelColor(1, 1).lightness() > 250
    dark = sum(image.pixelColor(x, y).lightness() < 80 for x in range(0, 400, 4) for y in range(0, 400, 4))
    assert dark > 50


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools not installed")
def test_preview_qr_code_scans_to_the_patient_site(receipt: Callable[..., ReceiptData], tmp_path: object) -> None:
    png = page_png(ReportLabRenderer().render(receipt(account=False), ReceiptFormat.A4), width_px=1200)
    done = subprocess.run(["zbarimg", "--raw", "-q", "-"], input=png, capture_output=True, timeout=30, check=False)
    assert done.stdout.decode("ascii").strip() == QR_PAYLOAD


def test_preview_errors(receipt: Callable[..., ReceiptData]) -> None:
    pdf = ReportLabRenderer().render(receipt(), ReceiptFormat.A4)
    with pytest.raises(DomainError) as err:
        page_png(pdf, page=1)
    assert err.value.code is ErrorCode.RECEIPT_FAILED
    with pytest.raises(DomainError) as err:
        page_png(b"%PDF-1.4 not really a pdf")
    assert err.value.code is ErrorCode.RECEIPT_FAILED
