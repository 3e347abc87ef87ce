"""`dmp-desktop reconcile`: settle the journal's pending creations with TD0.2, and nothing else."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

EXIT_OK = 0
EXIT_PENDING = 5  # some creations are still unconfirmed (the same figure as the host contract's `pending`)
EXIT_UNAVAILABLE = 69  # EX_UNAVAILABLE, as `ledger`: the journal or the service could not be opened


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "reconcile",
        help="vérifier les créations non confirmées / settle unconfirmed creations",
        description=(
            "Pour chaque création restée « en attente » dans le registre (TD1.1 sans réponse, arrêt brutal), "
            "demande au service DMP (TD0.2) si le DMP existe : oui → créé et compté, non (après un délai "
            "de 10 minutes) → échec, pas de réponse → reste en attente. Les autres commandes le font aussi "
            "avant d’ouvrir le registre."
        ),
    )
    parser.add_argument("--seconds", type=float, default=None, metavar="S",
                        help="temps maximal (par défaut 15 s) / time budget")
    parser.add_argument("--json", action="store_true", help="le résultat en JSON sur la sortie standard")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Any) -> int:
    from dmp_desktop.app import RECONCILE_SECONDS, open_services, reconcile_now
    from dmp_desktop.domain.errors import DomainError
    from dmp_desktop.domain.model import CreationState

    budget = RECONCILE_SECONDS if args.seconds is None else max(0.0, args.seconds)
    try:
        with open_services(settings, reconcile=False) as services:
            settled = reconcile_now(services, budget)
    except DomainError as exc:
        print(f"dmp-desktop reconcile: {exc.code.value}: {exc.detail}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    left = sum(1 for _, state in settled if state is CreationState.PENDING)
    if args.json:
        rows = [{"creation_id": cid, "state": state.value} for cid, state in settled]
        print(json.dumps({"entries": rows, "pending": left}, ensure_ascii=False, indent=2))
    elif not settled:
        print("Aucune création en attente.")
    else:
        words = {CreationState.CREATED: "créée (comptée)", CreationState.FAILED: "non créée",
                 CreationState.PENDING: "toujours en attente"}
        for cid, state in settled:
            print(f"{cid} : {words.get(state, state.value)}")
    return EXIT_PENDING if left else EXIT_OK
