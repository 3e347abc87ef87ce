"""Renders from several threads at once give exactly the bytes of a serial render (the GUI renders in a pool)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from dmp_desktop.domain.model import ReceiptData, ReceiptFormat
from dmp_desktop.receipts.pdf import ReportLabRenderer


def test_concurrent_renders_are_identical_to_serial_ones(receipt: Callable[..., ReceiptData]) -> None:
    jobs = [(receipt(account=a, training=t), f) for a in (True, False) for t in (True, False) for f in ReceiptFormat]
    serial = [ReportLabRenderer().render(d, f) for d, f in jobs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda job: ReportLabRenderer().render(*job), jobs))
    assert parallel == serial
    assert len(set(serial)) == len(serial)  # and every variant is a different document
