"""What a creation asks for and how it ended: shared by the wizard, the use-cases and the headless command."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import datetime

from dmp_desktop.domain.errors import DomainError, ErrorCode, WarningCode
from dmp_desktop.domain.identity import Beneficiary, Ins
from dmp_desktop.domain.model import AccountRequest, Channel, Consent, DmpStatus, PrintResult, WebAccount


class Outcome(enum.Enum):
    """How a patient's visit ended. The values are the `status` of the host contract (docs/pos-contract.md)."""

    CREATED = "created"
    # TD1.1 went unanswered and TD0.2 could not confirm it in time: the journal keeps it pending, checked again
    PENDING = "pending"
    ALREADY_EXISTS = "already_exists"
    CLOSED = "closed"
    REFUSED = "refused"  # creation by professionals closed (DMPAccessDeniedByRightsService)
    ERROR = "error"
    CANCELLED = "cancelled"  # the wizard only: the pharmacist cancelled before anything was created


# The service's answers that end a visit with nothing to create, whichever transaction (TD0.2 or TD1.1) gave them.
_ENDING_CODES = {
    ErrorCode.DMP_FOUND: Outcome.ALREADY_EXISTS,
    ErrorCode.DMP_CLOSED: Outcome.CLOSED,
    ErrorCode.DMP_CREATION_REFUSED: Outcome.REFUSED,
}
_ENDING_STATUS = {DmpStatus.EXISTS: Outcome.ALREADY_EXISTS, DmpStatus.CLOSED: Outcome.CLOSED}


def existence_ending(status: DmpStatus) -> Outcome | None:
    """How TD0.2's answer ends the visit; None: no DMP yet, go on to the consent and the creation."""
    return _ENDING_STATUS.get(status)


def service_ending(code: ErrorCode) -> Outcome | None:
    """The visit's end when the service refused with `code`; None: an error (the same call may be retried)."""
    return _ENDING_CODES.get(code)


class Stage(enum.Enum):
    """Progress of a creation, in order (the wizard's progress page shows the current one)."""

    RECORDING = "recording"  # pending journal entry, before TD1.1
    CREATING = "creating"  # TD1.1
    CONFIRMING = "confirming"  # TD0.2 after an unanswered TD1.1, or after DMPFound on a retried creation
    OPENING_ACCOUNT = "opening_account"  # TD1.5a (+ TD1.5b)
    RENDERING = "rendering"  # the accusé PDF, in memory
    PRINTING = "printing"


@dataclass(frozen=True)
class CreationOrder:
    """Everything the pharmacist decided: who, consent, web account. `previous_creation_id` marks a retry."""

    beneficiary: Beneficiary
    ins: Ins
    consent: Consent
    account: AccountRequest | None = None
    previous_creation_id: str | None = None


@dataclass(frozen=True)
class CreationReport:
    """The result of a creation (and of later account/print retries). Holds the accusé bytes in memory."""

    outcome: Outcome
    order: CreationOrder
    creation_id: str | None = None
    created_at: datetime | None = None
    error: ErrorCode | None = None  # why nothing was created (outcome ERROR) or the service's refusal code
    account: WebAccount | None = None
    account_error: ErrorCode | None = None  # DMP created but the web account failed: retry the account
    channels: tuple[Channel, ...] = ()
    pdf: bytes | None = field(default=None, repr=False)  # may hold the temporary password: never on disk
    print_result: PrintResult | None = None
    print_error: ErrorCode | None = None
    warnings: tuple[WarningCode, ...] = ()  # the ledger could not store everything: the counter goes on

    @property
    def created(self) -> bool:
        return self.outcome is Outcome.CREATED

    @property
    def account_pending(self) -> bool:
        """The patient asked for an account that is not (fully) open yet: no login, or a channel missing."""
        if not self.created or self.order.account is None:
            return False
        wanted = {channel for channel, _ in self.order.account.channels}
        return self.account is None or not wanted <= set(self.channels)

    @property
    def printed(self) -> bool:
        return self.print_result is not None and self.print_result.printed

    def forget_secrets(self) -> CreationReport:
        """A copy without the temporary password nor the PDF that carries it (for results kept longer)."""
        account = WebAccount(self.account.login, "", self.account.channels) if self.account else None
        return replace(self, account=account, pdf=None)


@dataclass(frozen=True)
class VisitResult:
    """How one patient's visit ended: what the host's result (docs/pos-contract.md) is made of. `error` says why
    nothing was created (with the field and detail for the host when it is a DomainError)."""

    outcome: Outcome
    ins: Ins | None = None
    error: DomainError | ErrorCode | None = None
    report: CreationReport | None = None
