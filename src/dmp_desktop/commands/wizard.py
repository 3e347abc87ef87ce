"""`dmp-desktop wizard [--context CONTEXT.json] [--result RESULT.json]`: one visit launched by the host."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# One exit code per status class (docs/ui.md); 0 = created.
EXIT_CODES = {
    "created": 0,
    "error": 1,
    "already_exists": 10,
    "closed": 11,
    "refused": 12,
    "cancelled": 20,
}
EXIT_USAGE = 2  # the context file is unreadable or invalid: nothing was shown
EXIT_NO_DISPLAY = 69

CONTEXT_KEYS = {"pharmacist", "workstation", "expected_nir"}
PHARMACIST_KEYS = {"rpps", "first_name", "last_name"}


class ContextError(ValueError):
    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "wizard",
        help="assistant pour un patient, lancé par le logiciel métier / one-visit wizard for the host software",
        description="Ouvre l'assistant pour un patient avec le contexte du logiciel métier ; à la fermeture, "
        "écrit le résultat (JSON) et sort avec un code par statut.",
    )
    parser.add_argument("--context", metavar="CONTEXT.json", help="pharmacien, poste, NIR attendu du patient")
    parser.add_argument("--result", metavar="RESULT.json", help="où écrire le résultat à la fermeture")
    parser.set_defaults(func=run)


def load_context(path: str | None) -> dict[str, Any]:
    """Parse and check the context file; unknown keys and wrong types are errors naming the field."""
    if not path:
        return {}
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ContextError("context", f"cannot read {path}: {exc.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ContextError("context", f"not JSON: {exc}") from None
    if not isinstance(raw, dict):
        raise ContextError("context", "must be a JSON object")
    for key in raw:
        if key not in CONTEXT_KEYS:
            raise ContextError(key, "unknown key")
    pharmacist = raw.get("pharmacist")
    if pharmacist is not None:
        if not isinstance(pharmacist, dict):
            raise ContextError("pharmacist", "must be an object")
        for key, value in pharmacist.items():
            if key not in PHARMACIST_KEYS:
                raise ContextError(f"pharmacist.{key}", "unknown key")
            if not isinstance(value, str) or not value.strip():
                raise ContextError(f"pharmacist.{key}", "must be a non-empty string")
        rpps = pharmacist.get("rpps")
        if rpps is not None and not (rpps.isdigit() and len(rpps) == 11):
            raise ContextError("pharmacist.rpps", "must be 11 digits")
    for key in ("workstation", "expected_nir"):
        if key in raw and (not isinstance(raw[key], str) or not raw[key].strip()):
            raise ContextError(key, "must be a non-empty string")
    if "expected_nir" in raw:
        from dmp_desktop.domain.identity import is_valid_nir

        if not is_valid_nir(raw["expected_nir"]):
            raise ContextError("expected_nir", "not a valid NIR (15 characters, key included)")
    return raw


def result_json(result: Any) -> dict[str, Any]:
    """The host contract's result (never the temporary password): see docs/ui.md."""
    from dmp_desktop.ui.messages import message

    outcome = result.outcome
    status = outcome.value if outcome is not None else "cancelled"
    report = result.report
    error = None
    if result.error is not None and status in ("error", "refused", "closed", "already_exists"):
        error = {"code": result.error.value, "message": message(result.error).text}
    ins = result.ins
    account = None
    if report is not None and report.account is not None:
        account = {"login": report.account.login, "channels": [c.value for c in report.channels]}
    printed = bool(report is not None and report.printed)
    printer = report.print_result.printer if report is not None and report.print_result is not None else None
    return {
        "status": status,
        "error": error,
        "ins": {"type": ins.type.value, "value": ins.value} if ins is not None else None,
        "account": account,
        "receipt": {"printed": printed, "printer": printer, "file": None},
        "creation_id": report.creation_id if report is not None else None,
    }


def write_result(path: str | None, data: dict[str, Any]) -> None:
    if not path:
        print(json.dumps(data, ensure_ascii=False))
        return
    target = Path(path)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(target)  # the host never reads a half-written file


def run(args: argparse.Namespace, settings: Any) -> int:
    try:
        context = load_context(args.context)
    except ContextError as exc:
        print(f"dmp-desktop wizard: contexte invalide / invalid context: {exc}", file=sys.stderr)
        write_result(args.result, {
            "status": "error", "error": {"code": "request_invalid", "message": str(exc), "field": exc.field},
            "ins": None, "account": None, "receipt": {"printed": False, "printer": None, "file": None},
            "creation_id": None,
        })
        return EXIT_USAGE
    from dmp_desktop.app import build_ui_services
    from dmp_desktop.ui import run as run_ui

    services = build_ui_services(settings)
    try:
        result = run_ui(services, context=context)
    except RuntimeError as exc:
        print(f"dmp-desktop wizard: {exc}", file=sys.stderr)
        return EXIT_NO_DISPLAY
    data = result_json(result)
    write_result(args.result, data)
    return EXIT_CODES.get(data["status"], 1)
