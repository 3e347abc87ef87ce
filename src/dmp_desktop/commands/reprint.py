"""`dmp-desktop reprint`: a created DMP's accusé again, rebuilt from the journal; with `--new-credentials`, a
new temporary password from the service (TD1.5d) on a fresh accusé. Both are journaled; no password is kept."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.model import ReprintKind
from dmp_desktop.domain.ports import SystemClock
from dmp_desktop.flow.reprint import ReprintOutcome, check_reprintable, reprint

if TYPE_CHECKING:
    from dmp_desktop.domain.model import HistoryEntry
    from dmp_desktop.domain.ports import CreationLedger
    from dmp_desktop.settings import Settings

__all__ = ["ReprintOutcome", "check_reprintable", "register", "reprint", "run"]

EXIT_OK = 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "reprint",
        help="réimprimer l’accusé d’un DMP créé / reprint an accusé",
        description=(
            "Réimprime l’accusé de création d’un DMP du registre (sans mot de passe : il n’est jamais conservé ; "
            "pour un patient qui a un compte, l’accusé dit qu’un compte a été ouvert). "
            "--new-credentials demande au service DMP un nouveau mot de passe provisoire (TD1.5d) et imprime "
            "un accusé avec identifiants. Contrat : docs/history.md."
        ),
    )
    parser.add_argument("creation_id", metavar="CREATION_ID", help="le n° de la création (dmp-desktop history)")
    parser.add_argument("--receipt-out", metavar="FILE.pdf", help="écrire l’accusé dans ce fichier au lieu d’imprimer")
    parser.add_argument("--new-credentials", action="store_true",
                        help="nouveaux identifiants (mot de passe provisoire) pour le compte patient")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from dmp_desktop.pos import exitcodes

    receipt_out = Path(args.receipt_out) if args.receipt_out else None
    if receipt_out is not None and not receipt_out.parent.is_dir():
        return _fail(DomainError(ErrorCode.REQUEST_INVALID, f"--receipt-out: no folder {receipt_out.parent}"))
    if receipt_out is not None:
        from dmp_desktop.receipts import check_pdf_target

        try:
            check_pdf_target(receipt_out)  # a link is refused before new credentials are asked for
        except DomainError as exc:
            return _fail(exc)
    try:
        if args.new_credentials:
            outcome = _with_service(args.creation_id, settings, receipt_out)
        else:
            outcome = _plain(args.creation_id, settings, receipt_out)
    except DomainError as exc:
        return _fail(exc)
    if outcome.error is not None:
        lost = " Le nouveau mot de passe est perdu : relancez avec --new-credentials." if outcome.credentials_reset \
            else ""
        return _fail(DomainError(outcome.error, "the accusé did not come out"), lost)
    what = "Accusé avec nouveaux identifiants" if outcome.kind is ReprintKind.NEW_CREDENTIALS else "Accusé"
    if outcome.saved:
        print(f"{what} écrit dans {receipt_out}")
        if outcome.credentials_reset:
            print("dmp-desktop reprint: ce fichier contient le mot de passe provisoire du patient : imprimez-le "
                  "puis supprimez-le / the file holds the temporary password", file=sys.stderr)
    elif outcome.print_result is not None:
        print(f"{what} envoyé à l’imprimante {outcome.print_result.printer or ''}".rstrip())
    for warning in outcome.warnings:
        print(f"dmp-desktop reprint: registre / ledger: {warning}", file=sys.stderr)
    return exitcodes.CREATED if outcome.print_result is None or outcome.print_result.printed else exitcodes.LOCAL


def _find(ledger: CreationLedger, creation_id: str) -> HistoryEntry:
    entry = ledger.record(creation_id)
    if entry is None:
        raise DomainError(ErrorCode.REQUEST_INVALID,
                          f"aucune création {creation_id!r} au registre / unknown creation {creation_id!r} "
                          "(voir / see dmp-desktop history)", field="creation_id")
    return entry


def _saver(path: Path | None) -> Callable[[bytes], None] | None:
    if path is None:
        return None
    from dmp_desktop.receipts import write_pdf_file

    def save(pdf: bytes) -> None:
        if write_pdf_file(pdf, path):
            print(f"dmp-desktop reprint: attention : {path} existait, il est remplacé par l’accusé", file=sys.stderr)

    return save


def _plain(creation_id: str, settings: Settings, receipt_out: Path | None) -> ReprintOutcome:
    """No DMP service, no card: the journal, the renderer and the printer only."""
    from dmp_desktop.app import LazyPrinter
    from dmp_desktop.receipts.pdf import ReportLabRenderer
    from dmp_desktop.storage import open_ledger

    ledger = open_ledger(settings.database_url, spool_dir=settings.data_dir, workstation=settings.workstation)
    try:
        entry = _find(ledger, creation_id)
        return reprint(entry, ledger=ledger, renderer=ReportLabRenderer(),
                       printer=LazyPrinter(settings.printer.name or None), pharmacy=settings.pharmacy,
                       fmt=settings.printer.format, printer_name=settings.printer.name or None,
                       training=settings.training, save=_saver(receipt_out), clock=SystemClock())
    finally:
        ledger.close()


def _with_service(creation_id: str, settings: Settings, receipt_out: Path | None) -> ReprintOutcome:
    from dmp_desktop.app import open_services

    with open_services(settings) as services:
        counter = services.counter
        entry = _find(services.ledger, creation_id)
        return reprint(entry, ledger=services.ledger, renderer=counter.renderer, printer=counter.printer,
                       pharmacy=counter.pharmacy, fmt=counter.receipt_format, printer_name=counter.printer_name,
                       training=counter.training, save=_saver(receipt_out), dmp=services.dmp,
                       pharmacist=counter.pharmacist, clock=counter.clock)


def _fail(exc: DomainError, extra: str = "") -> int:
    from dmp_desktop.pos import exitcodes
    from dmp_desktop.pos.messages import message

    print(f"dmp-desktop reprint: {exc.code.value}: {message(exc.code)} ({exc.detail}){extra}", file=sys.stderr)
    return exitcodes.for_error(exc.code)
