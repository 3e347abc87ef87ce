"""« L'accusé est-il sorti ? »: a spooled accusé is not a printed page until the pharmacist says so."""

from __future__ import annotations

from collections.abc import Callable

from dmp_desktop.domain.model import PrintResult
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.events import Task
from dmp_desktop.flow.wizard import Wizard

States = dict[str, Callable[[], Wizard]]


def test_credentials_sent_to_the_printer_are_unconfirmed_until_the_pharmacist_says_so(states: States) -> None:
    w = states["result_created"]()
    assert w.report is not None and w.report.printed
    assert w.unconfirmed_credentials and w.can_confirm_receipt and not w.receipt_confirmed
    assert w.send(ev.ReceiptConfirmed())
    assert w.receipt_confirmed and not w.unconfirmed_credentials and not w.can_confirm_receipt
    assert not w.send(ev.ReceiptConfirmed())  # once is enough


def test_a_reprint_asks_again(states: States, builders: dict[str, Callable[..., object]]) -> None:
    w = states["result_created"]()
    assert w.send(ev.ReceiptConfirmed())
    assert w.send(ev.PrintRequested())
    assert not w.send(ev.ReceiptConfirmed())  # nothing came out of a job still being sent
    report = w.report
    assert report is not None
    builders["run"](w, Task.PRINT, lambda g: ev.CreationDone(report, g))  # type: ignore[operator]
    assert not w.receipt_confirmed and w.unconfirmed_credentials and w.can_confirm_receipt


def test_nothing_sent_to_the_printer_cannot_be_confirmed(states: States) -> None:
    w = states["result_print_failed"]()
    assert w.unconfirmed_credentials  # the password is on no paper yet
    assert not w.can_confirm_receipt and not w.send(ev.ReceiptConfirmed())


def test_an_accuse_without_credentials_never_holds_the_pharmacist(
    states: States, builders: dict[str, Callable[..., object]]
) -> None:
    w = builders["creating"]()  # type: ignore[operator]
    assert isinstance(w, Wizard)
    builders["finish_creation"](w, account=None, channels=(), print_result=PrintResult(True, "P"))  # type: ignore[operator]
    assert not w.unconfirmed_credentials and w.can_confirm_receipt


def test_restart_forgets_the_confirmation(states: States) -> None:
    w = states["result_created"]()
    assert w.send(ev.ReceiptConfirmed())
    assert w.send(ev.Restart())
    assert not w.receipt_confirmed and not w.unconfirmed_credentials


def test_only_on_the_result_page(states: States) -> None:
    for name in ("account", "creating", "result_error", "result_exists"):
        w = states[name]()
        assert not w.send(ev.ReceiptConfirmed()), name
        assert not w.unconfirmed_credentials, name
