"""`dmp-desktop create`: the whole creation without a window, for hosts that ask the questions themselves."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.flow.headless import create_headless
from dmp_desktop.flow.outcomes import CreationReport, Outcome, VisitResult
from dmp_desktop.pos.exitcodes import USAGE

if TYPE_CHECKING:
    from dmp_desktop.domain.identity import Ins
    from dmp_desktop.domain.model import Pharmacist
    from dmp_desktop.flow.usecases import CounterServices
    from dmp_desktop.pos.request import HostRequest
    from dmp_desktop.pos.result import HostResult
    from dmp_desktop.settings import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "create",
        help="créer un DMP sans fenêtre (logiciel de la pharmacie) / headless DMP creation",
        description=(
            "Lit la carte Vitale, teste l’existence du DMP (TD0.2), le crée (TD1.1), ouvre le compte patient "
            "(TD1.5a/b), enregistre le registre et imprime l’accusé. Contrat : docs/pos-contract.md."
        ),
    )
    parser.add_argument("--request", required=True, metavar="REQUEST.json", help="la demande (- : entrée standard)")
    parser.add_argument("--receipt-out", metavar="FILE.pdf", help="écrire l’accusé dans ce fichier au lieu d’imprimer")
    parser.add_argument("--json", action="store_true", help="le résultat en JSON sur la sortie standard")
    parser.add_argument(
        "--pin-stdin", action="store_true",
        help="lire le code PIN de la carte CPS/CPE sur l’entrée standard (une ligne) : mode DIRECTE",
    )
    parser.set_defaults(func=run)


@contextlib.contextmanager
def open_counter(settings: Settings, pharmacist: Pharmacist | None = None, workstation: str | None = None,
                 *, pin: str | None = None, situation: str | None = None) -> Iterator[CounterServices]:
    """The CounterServices over the real adapters of `settings` (app.open_services), closed on exit; in mode
    DIRECTE, connected as the holder of the card in the reader with `pin`, in `situation`."""
    from dmp_desktop.app import connected, open_services

    with open_services(settings, pharmacist=pharmacist, workstation=workstation) as services:
        yield connected(services, pin, situation)


def _read_pin() -> str:
    """One line of standard input, never echoed, logged or kept beyond the login."""
    line = sys.stdin.readline(64)
    return line.rstrip("\r\n")


def validate(text: str) -> HostRequest:
    """The request parsed, contacts normalized: DomainError naming the field otherwise (nothing sent)."""
    from dmp_desktop.domain.errors import DomainError
    from dmp_desktop.flow.validation import validate_email, validate_mobile
    from dmp_desktop.pos.request import parse_request

    request = parse_request(text)
    if request.account is None:
        return request
    email, mobile = request.account.email, request.account.mobile
    try:
        email = validate_email(email) if email else None
        mobile = validate_mobile(mobile) if mobile else None
    except DomainError as exc:
        field = f"account.{exc.field}"
        raise DomainError(exc.code, f"{field}: {exc.detail}", field=field) from None
    return replace(request, account=replace(request.account, email=email, mobile=mobile))


def host_result(visit: VisitResult, receipt_out: Path | None = None) -> HostResult:
    """The host's result of a visit, headless or through the wizard: same shape and exit codes for both.
    With `receipt_out` the accusé held in memory is written there."""
    from dmp_desktop.pos.result import HostResult, cancelled_result, error_result

    report = visit.report
    if report is not None and report.created:
        return _created(report, receipt_out)
    if visit.outcome is Outcome.CANCELLED:
        return replace(cancelled_result(), ins=visit.ins)
    error = visit.error or (report.error if report is not None else None)
    creation_id = report.creation_id if report is not None else None
    if visit.outcome is Outcome.PENDING:
        # Neither created nor failed: the host must not offer a new creation as if nothing happened.
        code = ErrorCode.DMP_CREATION_UNCONFIRMED
        return HostResult("pending", code.value, _message(code), ins=visit.ins, creation_id=creation_id)
    if error is None and visit.outcome in (Outcome.ALREADY_EXISTS, Outcome.CLOSED):
        return HostResult(visit.outcome.value, ins=visit.ins)
    if error is None:
        error = ErrorCode.DMP_CREATION_REFUSED if visit.outcome is Outcome.REFUSED else ErrorCode.INTERNAL
    return replace(error_result(error, visit.ins), creation_id=creation_id)


def _message(code: ErrorCode) -> str:
    from dmp_desktop.pos.messages import message

    return message(code)


def _created(report: CreationReport, receipt_out: Path | None) -> HostResult:
    from dmp_desktop.domain.errors import DomainError
    from dmp_desktop.pos.messages import message
    from dmp_desktop.pos.result import HostResult, account_fields

    file: str | None = None
    problem = report.account_error or report.print_error
    if receipt_out is not None and report.pdf is not None:
        from dmp_desktop.receipts import write_pdf_file

        try:
            if write_pdf_file(report.pdf, receipt_out):
                print(f"dmp-desktop create: attention : {receipt_out} existait, il est remplacé par l’accusé",
                      file=sys.stderr)
            file = str(receipt_out)
        except DomainError as exc:
            problem = problem or exc.code
    printed = report.print_result
    text = message(problem) if problem else None
    lost = report.account is not None and file is None and not (printed and printed.printed)
    if text and lost and report.creation_id:
        # The temporary password was on the accusé that did not come out: it exists nowhere now.
        text += (f" Le mot de passe provisoire n’a pas été imprimé : de nouveaux identifiants s’obtiennent avec "
                 f"« dmp-desktop reprint {report.creation_id} --new-credentials ».")
    return HostResult(
        "created",
        error_code=problem.value if problem else None,
        error_message=text,
        ins=report.order.ins,
        **account_fields(report.account),
        printed=bool(printed and printed.printed),
        printer=printed.printer if printed else None,
        file=file,
        creation_id=report.creation_id,
    )


def result_for_visit(outcome: Outcome | None, error: ErrorCode | None, ins: Ins | None,
                     report: CreationReport | None, receipt_file: Path | None = None) -> HostResult:
    """The host result of one wizard visit (for `wizard --result`); no outcome: the wizard was closed."""
    return host_result(VisitResult(outcome or Outcome.CANCELLED, ins, error, report), receipt_file)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from dmp_desktop.domain.errors import DomainError
    from dmp_desktop.pos.jsonio import read_document
    from dmp_desktop.pos.result import error_result

    if args.pin_stdin and args.request == "-":
        print("dmp-desktop create: --pin-stdin and --request - both read standard input: give the request as a file",
              file=sys.stderr)
        return USAGE
    pin = _read_pin() if args.pin_stdin else None
    try:
        request = validate(read_document(args.request, "the request"))
    except DomainError as exc:
        return _emit(args, error_result(exc))
    receipt_out = Path(args.receipt_out) if args.receipt_out else None
    if receipt_out is not None and not receipt_out.parent.is_dir():
        bad = DomainError(ErrorCode.REQUEST_INVALID, f"--receipt-out: no folder {receipt_out.parent}")
        return _emit(args, error_result(bad))
    if receipt_out is not None:
        from dmp_desktop.receipts import check_pdf_target

        try:
            check_pdf_target(receipt_out)  # before anything is sent: the accusé may hold a password
        except DomainError as exc:
            return _emit(args, error_result(exc))
    try:
        with open_counter(settings, request.pharmacist, pin=pin, situation=request.situation) as counter:
            result = answer(request, counter, receipt_out)
    except DomainError as exc:  # opening an adapter: certificate, keyring, card back-end, …
        result = error_result(exc)
    return _emit(args, result)


def answer(request: HostRequest, counter: CounterServices, receipt_out: Path | None = None) -> HostResult:
    """The headless use-case on a checked request, told as the host's result; the ledger's warnings go to
    stderr (the JSON on stdout keeps the documented shape)."""
    from dmp_desktop.pos.messages import warning_text

    visit = create_headless(
        counter, beneficiary=request.beneficiary, consent=request.consent, account=request.account,
        reader=request.reader, print_receipt=receipt_out is None,
    )
    for warning in visit.report.warnings if visit.report is not None else ():
        print(f"dmp-desktop create: attention : {warning_text(warning)}", file=sys.stderr)
    return host_result(visit, receipt_out)


def _emit(args: argparse.Namespace, result: HostResult) -> int:
    if args.json:
        print(result.dumps())
    else:
        print(summary(result))
    if result.error_code and not args.json:
        print(f"dmp-desktop create: {result.error_code}: {result.error_message}", file=sys.stderr)
    return result.exit_code


def summary(result: HostResult) -> str:
    """One French line for a person reading a terminal."""
    words = {
        "created": "DMP créé", "pending": "Création non confirmée, elle sera vérifiée",
        "already_exists": "Le patient a déjà un DMP", "closed": "DMP fermé",
        "refused": "Création refusée par le service", "error": "Échec",
    }
    parts = [words[result.status]]
    if result.ins:
        parts.append(f"{result.ins.type.value} {result.ins.value}")
    if result.login:
        parts.append(f"identifiant {result.login} ({', '.join(c.value for c in result.channels)})")
    if result.printed:
        parts.append(f"accusé imprimé sur {result.printer}")
    if result.file:
        parts.append(f"accusé : {result.file}")
    if result.error_code:
        parts.append(f"{result.error_code} : {result.error_message}")
    return " — ".join(parts)
