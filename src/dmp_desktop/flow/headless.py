"""The creation without a window (`dmp-desktop create`): the wizard's four steps in one call, with the host's
answers given up front and the same endings as the wizard (flow.outcomes)."""

from __future__ import annotations

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import Beneficiary, CardRead
from dmp_desktop.domain.model import AccountRequest, Consent, DmpStatus
from dmp_desktop.flow.outcomes import CreationOrder, Outcome, VisitResult, existence_ending, service_ending
from dmp_desktop.flow.usecases import CounterServices


def create_headless(
    counter: CounterServices,
    *,
    beneficiary: int,
    consent: Consent,
    account: AccountRequest | None,
    reader: str | None = None,
    print_receipt: bool = True,
) -> VisitResult:
    """Card → the chosen beneficiary's INS → TD0.2 → creation, web account and accusé (printed, or only rendered
    when `print_receipt` is False). Never raises a DomainError: the result says how the visit ended. Errors
    about the host's choice of beneficiary name the field `beneficiary`."""
    try:
        card = counter.read_card(reader)
    except DomainError as exc:
        return VisitResult(Outcome.ERROR, error=exc)
    try:
        chosen = _beneficiary(card, beneficiary)
        ins = chosen.require_ins(counter.environment)
    except DomainError as exc:
        return VisitResult(Outcome.ERROR, error=_about_beneficiary(exc))
    try:
        existence = counter.check_existence(ins)
    except DomainError as exc:
        return VisitResult(service_ending(exc.code) or Outcome.ERROR, ins, exc)
    ending = existence_ending(existence.status)
    if ending is not None:
        if existence.status is DmpStatus.EXISTS:
            counter.confirm_pending(ins)  # our earlier unanswered TD1.1 did create it: counted now
        return VisitResult(ending, ins)
    report = counter.create(CreationOrder(chosen, ins, consent, account), print_receipt=print_receipt,
                            check_printer=True)
    if report.created and report.pdf is None and report.print_error is None:
        # The account is not (fully) open and no window can retry it: the patient leaves with the plain accusé.
        report = counter.print_receipt(report) if print_receipt else counter.render_receipt(report)
    return VisitResult(report.outcome, ins, report.error, report)


def _beneficiary(card: CardRead, index: int) -> Beneficiary:
    for b in card.beneficiaries:
        if b.index == index:
            return b
    count = len(card.beneficiaries)
    raise DomainError(
        ErrorCode.BENEFICIARY_INDEX,
        f"{index} is out of range (the card holds {count} beneficiar{'y' if count == 1 else 'ies'}, "
        f"0 to {count - 1})",
    )


def _about_beneficiary(exc: DomainError) -> DomainError:
    return DomainError(exc.code, f"beneficiary: {exc.detail}", field="beneficiary")
