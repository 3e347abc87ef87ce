"""Soak: N creations in a row in one process on the real parts that need no root service, and what they leave.

In-process card reader (the card image through the APDU encoder and parser) → TD0.2 → journal pending → TD1.1 →
journal created → TD1.5a → journal account → accusé PDF (ReportLab, in memory) → a null printer sink (the
queue checked, the PDF discarded). The DMP service is the embedded simulator over HTTPS (mutual TLS, signed
VIHF) on 127.0.0.1; the journal is SQLite. Each creation is a new patient (a new INS-C).

Reported: peak RSS after the first tenth of the runs and at the end (the drift is the difference), threads
and open file descriptors before the first and after the last creation, and the ledger: created entries and
the month's count must equal N exactly.

    .venv/bin/python benchmarks/soak.py [--runs 200]
Targets (issue 17): peak RSS drift ≤ 10 MB, no leaked thread or file descriptor, ledger exact.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from counter import patient_image  # type: ignore[import-not-found]
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.model import PrintResult, ReceiptFormat


class _Clock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class NullPrinter:
    """A ReceiptPrinter whose queue is always ready and whose jobs go nowhere (counted)."""

    def __init__(self) -> None:
        self.jobs = 0

    def printers(self) -> list[str]:
        return ["null"]

    def default_printer(self) -> str | None:
        return "null"

    def check(self, printer: str | None = None) -> None:
        if printer not in (None, "null"):
            raise DomainError(ErrorCode.PRINTER_NOT_FOUND, str(printer))

    def print_pdf(self, pdf: bytes, fmt: ReceiptFormat, printer: str | None = None) -> PrintResult:
        if not pdf.startswith(b"%PDF"):
            raise DomainError(ErrorCode.PRINT_FAILED, "not a PDF")
        self.jobs += 1
        return PrintResult(True, "null", job_id=str(self.jobs))


def peak_rss_mib() -> float:
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 if sys.platform != "darwin" else kib / 1024 / 1024


def open_fds() -> int:
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:
        return -1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    from dmp_desktop.card.inprocess import InProcessReader
    from dmp_desktop.dmp import open_service
    from dmp_desktop.domain.model import AccountRequest, Consent, CreationState
    from dmp_desktop.flow.outcomes import CreationOrder
    from dmp_desktop.flow.usecases import CounterServices
    from dmp_desktop.receipts.pdf import ReportLabRenderer
    from dmp_desktop.secrets import MemorySecretStore
    from dmp_desktop.settings import settings_from_dict
    from dmp_desktop.storage.ledger import open_ledger

    tmp = Path(tempfile.mkdtemp(prefix="dmp-soak-"))
    settings = settings_from_dict({"mode": "training", "data_dir": str(tmp / "data"), "log_dir": str(tmp / "log")})
    reader = InProcessReader()
    ledger = open_ledger(settings.database_url, spool_dir=tmp, workstation="soak")
    service, simulator = open_service(settings, MemorySecretStore())
    printer = NullPrinter()
    counter = CounterServices(
        card_reader=reader, dmp=service, ledger=ledger, renderer=ReportLabRenderer(), printer=printer,
        clock=_Clock(), pharmacy=settings.pharmacy, pharmacist=settings.pharmacist,
        receipt_format=ReceiptFormat.A4, environment=settings.ins_environment, workstation="soak",
        training=True, printer_name="null", pause=time.sleep,
    )
    failures: list[str] = []
    ids: list[str] = []
    early_peak = 0.0
    threads_before = fds_before = 0
    started = time.perf_counter()
    try:
        for i in range(args.runs):
            reader.insert(patient_image(10_000 + i))
            card = counter.read_card()
            b = card.beneficiaries[0]
            ins = b.require_ins(counter.environment)
            counter.check_existence(ins)
            order = CreationOrder(b, ins, Consent(True, True), AccountRequest(mobile="+33612345678"))
            report = counter.create(order)
            reader.remove()
            if not (report.created and report.printed and report.account and report.creation_id):
                failures.append(f"run {i}: {report.outcome.value} {report.account_error} {report.print_error}")
            elif report.creation_id:
                ids.append(report.creation_id)
            if i == 0:  # the first creation loads every lazy module and opens the pooled connections
                threads_before, fds_before = threading.active_count(), open_fds()
            if i == max(0, args.runs // 10 - 1):
                early_peak = peak_rss_mib()
        elapsed = time.perf_counter() - started
        threads_after, fds_after = threading.active_count(), open_fds()
        late_peak = peak_rss_mib()
        created = [e for e in ledger.history() if e.state is CreationState.CREATED]
        month = datetime.now().strftime("%Y-%m")
        count = ledger.statement(month).count
    finally:
        close = getattr(service, "close", None)
        if close:
            close()
        if simulator is not None:
            simulator.stop()
        ledger.close()
    exact = len(created) == count == len(ids) == printer.jobs == args.runs
    rows: list[tuple[str, Any]] = [
        ("creations", f"{args.runs} in {elapsed:.1f} s ({elapsed / args.runs * 1000:.0f} ms each)"),
        ("peak RSS after the first tenth", f"{early_peak:.1f} MiB"),
        ("peak RSS at the end", f"{late_peak:.1f} MiB"),
        ("peak RSS drift", f"{late_peak - early_peak:+.1f} MiB (target ≤ 10)"),
        ("threads after creation 1 / at the end", f"{threads_before} / {threads_after}"),
        ("open fds after creation 1 / at the end", f"{fds_before} / {fds_after}"),
        ("ledger", f"{len(created)} created entries, month count {count}, {printer.jobs} accusés "
                   f"→ {'exact' if exact else 'NOT EXACT'}"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    for failure in failures[:10]:
        print(failure, file=sys.stderr)
    leaked = threads_after > threads_before or fds_after > fds_before
    return 0 if exact and not failures and not leaked and late_peak - early_peak <= 10 else 1


if __name__ == "__main__":
    raise SystemExit(main())
