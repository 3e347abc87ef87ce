"""The GUI prints from a pool thread: QtPdf + QPrinter must work off the GUI thread, and bad bytes fail cleanly."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.model import PrintResult, ReceiptFormat
from dmp_desktop.receipts.pdf import ReportLabRenderer
from dmp_desktop.receipts.preview import page_png
from dmp_desktop.receipts.qtprint import QtPrinter

from .conftest import make_receipt, output_file, wait_completed  # type: ignore[import-not-found]

pytestmark = pytest.mark.cups


@pytest.fixture
def queue() -> str:
    from tests.conftest import require_service  # type: ignore[import-not-found]

    return require_service("cups")


def test_render_preview_and_print_from_a_worker_thread(queue: str) -> None:
    def task() -> tuple[bytes, PrintResult]:
        pdf = ReportLabRenderer().render(make_receipt(), ReceiptFormat.TICKET80)
        return page_png(pdf), QtPrinter(queue).print_pdf(pdf, ReceiptFormat.TICKET80)

    started = time.time()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="print-pool") as pool:
        png, result = pool.submit(task).result(timeout=60)
    assert png.startswith(b"\x89PNG")
    assert result.printed and result.job_id
    wait_completed(result.job_id)
    assert output_file(result.job_id, started).stat().st_size > 1000


def test_unreadable_pdf_is_print_failed(queue: str) -> None:
    with pytest.raises(DomainError) as err:
        QtPrinter(queue).print_pdf(b"%PDF-1.7\nthis is not a PDF", ReceiptFormat.A4)
    assert err.value.code is ErrorCode.PRINT_FAILED and err.value.retryable
