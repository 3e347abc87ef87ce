"""`dmp-desktop ledger`: the month's DMP created and the 1 € amounts, as a table, JSON or the CSV export."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dmp_desktop.storage import Ledger

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_DB = 69  # EX_UNAVAILABLE: the database could not be read

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _month(value: str) -> str:
    if not _MONTH.match(value):
        raise argparse.ArgumentTypeError(f"mois invalide / invalid month: {value!r} (attendu / expected YYYY-MM)")
    return value


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "ledger",
        help="registre des DMP créés (1 € par DMP) / ledger of DMP created",
        description="Registre des DMP créés pour un mois : nombre, montant, par pharmacien et par poste.",
    )
    parser.add_argument("--month", type=_month, metavar="YYYY-MM", help="mois (défaut : le mois en cours)")
    fmt = parser.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="JSON {month, count, amount_eur, by_pharmacist, ...}")
    fmt.add_argument("--csv", action="store_true", help="une ligne par DMP créé, pour le rapprochement")
    parser.set_defaults(func=run)


def _euros(amount: float) -> str:
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",") + " €"


def format_table(statement: Any, warning: str | None = None) -> str:
    """The French table printed by default (the statement is a domain LedgerStatement)."""
    lines = [
        f"Registre des DMP créés — {statement.month}",
        f"DMP créés : {statement.count}",
        f"Montant dû : {_euros(statement.amount_eur)}",
        "",
        "Par pharmacien :",
    ]
    width = max([len(k) for k in (*statement.by_pharmacist, *statement.by_workstation)] + [10])
    lines += [f"  {name:<{width}}  {n:>6}" for name, n in statement.by_pharmacist.items()] or ["  (aucun)"]
    lines += ["", "Par poste :"]
    lines += [f"  {name:<{width}}  {n:>6}" for name, n in statement.by_workstation.items()] or ["  (aucun)"]
    if warning:
        lines += ["", f"Attention : {warning}"]
    return "\n".join(lines)


def waiting_notice(ledger: Ledger) -> str | None:
    """The storage ledger's warning for a terminal: its sentence, how many writes wait and why; None when all
    are stored."""
    from dmp_desktop.pos.messages import text, warning_text

    if ledger.warning is None:
        return None
    cause = ledger.waiting_cause
    why = f" ; cause : {text(cause)}" if cause is not None else ""
    return f"{warning_text(ledger.warning)} ({ledger.waiting} écriture(s) en attente{why})"


def run(args: argparse.Namespace, settings: Any) -> int:
    from dmp_desktop.domain.errors import DomainError
    from dmp_desktop.storage import open_ledger

    month = args.month or datetime.now().strftime("%Y-%m")
    try:
        ledger = open_ledger(
            settings.database_url, spool_dir=settings.data_dir, workstation=settings.workstation
        )
    except DomainError as error:
        print(f"dmp-desktop ledger: base de données inutilisable / database unusable: {error}", file=sys.stderr)
        return EXIT_DB
    try:
        if args.csv:
            sys.stdout.write(ledger.export_csv(month))
        else:
            statement = ledger.statement(month)
            if args.json:
                print(json.dumps(statement.as_json(), ensure_ascii=False, indent=2))
            else:
                print(format_table(statement, waiting_notice(ledger)))
        notice = waiting_notice(ledger)
        if notice and (args.json or args.csv):
            print(f"dmp-desktop ledger: {notice}", file=sys.stderr)
    except DomainError as error:
        print(f"dmp-desktop ledger: base de données indisponible / database unavailable: {error}", file=sys.stderr)
        return EXIT_DB
    finally:
        ledger.close()
    return EXIT_OK
