"""Median time to build each accusé PDF (A4 / ticket, with / without credentials), preview it, and spool it."""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from datetime import datetime

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dmp_desktop.domain.identity import OID_INS_NIR_TEST, Beneficiary, Ins, InsType
from dmp_desktop.domain.model import (
    Channel,
    Consent,
    Pharmacist,
    Pharmacy,
    ReceiptData,
    ReceiptFormat,
    WebAccount,
)
from dmp_desktop.receipts.fonts import register_fonts
from dmp_desktop.receipts.pdf import ReportLabRenderer

TARGET_MS = 150.0


def sample(account: bool) -> ReceiptData:
    return ReceiptData(
        beneficiary=Beneficiary(0, "Lefèvre", "Hélène", "19700812", "270108604926542"),
        ins=Ins(InsType.INS_NIR, "270108604926542", OID_INS_NIR_TEST),
        created_at=datetime(2019, 3, 14, 10, 42),
        pharmacist=Pharmacist("10000000001", "Camille", "Formation"),
        pharmacy=Pharmacy("Pharmacie de la Gare", "420012345"),
        consent=Consent(True, True),
        account=WebAccount("mtef3603", "cbC!bqf3", (Channel.SMS,)) if account else None,
        mobile="+33612345678" if account else None,
    )


def timed(n: int, call: Callable[[], object]) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def row(name: str, ms: list[float], target: float | None = None) -> str:
    verdict = "" if target is None else ("ok" if statistics.median(ms) <= target else "SLOW")
    return (f"{name:<34} {len(ms):>4} {statistics.median(ms):>9.1f} {min(ms):>9.1f} {max(ms):>9.1f}"
            f" {verdict:>6}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=30, help="runs per PDF measurement")
    parser.add_argument("--print-runs", type=int, default=5, help="jobs per format handed to the spooler")
    parser.add_argument("--printer", default=os.environ.get("DMP_DESKTOP_TEST_PRINTER", ""),
                        help="queue to spool to (default: $DMP_DESKTOP_TEST_PRINTER; empty: skip printing)")
    args = parser.parse_args()

    start = time.perf_counter()
    register_fonts()
    fonts_ms = (time.perf_counter() - start) * 1000
    renderer = ReportLabRenderer()
    print(f"font registration (once per process): {fonts_ms:.1f} ms")
    print(f"{'measure (ms)':<34} {'n':>4} {'median':>9} {'min':>9} {'max':>9} {'target':>6}")
    pdfs: dict[ReceiptFormat, bytes] = {}
    for fmt in ReceiptFormat:
        for account in (True, False):
            data = sample(account)
            renderer.render(data, fmt)  # warm-up
            label = f"build PDF {fmt.value} {'with' if account else 'without'} credentials"
            print(row(label, timed(args.n, lambda d=data, f=fmt: renderer.render(d, f)), TARGET_MS))
            if account:
                pdfs[fmt] = renderer.render(data, fmt)

    from dmp_desktop.receipts.preview import page_png
    from dmp_desktop.receipts.qtapp import ensure_gui_app

    ensure_gui_app()
    for fmt, pdf in pdfs.items():
        page_png(pdf)
        print(row(f"preview PNG 600 px {fmt.value}", timed(max(5, args.n // 3), lambda p=pdf: page_png(p))))

    if not args.printer:
        print("spooling: skipped (no --printer and DMP_DESKTOP_TEST_PRINTER unset)")
        return
    from dmp_desktop.receipts.qtprint import QtPrinter

    printer = QtPrinter(args.printer)
    for fmt, pdf in pdfs.items():
        label = f"hand to spooler ({args.printer}) {fmt.value}"
        print(row(label, timed(args.print_runs, lambda p=pdf, f=fmt: printer.print_pdf(p, f))))


if __name__ == "__main__":
    main()
