"""A created DMP's accusé again, over the ports only: plain (rebuilt from the journal, never a password) or
with new credentials from the DMP service (TD1.5d). Both journaled. Called by `dmp-desktop reprint` and the
history window."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.model import CreationState, PrintResult, ReprintKind

if TYPE_CHECKING:
    from dmp_desktop.domain.model import HistoryEntry, Pharmacist, Pharmacy, ReceiptFormat
    from dmp_desktop.domain.ports import Clock, CreationLedger, DmpService, ReceiptPrinter, ReceiptRenderer


@dataclass(frozen=True)
class ReprintOutcome:
    """How a reprint ended. `error`: the accusé did not come out (with `credentials_reset`, the password
    issued is lost: ask again)."""

    kind: ReprintKind
    print_result: PrintResult | None = None
    saved: bool = False
    error: ErrorCode | None = None
    credentials_reset: bool = False
    warnings: tuple[str, ...] = ()


def check_reprintable(entry: HistoryEntry) -> None:
    """Only a created DMP has an accusé; an entry from before the history knows no patient to print."""
    if entry.state is not CreationState.CREATED:
        raise DomainError(ErrorCode.REQUEST_INVALID,
                          f"creation {entry.creation_id} is {entry.state.value}: only a created DMP has an accusé",
                          field="creation_id")
    if not entry.patient.known:
        raise DomainError(ErrorCode.REQUEST_INVALID,
                          f"creation {entry.creation_id} was journaled before the history kept the patient's name",
                          field="creation_id")


def reprint(
    entry: HistoryEntry,
    *,
    ledger: CreationLedger,
    renderer: ReceiptRenderer,
    printer: ReceiptPrinter,
    pharmacy: Pharmacy,
    fmt: ReceiptFormat,
    printer_name: str | None = None,
    training: bool = False,
    save: Callable[[bytes], None] | None = None,
    dmp: DmpService | None = None,
    pharmacist: Pharmacist | None = None,
    clock: Clock | None = None,
) -> ReprintOutcome:
    """The accusé of `entry`: plain, or (`dmp` given) with new credentials from TD1.5d in `pharmacist`'s name.
    Printed on `printer`, or handed to `save` (a file). DomainError before anything is done: the entry cannot
    be reprinted, or TD1.5d failed (nothing changed on the journal). The PDF stays in memory."""
    check_reprintable(entry)
    warnings: list[str] = []
    kind = ReprintKind.PLAIN
    account = None
    if dmp is not None:
        if pharmacist is None:
            raise ValueError("new credentials need the pharmacist who asks for them")
        kind = ReprintKind.NEW_CREDENTIALS
        account = dmp.reset_credentials(entry.ins, pharmacist)
        _journal(warnings, ledger.mark_credentials_reset, entry.creation_id)
    reset = account is not None
    try:
        issued = clock.now() if clock is not None else None  # the footer's day: this reprint's, not the creation's
        data = entry.receipt_data(pharmacy, account=account, training=training, issued_at=issued)
        # the plain accusé of a creation that opened an account says so (its password is gone: never reprinted)
        data = replace(data, account_opened_earlier=entry.account and account is None)
        pdf = renderer.render(data, fmt)
        if save is not None:
            save(pdf)
            _journal(warnings, ledger.mark_reprinted, entry.creation_id, kind, False)
            return ReprintOutcome(kind, saved=True, credentials_reset=reset, warnings=tuple(warnings))
        result = printer.print_pdf(pdf, fmt, printer_name)
    except DomainError as exc:
        return ReprintOutcome(kind, error=exc.code, credentials_reset=reset, warnings=tuple(warnings))
    _journal(warnings, ledger.mark_reprinted, entry.creation_id, kind, result.printed)
    return ReprintOutcome(kind, print_result=result, credentials_reset=reset, warnings=tuple(warnings))


def _journal(warnings: list[str], call: Callable[..., None], *args: object) -> None:
    """A journal write must not hide an accusé that came out (nor a password that was issued)."""
    try:
        call(*args)
    except DomainError as exc:
        warnings.append(f"ledger:{exc.code.value}")
