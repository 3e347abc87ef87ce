"""The printer check before a creation whose temporary password only the paper will hold, on the real CUPS
queue (a queue of our own, stopped, rejecting, then missing). Unrun by its author (no CUPS in that session)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.model import AccountRequest, Consent
from dmp_desktop.flow.fakes import fake_counter
from dmp_desktop.flow.headless import create_headless
from dmp_desktop.flow.outcomes import Outcome
from dmp_desktop.receipts import cups
from dmp_desktop.receipts.qtprint import QtPrinter

from .conftest import lp_admin  # type: ignore[import-not-found]

pytestmark = pytest.mark.cups


@pytest.fixture
def own_queue() -> Iterator[str]:
    from tests.conftest import require_service  # type: ignore[import-not-found]

    require_service("cups")
    name = f"dmp-test-check-{os.getpid()}"
    lp_admin("lpadmin", "-p", name, "-v", "cups-pdf:/", "-m", "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd", "-E")
    yield name
    lp_admin("lpadmin", "-x", name)


def _code(printer: QtPrinter) -> ErrorCode | None:
    try:
        printer.check()
    except DomainError as exc:
        return exc.code
    return None


def test_check_sees_stopped_rejecting_and_missing(own_queue: str) -> None:
    printer = QtPrinter(own_queue)
    assert _code(printer) is None
    lp_admin("cupsdisable", own_queue)
    assert _code(printer) is ErrorCode.PRINTER_STOPPED
    lp_admin("cupsenable", own_queue)
    lp_admin("cupsreject", own_queue)
    assert _code(printer) is ErrorCode.PRINTER_STOPPED
    lp_admin("cupsaccept", own_queue)
    assert _code(QtPrinter(f"{own_queue}-absent")) is ErrorCode.PRINTER_NOT_FOUND


def test_a_stopped_queue_stops_the_headless_creation_before_td11(own_queue: str) -> None:
    lp_admin("cupsdisable", own_queue)
    counter = fake_counter(printer=QtPrinter(own_queue), printer_name=own_queue)
    before = cups.job_ids(own_queue)
    visit = create_headless(counter, beneficiary=0, consent=Consent(True, True),
                            account=AccountRequest(mobile="+33612345678"))
    assert visit.outcome is Outcome.ERROR and visit.report is not None
    assert visit.report.error is ErrorCode.PRINTER_STOPPED
    assert counter.dmp.count("create") == 0  # type: ignore[attr-defined]
    assert cups.job_ids(own_queue) == before
