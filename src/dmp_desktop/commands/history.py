"""`dmp-desktop history`: the creations journaled, newest first, as a French table or JSON lines."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dmp_desktop.domain.model import HistoryEntry

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_DB = 69  # EX_UNAVAILABLE, as `ledger`: the database could not be read

STATUS_FR = {
    "created": "créé",
    "pending": "en attente",
    "failed": "échec",
    "already_existed": "existait déjà",
    "refused": "refusé",
}


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # fromisoformat alone also takes 20190314 and week dates


def iso_date(value: str) -> date:
    try:
        if _DATE.match(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"date invalide / invalid date: {value!r} (attendu / expected YYYY-MM-DD)")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "history",
        help="historique des créations de DMP / history of DMP creations",
        description="Les créations de DMP du registre, les plus récentes d’abord. Contrat : docs/history.md.",
    )
    parser.add_argument("--since", type=iso_date, metavar="YYYY-MM-DD", help="à partir de ce jour (inclus)")
    parser.add_argument("--until", type=iso_date, metavar="YYYY-MM-DD", help="jusqu’à ce jour (inclus)")
    parser.add_argument("--patient", default="", metavar="TEXT", help="nom ou prénom (majuscules, accents ignorés)")
    parser.add_argument("--json", action="store_true", help="une ligne JSON par création")
    parser.set_defaults(func=run)


def entry_json(entry: HistoryEntry) -> dict[str, object]:
    """One JSON line; the keys are a promise to integrators (docs/history.md)."""
    p = entry.patient
    return {
        "creation_id": entry.creation_id,
        "created_at": entry.at.isoformat(timespec="seconds"),
        "patient": (
            {"last_name": p.last_name, "first_name": p.first_name, "birth_date": p.birth_date_iso}
            if p.known else None
        ),
        "ins_type": entry.ins.type.value,
        "pharmacist": {"rpps": entry.pharmacist_rpps, "name": entry.pharmacist_name},
        "workstation": entry.workstation,
        "account": entry.account,
        "printed": entry.printed,
        "status": entry.state.value,
    }


def local_time(at: datetime) -> str:
    """dd/mm/yyyy hh:mm on the counter's clock."""
    return at.astimezone().strftime("%d/%m/%Y %H:%M")


def _account(entry: HistoryEntry) -> str:
    if entry.account:
        return "oui"
    return "non (demandé)" if entry.account_requested else "non"


def format_table(entries: list[HistoryEntry]) -> str:
    header = ("Date", "Patient", "Né(e) le", "INS", "Pharmacien", "Poste", "Compte", "Accusé", "Statut", "N°")
    rows = [
        (
            local_time(e.at),
            e.patient.display_name or "(inconnu)",
            e.patient.birth_date_display,
            e.ins.type.value,
            e.pharmacist_name,
            e.workstation,
            _account(e),
            "imprimé" if e.printed else "non imprimé",
            STATUS_FR.get(e.state.value, e.state.value),
            e.creation_id,
        )
        for e in entries
    ]
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    lines = ["  ".join(f"{cell:<{w}}" for cell, w in zip(r, widths, strict=True)).rstrip() for r in (header, *rows)]
    lines.append("")
    lines.append(f"{len(entries)} création(s)" if entries else "Aucune création pour ces critères.")
    return "\n".join(lines)


def run(args: argparse.Namespace, settings: Any) -> int:
    from dmp_desktop.domain.errors import DomainError, ErrorCode
    from dmp_desktop.storage import open_ledger

    if args.since and args.until and args.since > args.until:
        print("dmp-desktop history: --since est après --until / --since is after --until", file=sys.stderr)
        return EXIT_USAGE
    from dmp_desktop.app import reconcile_journal

    reconcile_journal(settings)  # a creation left pending by a crash is settled before it is listed
    try:
        ledger = open_ledger(settings.database_url, spool_dir=settings.data_dir, workstation=settings.workstation)
    except DomainError as error:
        print(f"dmp-desktop history: base de données inutilisable / database unusable: {error}", file=sys.stderr)
        return EXIT_DB
    try:
        entries = ledger.history(since=args.since, until=args.until, patient=args.patient)
        if args.json:
            for entry in entries:
                print(json.dumps(entry_json(entry), ensure_ascii=False))
        else:
            print(format_table(entries))
        if ledger.waiting:
            print(f"dmp-desktop history: {ledger.waiting} écriture(s) du registre en attente de la base : "
                  "la liste peut être incomplète / entries waiting for the database", file=sys.stderr)
    except DomainError as error:
        if error.code is ErrorCode.REQUEST_INVALID:
            print(f"dmp-desktop history: {error.detail}", file=sys.stderr)
            return EXIT_USAGE
        print(f"dmp-desktop history: base de données indisponible / database unavailable: {error}", file=sys.stderr)
        return EXIT_DB
    finally:
        ledger.close()
    return EXIT_OK
