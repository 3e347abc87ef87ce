"""The counter use-cases and the Qt-free wizard on the real adapters in-process: the DMP client over HTTPS to
the embedded simulator (with its fault injection), the SQLite journal, ReportLab; the in-process card."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from dmp_desktop.domain.errors import ErrorCode, WarningCode
from dmp_desktop.domain.model import AccountRequest, Channel, Consent
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.outcomes import CreationOrder, Outcome
from dmp_desktop.flow.tasks import run_task
from dmp_desktop.flow.wizard import Step, Wizard
from dmp_desktop.settings import settings_from_dict

pytestmark = pytest.mark.slow


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Any]:
    from dmp_desktop.app import open_services
    from dmp_desktop.card import training_reader
    from dmp_desktop.card.image import resolve_image

    settings = settings_from_dict({
        "mode": "training", "data_dir": str(tmp_path / "data"), "log_dir": str(tmp_path / "log"),
        "workstation": "comptoir-e2e", "card": {"backend": "inprocess", "wait_seconds": 0},
    })
    training_reader().insert(resolve_image("famille-martin"))
    try:
        with open_services(settings) as s:
            yield s
    finally:
        training_reader().remove()


def order(services: Any, index: int = 0, account: AccountRequest | None = None) -> CreationOrder:
    card = services.counter.read_card()
    b = card.beneficiaries[index]
    return CreationOrder(b, b.require_ins(services.counter.environment), Consent(True, True), account)


def created_count(services: Any, report: Any) -> int:
    assert report.created_at is not None
    return int(services.ledger.statement(report.created_at.astimezone().strftime("%Y-%m")).count)


def test_lost_td11_answer_is_confirmed_not_resent(services: Any) -> None:
    o = order(services)
    services.simulator.inject("drop_after_commit", o.ins.value, transaction="TD1.1", count=1)
    report = services.counter.create(o, print_receipt=False)
    assert report.outcome is Outcome.CREATED and report.pdf and report.pdf.startswith(b"%PDF")
    assert created_count(services, report) == 1
    assert services.ledger.pending() == []


def test_td11_http_error_then_retry_keeps_one_entry(services: Any) -> None:
    o = order(services)
    services.simulator.inject("http500", o.ins.value, transaction="TD1.1", count=1)
    counter = replace(services.counter, confirm_delays=())  # one TD0.2 check: this test is not about waiting
    failed = counter.create(o, print_receipt=False)
    # A bare HTTP 500 does not say whether the service processed the request: unknown, kept pending.
    assert failed.outcome is Outcome.PENDING and failed.error is ErrorCode.DMP_CREATION_UNCONFIRMED
    assert failed.creation_id
    retried = services.counter.create(
        CreationOrder(o.beneficiary, o.ins, o.consent, previous_creation_id=failed.creation_id), print_receipt=False)
    assert retried.created and retried.creation_id == failed.creation_id
    assert created_count(services, retried) == 1


def test_account_failure_then_retry_account_only(services: Any) -> None:
    o = order(services, 1, AccountRequest(email="sophie@example.fr", mobile="+33612345678"))
    services.simulator.inject("http500", o.ins.value, transaction="TD1.5a", count=1)
    report = services.counter.create(o, print_receipt=False)
    assert report.created and report.account_pending and report.account_error is ErrorCode.DMP_HTTP_ERROR
    fixed = services.counter.retry_account(report, print_receipt=False)
    assert fixed.account is not None and fixed.channels == (Channel.SMS, Channel.EMAIL) and fixed.pdf
    assert not fixed.account_pending and created_count(services, fixed) == 1


def test_lost_account_answer_gets_new_credentials(services: Any) -> None:
    o = order(services, 0, AccountRequest(mobile="+33612345678"))
    services.simulator.inject("drop_after_commit", o.ins.value, transaction="TD1.5a", count=1)
    report = services.counter.create(o, print_receipt=False)
    assert report.account_pending and report.account is None
    fixed = services.counter.retry_account(report, print_receipt=False)
    assert fixed.account is not None and len(fixed.account.temporary_password) == 8 and fixed.pdf


def test_wizard_visit_on_the_real_counter(services: Any) -> None:
    counter = services.counter
    w = Wizard(environment=counter.environment)

    def pump() -> None:
        while (req := w.take_task()) is not None:
            progress: list[ev.Event] = []
            result = run_task(counter, req, progress.append)
            for e in progress:
                w.send(e)
            w.send(result)

    w.send(ev.ReadCard())
    pump()
    assert w.send(ev.BeneficiarySelected(1)) and w.can_next
    w.send(ev.Next())
    pump()
    assert w.step is Step.CONSENT, (w.step, w.error)
    for e in (ev.ConsentChanged(True), ev.EmergencyAnswered(False), ev.Next(), ev.AccountWanted(False)):
        assert w.send(e)
    counter.printer = _NoPrinter()  # no queue here: the print fails and the PDF stays for a retry
    w.send(ev.CreateRequested())
    pump()
    assert (w.step, w.outcome) == (Step.RESULT, Outcome.CREATED)
    assert w.report is not None and w.report.print_error is ErrorCode.PRINTER_NONE and w.report.pdf
    w.send(ev.Restart())
    w.send(ev.ReadCard())
    pump()
    w.send(ev.BeneficiarySelected(1))
    w.send(ev.Next())
    pump()
    assert (w.step, w.outcome) == (Step.RESULT, Outcome.ALREADY_EXISTS)  # TD0.2 now finds it


class _NoPrinter:
    def printers(self) -> list[str]:
        return []

    def default_printer(self) -> str | None:
        return None

    def check(self, printer: str | None = None) -> None:
        return None  # the queue looked fine before the creation; the job itself fails

    def print_pdf(self, pdf: bytes, fmt: Any, printer: str | None = None) -> Any:
        from dmp_desktop.domain.errors import DomainError

        raise DomainError(ErrorCode.PRINTER_NONE, "no printer in this test")


def test_database_down_does_not_stop_the_counter(tmp_path: Path) -> None:
    """PostgreSQL unreachable: the creation goes on, the journal waits in the spool, the report says so."""
    import socket

    from dmp_desktop.app import open_services
    from dmp_desktop.card import training_reader
    from dmp_desktop.card.image import resolve_image

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = settings_from_dict({
        "mode": "training", "data_dir": str(tmp_path / "data"), "log_dir": str(tmp_path / "log"),
        "card": {"backend": "inprocess", "wait_seconds": 0},
        "database": {"url": f"postgresql+psycopg://postgres@127.0.0.1:{port}/nowhere"},
    })
    training_reader().insert(resolve_image("famille-martin"))
    try:
        with open_services(settings) as services:
            report = services.counter.create(order(services), print_receipt=False)
            assert report.created and report.pdf
            assert WarningCode.LEDGER_WAITING in report.warnings, report.warnings
            assert services.ledger.waiting > 0
    finally:
        training_reader().remove()
