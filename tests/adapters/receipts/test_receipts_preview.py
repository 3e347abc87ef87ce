"""The wizard's preview: page 1 as a PNG through QtPdf, from memory; the password hidden; the QR code scans."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace

import pytest
from PySide6.QtGui import QImage

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.model import ReceiptData, ReceiptFormat
from dmp_desktop.receipts.content import QR_PAYLOAD
from dmp_desktop.receipts.pdf import ReportLabRenderer
from dmp_desktop.receipts.preview import page_png
from dmp_desktop.receipts.qtdoc import open_pdf


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


def _with_password(data: ReceiptData, password: str) -> ReceiptData:
    assert data.account is not None
    return replace(data, account=replace(data.account, temporary_password=password))


@pytest.mark.parametrize("fmt", list(ReceiptFormat))
@pytest.mark.parametrize(("width", "ratio"), [(300, 1.0), (500, 1.0), (400, 1.5)])
def test_preview_hides_the_password(fmt: ReceiptFormat, width: int, ratio: float,
                                    receipt: Callable[..., ReceiptData]) -> None:
    """Accusés that differ only by their password give the very same preview: it shows none of it."""
    renderer = ReportLabRenderer()
    first = renderer.render(_with_password(receipt(), "cbC!bqf3"), fmt)
    expected = page_png(first, width_px=width, device_pixel_ratio=ratio)
    for other in ("Zx9#Qw2m", "gjpqyjpq", "ÉÀ!!||__"):
        second = renderer.render(_with_password(receipt(), other), fmt)
        assert first != second
        assert page_png(second, width_px=width, device_pixel_ratio=ratio) == expected, other
    # while the login, which the details panel shows too, stays readable on the preview
    other_login = replace(receipt(), account=replace(receipt().account, login="abcd1234"))
    assert page_png(renderer.render(other_login, fmt), width_px=500) != page_png(first, width_px=500)


@pytest.mark.parametrize("fmt", list(ReceiptFormat))
def test_preview_hides_the_password_under_the_training_watermark(fmt: ReceiptFormat,
                                                                 receipt: Callable[..., ReceiptData]) -> None:
    renderer = ReportLabRenderer()
    pngs = {page_png(renderer.render(_with_password(receipt(training=True), password), fmt), width_px=450)
            for password in ("cbC!bqf3", "Zx9#Qw2m", "gjpqyjpq")}
    assert len(pngs) == 1


def test_preview_without_account_is_the_page_as_printed(receipt: Callable[..., ReceiptData]) -> None:
    pdf = ReportLabRenderer().render(receipt(account=False), ReceiptFormat.A4)
    png = page_png(pdf, width_px=300)
    with open_pdf(pdf, ErrorCode.RECEIPT_FAILED) as document:  # nothing covered: the same pixels as QtPdf's
        raw = document.render(0, _image(png).size())
    image = _image(png)
    assert all(image.pixelColor(x, y) == raw.pixelColor(x, y) or raw.pixelColor(x, y).alpha() < 255
               for x in range(0, 300, 7) for y in range(0, image.height(), 7))


def test_preview_at_the_device_pixel_ratio(receipt: Callable[..., ReceiptData]) -> None:
    """At 150 % scaling the ui asks for 1.5 × its logical width: one image pixel per screen pixel."""
    pdf = ReportLabRenderer().render(receipt(), ReceiptFormat.TICKET80)
    assert _image(page_png(pdf, width_px=400, device_pixel_ratio=1.5)).width() == 600
    assert _image(page_png(pdf, width_px=400, device_pixel_ratio=0.5)).width() == 400  # never below 1


def test_a_password_label_without_a_password_is_refused() -> None:
    """Better no preview than one that might show the password: a page naming it but where it cannot be found."""
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf)
    canvas.drawString(72, 720, "Mot de passe provisoire")
    canvas.save()
    with pytest.raises(DomainError) as err:
        page_png(buf.getvalue())
    assert err.value.code is ErrorCode.RECEIPT_FAILED


@pytest.mark.parametrize("fmt", list(ReceiptFormat))
@pytest.mark.parametrize("password", ["IqvjzWaOZq", "W93ll3sRZq#=AB"])
def test_a_longer_password_stays_on_one_line_and_is_masked(fmt: ReceiptFormat, password: str,
                                                           receipt: Callable[..., ReceiptData]) -> None:
    """The service's passwords are 8 characters; a longer one is set smaller, never wrapped (on the 80 mm ticket
    a 10-character one wrapped its last letter onto a line of its own, and the preview refused the page)."""
    pdf = ReportLabRenderer().render(_with_password(receipt(), password), fmt)
    with open_pdf(pdf, ErrorCode.RECEIPT_FAILED) as document:
        lines = document.getAllText(0).text().splitlines()
    assert any(line == password or line.endswith(f" {password}") for line in lines), lines  # whole, unwrapped
    assert _image(page_png(pdf)).width() == 600
