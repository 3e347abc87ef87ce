"""The data the four steps exchange: pharmacist, consent, account request, DMP answers, creation, receipt."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from dmp_desktop.domain.identity import Beneficiary, Ins


@dataclass(frozen=True)
class Pharmacist:
    """The professional creating the DMP (CPS holder or authenticated by the host software, mode AIR)."""

    rpps: str
    first_name: str
    last_name: str
    profession: str = "21"  # pharmacien
    sector: str = "SA33"  # pharmacie d'officine
    national_id: str = ""  # as on the card (8 + RPPS, or a CPE's identifier); empty: 8 + rpps
    specialty: str = ""  # the role's second value in the VIHF (code system specialty_system)
    specialty_system: str = ""
    card_type: str = ""  # CPS | CPE | CPF when the identity comes from the card; empty otherwise

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name.upper()}".strip()

    @property
    def subject_id(self) -> str:
        """The national professional identifier as the VIHF subject-id expects it (8 + RPPS)."""
        if self.national_id:
            return self.national_id
        return self.rpps if self.rpps.startswith("8") and len(self.rpps) == 12 else f"8{self.rpps}"


@dataclass(frozen=True)
class Pharmacy:
    name: str
    number: str  # FINESS / Assurance Maladie number of the officine
    structure_id: str = ""  # Identifiant_Structure of the VIHF (defaults to 3 + FINESS)
    workstation: str = ""

    @property
    def vihf_structure_id(self) -> str:
        return self.structure_id or f"3{self.number}"


@dataclass(frozen=True)
class Consent:
    """Step 3: oral consent (mandatory) and the patient's yes/no to emergency access (no default)."""

    oral_consent: bool
    emergency_access: bool | None

    @property
    def complete(self) -> bool:
        return self.oral_consent and self.emergency_access is not None


class Channel(enum.Enum):
    """Where the web account's one-time codes go."""

    SMS = "SMS"
    EMAIL = "EMAIL"


@dataclass(frozen=True)
class AccountRequest:
    """Step 4: the patient wants a web account; at least one of the normalized contacts is set."""

    email: str | None = None
    mobile: str | None = None  # E.164, e.g. +33612345678

    @property
    def channels(self) -> list[tuple[Channel, str]]:
        out: list[tuple[Channel, str]] = []
        if self.mobile:
            out.append((Channel.SMS, self.mobile))
        if self.email:
            out.append((Channel.EMAIL, self.email))
        return out


class DmpStatus(enum.Enum):
    """Result of the existence test TD0.2."""

    NOT_FOUND = "not_found"
    EXISTS = "exists"
    CLOSED = "closed"


@dataclass(frozen=True)
class ExistenceResult:
    status: DmpStatus
    pharmacist_authorised: bool | None = None
    web_account_open: bool | None = None


@dataclass(frozen=True)
class WebAccount:
    """Login and temporary password from TD1.5a. The password lives in memory only (never logged)."""

    login: str
    temporary_password: str = field(repr=False)
    channels: tuple[Channel, ...] = ()

    def __repr__(self) -> str:  # keep the password out of tracebacks and logs
        return f"WebAccount(login={self.login!r}, channels={self.channels!r})"


class CreationState(enum.Enum):
    """Journal states of a creation (written before the service is called)."""

    PENDING = "pending"
    CREATED = "created"
    ALREADY_EXISTED = "already_existed"
    REFUSED = "refused"
    FAILED = "failed"


@dataclass(frozen=True)
class CreationRecord:
    """What the journal stores about one creation attempt (never the password)."""

    at: datetime
    workstation: str
    pharmacist_rpps: str
    pharmacist_name: str
    ins: Ins
    consent: Consent
    channels: tuple[Channel, ...] = ()


@dataclass(frozen=True)
class LedgerStatement:
    """Counts of DMP created (1 € each) for one month."""

    month: str  # YYYY-MM
    count: int
    amount_eur: float
    by_pharmacist: dict[str, int]
    by_workstation: dict[str, int]

    def as_json(self) -> dict[str, object]:
        return {
            "month": self.month,
            "count": self.count,
            "amount_eur": self.amount_eur,
            "by_pharmacist": dict(self.by_pharmacist),
            "by_workstation": dict(self.by_workstation),
        }


class ReceiptFormat(enum.Enum):
    A4 = "a4"
    TICKET80 = "ticket80"


@dataclass(frozen=True)
class ReceiptData:
    """Everything printed on the accusé de création."""

    beneficiary: Beneficiary
    ins: Ins
    created_at: datetime
    pharmacist: Pharmacist
    pharmacy: Pharmacy
    consent: Consent
    account: WebAccount | None = None
    email: str | None = None
    mobile: str | None = None
    training: bool = False


@dataclass(frozen=True)
class PrintResult:
    printed: bool
    printer: str | None
    job_id: str | None = None
