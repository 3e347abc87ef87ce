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

if TYPE_CHECKING:
    from dmp_desktop.domain.identity import Ins
    from dmp_desktop.domain.model import Pharmacist
    from dmp_desktop.flow.outcomes import CreationReport, Outcome
    from dmp_desktop.flow.usecases import Counter
    from dmp_desktop.pos.request import HostRequest
    from dmp_desktop.pos.result import HostResult
    from dmp_desktop.settings import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "create",
        help="créer un DMP sans fenêtre (logiciel de la pharmacie) / headless DMP creation",
        description=(
            "Lit la carte Vitale, teste l'existence du DMP (TD0.2), le crée (TD1.1), ouvre le compte patient "
            "(TD1.5a/b), enregistre le registre et imprime l'accusé. Contrat : docs/pos-contract.md."
        ),
    )
    parser.add_argument("--request", required=True, metavar="REQUEST.json", help="la demande (- : entrée standard)")
    parser.add_argument("--receipt-out", metavar="FILE.pdf", help="écrire l'accusé dans ce fichier au lieu d'imprimer")
    parser.add_argument("--json", action="store_true", help="le résultat en JSON sur la sortie standard")
    parser.set_defaults(func=run)


@contextlib.contextmanager
def open_counter(settings: Settings, pharmacist: Pharmacist | None = None,
                 workstation: str | None = None) -> Iterator[Counter]:
    """The Counter over the real adapters of `settings` (app.open_services), closed on exit."""
    from dmp_desktop.app import open_services

    with open_services(settings, pharmacist=pharmacist, workstation=workstation) as services:
        yield services.counter


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


def create_headless(request: HostRequest, counter: Counter, receipt_out: Path | None = None) -> HostResult:
    """Card → beneficiary checks → TD0.2 → creation → accusé (printed, or written to `receipt_out`)."""
    from dmp_desktop.domain.errors import DomainError
    from dmp_desktop.domain.model import DmpStatus
    from dmp_desktop.flow.outcomes import CreationOrder
    from dmp_desktop.pos.result import HostResult, error_result

    try:
        card = counter.read_card(request.reader)
    except DomainError as exc:
        return error_result(exc)
    found = [b for b in card.beneficiaries if b.index == request.beneficiary]
    if not found:
        count = len(card.beneficiaries)
        return error_result(DomainError(
            ErrorCode.BENEFICIARY_INDEX, f"beneficiary: {request.beneficiary} is out of range (the card holds "
            f"{count} beneficiar{'y' if count == 1 else 'ies'}, 0 to {count - 1})", field="beneficiary"))
    beneficiary = found[0]
    try:
        ins = beneficiary.require_ins(counter.environment)
    except DomainError as exc:
        return error_result(DomainError(exc.code, f"beneficiary: {exc.detail}", field="beneficiary"))
    try:
        existence = counter.check_existence(ins)
    except DomainError as exc:
        return error_result(exc, ins)
    if existence.status is DmpStatus.EXISTS:
        return HostResult("already_exists", ins=ins)
    if existence.status is DmpStatus.CLOSED:
        return HostResult("closed", ins=ins)
    order = CreationOrder(beneficiary, ins, request.consent, request.account)
    report = counter.create(order, print_receipt=receipt_out is None)
    if report.created and report.pdf is None and report.print_error is None:
        # Account not (fully) opened: no retry without a window, so the patient still gets an accusé.
        report = counter.render_receipt(report) if receipt_out else counter.print_receipt(report)
    return _result(report, receipt_out)


def _result(report: CreationReport, receipt_out: Path | None) -> HostResult:
    from dmp_desktop.domain.errors import DomainError
    from dmp_desktop.flow.outcomes import Outcome
    from dmp_desktop.pos.messages import message
    from dmp_desktop.pos.result import HostResult, account_fields, error_result

    ins = report.order.ins
    if report.outcome is not Outcome.CREATED:
        code = report.error or ErrorCode.INTERNAL
        return replace(error_result(code, ins), creation_id=report.creation_id)
    file: str | None = None
    problem = report.account_error or report.print_error
    if receipt_out is not None and report.pdf is not None:
        from dmp_desktop.receipts import write_pdf_file

        try:
            write_pdf_file(report.pdf, receipt_out)
            file = str(receipt_out)
        except DomainError as exc:
            problem = problem or exc.code
    printed = report.print_result
    return HostResult(
        "created",
        error_code=problem.value if problem else None,
        error_message=message(problem) if problem else None,
        ins=ins,
        **account_fields(report.account),
        printed=bool(printed and printed.printed),
        printer=printed.printer if printed else None,
        file=file,
        creation_id=report.creation_id,
    )


def result_for_visit(outcome: Outcome | None, error: ErrorCode | None, ins: Ins | None,
                     report: CreationReport | None, receipt_file: Path | None = None) -> HostResult:
    """The host result of one wizard visit (for `wizard --result`): same shape and exit codes as `create`."""
    from dmp_desktop.flow.outcomes import Outcome
    from dmp_desktop.pos.result import HostResult, cancelled_result, error_result

    if report is not None and report.outcome is Outcome.CREATED:
        return _result(report, receipt_file)
    if outcome is None or outcome is Outcome.CANCELLED:
        return replace(cancelled_result(), ins=ins)
    if outcome is Outcome.ALREADY_EXISTS:
        return HostResult("already_exists", ins=ins)
    if outcome is Outcome.CLOSED:
        return HostResult("closed", ins=ins)
    result = error_result(error or (ErrorCode.DMP_CREATION_REFUSED if outcome is Outcome.REFUSED
                                    else ErrorCode.INTERNAL), ins)
    return replace(result, creation_id=report.creation_id if report else None)


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    return Path(path).read_text(encoding="utf-8")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from dmp_desktop.domain.errors import DomainError
    from dmp_desktop.pos.result import error_result

    try:
        text = _read(args.request)
    except (OSError, UnicodeDecodeError) as exc:
        result = error_result(DomainError(ErrorCode.REQUEST_INVALID, f"cannot read the request: {exc}"))
        return _emit(args, result)
    try:
        request = validate(text)
    except DomainError as exc:
        return _emit(args, error_result(exc))
    receipt_out = Path(args.receipt_out) if args.receipt_out else None
    if receipt_out is not None and not receipt_out.parent.is_dir():
        bad = DomainError(ErrorCode.REQUEST_INVALID, f"--receipt-out: no folder {receipt_out.parent}")
        return _emit(args, error_result(bad))
    try:
        with open_counter(settings, request.pharmacist) as counter:
            result = create_headless(request, counter, receipt_out)
    except DomainError as exc:  # opening an adapter: certificate, keyring, card back-end, …
        result = error_result(exc)
    return _emit(args, result)


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
        "created": "DMP créé", "already_exists": "Le patient a déjà un DMP", "closed": "DMP fermé",
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
