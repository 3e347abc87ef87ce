"""`dmp-desktop wizard [--context CONTEXT.json] [--result RESULT.json]`: one visit launched by the host."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_NO_DISPLAY = 69  # EX_UNAVAILABLE: no screen to show the wizard on


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "wizard",
        help="assistant pour un patient, lancé par le logiciel métier / one-visit wizard for the host software",
        description="Ouvre l’assistant pour un patient avec le contexte du logiciel métier ; à la fermeture, "
        "écrit le résultat (JSON, docs/pos-contract.md) et sort avec le code de son statut.",
    )
    parser.add_argument("--context", metavar="CONTEXT.json", help="pharmacien, poste, NIR attendu, lecteur")
    parser.add_argument("--result", metavar="RESULT.json", help="où écrire le résultat (sinon : stdout)")
    parser.set_defaults(func=run)


def _emit(path: str | None, result: Any) -> int:
    from dmp_desktop.pos.result import write_result

    if path:
        write_result(Path(path), result)
    else:
        print(result.dumps())
    return int(result.exit_code)


def run(args: argparse.Namespace, settings: Any) -> int:
    from dmp_desktop.domain.errors import DomainError, ErrorCode
    from dmp_desktop.pos.context import HostContext, parse_context
    from dmp_desktop.pos.result import error_result

    host = HostContext()
    if args.context:
        from dmp_desktop.pos.jsonio import read_document

        try:
            host = parse_context(read_document(args.context, "the context"))
        except DomainError as exc:  # names the field; nothing shown, nothing sent
            print(f"dmp-desktop wizard: {exc.detail}", file=sys.stderr)
            return _emit(args.result, error_result(exc))

    from dmp_desktop.app import build_ui_services
    from dmp_desktop.commands.create import result_for_visit
    from dmp_desktop.ui import NoDisplayError
    from dmp_desktop.ui import run as run_ui

    try:
        services = build_ui_services(settings, host)
    except DomainError as exc:  # the card reader's settings: the host learns why
        return _emit(args.result, error_result(exc))
    try:
        visit = run_ui(services)
    except NoDisplayError as exc:
        print(f"dmp-desktop wizard: {exc}", file=sys.stderr)
        services.close()
        return EXIT_NO_DISPLAY
    except DomainError as exc:  # the services of steps 2-4 (certificate, keyring, database…): shown, and told
        return _emit(args.result, error_result(exc))
    except Exception as exc:
        print(f"dmp-desktop wizard: {exc}", file=sys.stderr)
        return _emit(args.result, error_result(DomainError(ErrorCode.INTERNAL, type(exc).__name__)))
    return _emit(args.result, result_for_visit(visit.outcome, visit.error, visit.ins, visit.report))
