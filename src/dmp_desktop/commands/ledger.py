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


def _year(value: str) -> int:
    if not re.fullmatch(r"\d{4}", value) or int(value) < 2000:
        raise argparse.ArgumentTypeError(f"année invalide / invalid year: {value!r} (attendu / expected YYYY)")
    return int(value)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "ledger",
        help="registre des DMP créés (1 € par DMP) / ledger of DMP created",
        description="Registre des DMP créés pour un mois (par pharmacien et par poste) ou une année civile "
        "(par pharmacien et par mois, pour la déclaration ROSP) : nombre et montant.",
    )
    period = parser.add_mutually_exclusive_group()
    period.add_argument("--month", type=_month, metavar="YYYY-MM", help="mois (défaut : le mois en cours)")
    period.add_argument("--year", type=_year, metavar="YYYY", help="année civile (déclaration ROSP) : par mois")
    fmt = parser.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="JSON {month|year, count, amount_eur, by_pharmacist, ...}")
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


def format_year_table(statement: Any) -> str:
    """The French table of the ROSP year (a domain YearStatement): months as mm/yyyy, as dates in tables."""
    lines = [
        f"Registre des DMP créés — année {statement.year}",
        f"DMP créés : {statement.count}",
        f"Montant dû : {_euros(statement.amount_eur)}",
        "",
        "Par mois :",
    ]
    lines += [f"  {month[5:]}/{month[:4]}  {n:>6}" for month, n in statement.by_month.items()]
    lines += ["", "Par pharmacien :"]
    width = max([len(k) for k in statement.by_pharmacist] + [10])
    lines += [f"  {name:<{width}}  {n:>6}" for name, n in statement.by_pharmacist.items()] or ["  (aucun)"]
    return "\n".join(lines)


def _run_year(args: argparse.Namespace, ledger: Any) -> None:
    if args.csv:
        sys.stdout.write(ledger.export_year_csv(args.year))
        return
    statement = ledger.year_statement(args.year)
    if args.json:
        print(json.dumps(statement.as_json(), ensure_ascii=False, indent=2))
        return
    print(format_year_table(statement))
    if ledger.waiting:  # with --json/--csv, run() already says it on stderr
        print(f"\nAttention : {ledger.waiting} écriture(s) du registre en attente de la base.")


def run(args: argparse.Namespace, settings: Any) -> int:
    from dmp_desktop.domain.errors import DomainError
    from dmp_desktop.storage import open_ledger

    month = args.month or datetime.now().strftime("%Y-%m")
    from dmp_desktop.app import reconcile_journal

    reconcile_journal(settings)  # a creation left pending by a crash is settled before it is listed
    try:
        ledger = open_ledger(
            settings.database_url, spool_dir=settings.data_dir, workstation=settings.workstation
        )
    except DomainError as error:
        print(f"dmp-desktop ledger: base de données inutilisable / database unusable: {error}", file=sys.stderr)
        return EXIT_DB
    try:
        if getattr(args, "year", None) is not None:
            _run_year(args, ledger)
        elif args.csv:
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
