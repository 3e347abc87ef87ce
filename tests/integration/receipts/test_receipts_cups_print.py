"""Printing the accusé on the real CUPS queue (cups-pdf): job, output, stopped queue, missing printer."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.model import ReceiptFormat
from dmp_desktop.receipts import cups
from dmp_desktop.receipts.content import QR_PAYLOAD
from dmp_desktop.receipts.pdf import ReportLabRenderer
from dmp_desktop.receipts.preview import page_png
from dmp_desktop.receipts.qtprint import QtPrinter

from .conftest import lp_admin, make_receipt, output_file, wait_completed  # type: ignore[import-not-found]

pytestmark = pytest.mark.cups


@pytest.fixture
def queue() -> str:
    from tests.conftest import require_service  # type: ignore[import-not-found]

    return require_service("cups")


def _gray(png: bytes, width: int = 120) -> QImage:
    image = QImage()
    assert image.loadFromData(png)
    return image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation).convertToFormat(
        QImage.Format.Format_Grayscale8)


def _difference(a: QImage, b: QImage) -> float:
    """Mean absolute grey difference (0-255) over the common area."""
    h = min(a.height(), b.height())
    total = 0
    for y in range(0, h, 2):
        ra, rb = a.constScanLine(y).tobytes()[: a.width()], b.constScanLine(y).tobytes()[: b.width()]
        total += sum(abs(x - z) for x, z in zip(ra, rb, strict=False))
    return total / (a.width() * ((h + 1) // 2))


def _output_png(path: Path) -> bytes:
    # cups-pdf re-distils our job with Ghostscript; poppler renders its first page.
    return subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(path)],
                          capture_output=True, check=True, timeout=60).stdout


@pytest.mark.parametrize("fmt", list(ReceiptFormat))
def test_print_job_reaches_the_queue(queue: str, fmt: ReceiptFormat) -> None:
    pdf = ReportLabRenderer().render(make_receipt(), fmt)
    other = ReportLabRenderer().render(make_receipt(account=False), fmt)
    started = time.time()
    result = QtPrinter(queue).print_pdf(pdf, fmt)
    assert result.printed and result.printer == queue
    assert result.job_id and result.job_id.startswith(f"{queue}-")
    wait_completed(result.job_id)
    out = output_file(result.job_id, started)

    page = PdfReader(io.BytesIO(out.read_bytes())).pages[0]
    sent = PdfReader(io.BytesIO(pdf)).pages[0]
    # the page size is kept: the 80 mm ticket is not put on an A4 sheet
    assert abs(float(page.mediabox.width) - float(sent.mediabox.width)) < 2
    assert abs(float(page.mediabox.height) - float(sent.mediabox.height)) < 2

    printed = _gray(_output_png(out))
    same = _difference(printed, _gray(page_png(pdf, width_px=600)))
    different = _difference(printed, _gray(page_png(other, width_px=600)))
    # Measured: A4 ≈ 3 vs 13, ticket ≈ 9 vs 25 (grey conversion of the teal differs a little).
    assert same < 15, same  # the printed page is our accusé…
    assert different > same * 1.8, (same, different)  # …and the comparison can tell another one apart

    if shutil.which("zbarimg") and fmt is ReceiptFormat.A4:
        hi = subprocess.run(["pdftoppm", "-png", "-r", "200", "-singlefile", str(out)], capture_output=True,
                            check=True, timeout=60).stdout
        scan = subprocess.run(["zbarimg", "--raw", "-q", "-"], input=hi, capture_output=True, timeout=30,
                              check=False)
        assert scan.stdout.decode("ascii").strip() == QR_PAYLOAD


def test_missing_printer(queue: str) -> None:
    pdf = ReportLabRenderer().render(make_receipt(), ReceiptFormat.A4)
    with pytest.raises(DomainError) as err:
        QtPrinter("dmp-no-such-printer").print_pdf(pdf, ReceiptFormat.A4)
    assert err.value.code is ErrorCode.PRINTER_NOT_FOUND
    assert queue in QtPrinter().printers()


def test_stopped_printer_then_retry(queue: str) -> None:
    # A queue of our own, so disabling it never stops another test printing on the shared one.
    own = f"dmp-test-stopped-{os.getpid()}"
    lp_admin("lpadmin", "-p", own, "-v", "cups-pdf:/", "-m", "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd", "-E")
    try:
        lp_admin("cupsdisable", own)
        renderer = ReportLabRenderer()
        pdf = renderer.render(make_receipt(), ReceiptFormat.TICKET80)
        printer = QtPrinter(own)
        before = cups.job_ids(own)
        with pytest.raises(DomainError) as err:
            printer.print_pdf(pdf, ReceiptFormat.TICKET80)
        assert err.value.code is ErrorCode.PRINTER_STOPPED and err.value.retryable
        assert cups.job_ids(own) == before  # nothing was queued behind the stopped printer
        assert pdf == renderer.render(make_receipt(), ReceiptFormat.TICKET80)  # still whole, in memory

        lp_admin("cupsenable", own)
        lp_admin("cupsreject", own)
        with pytest.raises(DomainError) as err:
            printer.print_pdf(pdf, ReceiptFormat.TICKET80)
        assert err.value.code is ErrorCode.PRINTER_STOPPED

        lp_admin("cupsaccept", own)
        started = time.time()
        result = printer.print_pdf(pdf, ReceiptFormat.TICKET80)  # the retry, same bytes
        assert result.job_id and result.job_id.startswith(f"{own}-")
        wait_completed(result.job_id)
        assert output_file(result.job_id, started).stat().st_size > 1000
    finally:
        subprocess.run(["cupsenable", own], capture_output=True, timeout=30, check=False)
        subprocess.run(["lpadmin", "-x", own], capture_output=True, timeout=30, check=False)


# A fresh process prints two A4 (Qt print support, PDFium and CUPS get loaded), then 16 more.
REPEAT = r"""
import json, sys
from datetime import datetime
from dmp_desktop.domain.identity import OID_INS_NIR_TEST, Beneficiary, Ins, InsType
from dmp_desktop.domain.model import Consent, Pharmacist, Pharmacy, ReceiptData, ReceiptFormat
from dmp_desktop.receipts.pdf import ReportLabRenderer
from dmp_desktop.receipts.qtprint import QtPrinter

def rss_mib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024

data = ReceiptData(
    beneficiary=Beneficiary(0, "Lefèvre", "Hélène", "19700812", "270108604926542"),
    ins=Ins(InsType.INS_NIR, "270108604926542", OID_INS_NIR_TEST), created_at=datetime(2019, 3, 14, 10, 42),
    pharmacist=Pharmacist("10000000001", "Camille", "Formation"), pharmacy=Pharmacy("Pharmacie", "420012345"),
    consent=Consent(True, True), account=None)
pdf = ReportLabRenderer().render(data, ReceiptFormat.A4)
printer = QtPrinter(sys.argv[1])
printer.print_pdf(pdf, ReceiptFormat.A4)
printer.print_pdf(pdf, ReceiptFormat.A4)
base = rss_mib()
for _ in range(16):
    printer.print_pdf(pdf, ReceiptFormat.A4)
print(json.dumps({"grown": rss_mib() - base}))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmRSS")
def test_repeated_prints_do_not_grow_the_process(queue: str) -> None:
    src = Path(__file__).resolve().parents[3] / "src"
    env = {**os.environ, "PYTHONPATH": str(src), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", REPEAT, queue], capture_output=True, text=True, env=env,
                          timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    grown = json.loads(done.stdout.strip().splitlines()[-1])["grown"]
    # Measured: +1.2 to +1.6 MiB for 12 prints while QtPdf shut PDFium down after each job; under 0.1 since.
    assert grown < 0.75, grown
