"""The data the four steps exchange: pharmacist, consent, account request, DMP answers, creation, receipt."""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from dmp_desktop.domain.identity import Beneficiary, Ins, InsType, Quality


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
    number: str  # FINESS of the officine
    structure_id: str = ""  # Identifiant_Structure of the VIHF with its type prefix (defaults to 1 + FINESS)
    workstation: str = ""

    @property
    def vihf_structure_id(self) -> str:
        """The type prefix of the IGC-Santé nomenclature: 1 FINESS (an officine's usual identifier), 3 SIRET,
        4 RPPS rang; set `structure_id` for anything but the FINESS."""
        return self.structure_id or f"1{self.number}"


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
class JournalPatient:
    """What the journal keeps of the patient to list a creation and reprint its plain accusé: the names and
    the birth date as on the card (YYYYMMDD, lunar dates kept), the sex when the card's NIR gives it. No NIR
    (the INS is kept beside it), no contact (the plain accusé shows none)."""

    last_name: str = ""  # usage name (nom d'usage)
    first_name: str = ""
    birth_date: str = ""  # YYYYMMDD exactly as on the card; "" when unknown (entries older than the history)
    birth_name: str = ""  # printed on the accusé when it differs from the usage name
    sex: str = ""  # "M", "F" or "" (unknown)

    @classmethod
    def of(cls, beneficiary: Beneficiary) -> JournalPatient:
        return cls(beneficiary.surname, beneficiary.first_name, beneficiary.birth_date,
                   beneficiary.birth_name, beneficiary.sex)

    @property
    def known(self) -> bool:
        return bool(self.last_name or self.first_name)

    @property
    def birth_date_iso(self) -> str | None:
        """YYYY-MM-DD from the card's digits, no calendar check: a lunar 19800000 gives 1980-00-00."""
        d = self.birth_date
        return f"{d[0:4]}-{d[4:6]}-{d[6:8]}" if len(d) == 8 else None

    @property
    def birth_date_display(self) -> str:
        """DD/MM/YYYY as on the card (00/00/1980 stays); "" when unknown."""
        d = self.birth_date
        return f"{d[6:8]}/{d[4:6]}/{d[0:4]}" if len(d) == 8 else d

    @property
    def display_name(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}".strip()

    @property
    def search_key(self) -> str:
        """The names folded for a search that ignores case and accents (see fold_search)."""
        return fold_search(" ".join(n for n in (self.last_name, self.birth_name, self.first_name) if n))


def fold_search(text: str) -> str:
    """Upper case, no accents (é→E, œ→OE), anything but letters and digits as one space: « Hélène d'Orléans »
    and « HELENE D ORLEANS » fold alike, on SQLite and PostgreSQL without a collation or extension."""
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae")
                                       .replace("Æ", "AE").replace("ß", "ss"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).upper()
    return " ".join("".join(c if c.isascii() and c.isalnum() else " " for c in bare).split())


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
    patient: JournalPatient = JournalPatient()  # the flow fills it: JournalPatient.of(order.beneficiary)


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


@dataclass(frozen=True)
class HistoryEntry:
    """One journal entry as the history lists it and a reprint needs it (never a password)."""

    creation_id: str
    at: datetime  # when the attempt was journaled (before TD1.1), aware UTC
    state: CreationState
    workstation: str
    pharmacist_rpps: str
    pharmacist_name: str
    ins: Ins
    consent: Consent
    patient: JournalPatient
    channels: tuple[Channel, ...] = ()  # the account's channels the patient asked for
    account_channels: tuple[Channel, ...] | None = None  # opened by the service; None: no account opened
    receipt_printed_at: datetime | None = None
    created_at: datetime | None = None  # when the entry became `created` (the accusé's date and time)
    detail: str = ""

    @property
    def account_requested(self) -> bool:
        return bool(self.channels)

    @property
    def account(self) -> bool:
        """A web account was opened for this creation."""
        return self.account_channels is not None

    @property
    def printed(self) -> bool:
        return self.receipt_printed_at is not None

    def beneficiary(self) -> Beneficiary:
        """The accusé's holder rebuilt from the journal. The journal keeps no NIR: an INS-NIR is the
        beneficiary's certified NIR; for an INS-C only the NIR's first digit (the sex) is set."""
        p = self.patient
        certified = self.ins.value if self.ins.type is InsType.INS_NIR else None
        sex_digit = {"M": "1", "F": "2"}.get(p.sex, "")
        return Beneficiary(0, p.last_name, p.first_name, p.birth_date, sex_digit, p.birth_name, 1,
                           Quality.ASSURE, certified_nir=certified)

    def pharmacist(self) -> Pharmacist:
        """The creating pharmacist as printed (the journal keeps the display name, « Anne LEROY »)."""
        return Pharmacist(rpps=self.pharmacist_rpps, first_name=self.pharmacist_name, last_name="")

    def receipt_data(self, pharmacy: Pharmacy, *, account: WebAccount | None = None,
                     training: bool = False, issued_at: datetime | None = None) -> ReceiptData:
        """The accusé of this creation: plain, or with the new credentials of a TD1.5d."""
        return ReceiptData(
            beneficiary=self.beneficiary(),
            ins=self.ins,
            created_at=self.created_at or self.at,
            pharmacist=self.pharmacist(),
            pharmacy=pharmacy,
            consent=self.consent,
            account=account,
            training=training,
            issued_at=issued_at,
        )


class ReprintKind(enum.Enum):
    """What a reprint from the history put on paper (journaled as a `reprint` event)."""

    PLAIN = "plain"  # the accusé without credentials, rebuilt from the journal
    NEW_CREDENTIALS = "new_credentials"  # the accusé with a new temporary password (TD1.5d)


@dataclass(frozen=True)
class YearStatement:
    """The ROSP year: DMP created (1 € each) in one calendar year of the counter's local time."""

    year: int
    count: int
    amount_eur: float
    by_pharmacist: dict[str, int]  # "<RPPS> <name>" → count
    by_month: dict[str, int]  # the twelve "YYYY-MM" of the year → count (0 included)

    def as_json(self) -> dict[str, object]:
        return {
            "year": self.year,
            "count": self.count,
            "amount_eur": self.amount_eur,
            "by_pharmacist": dict(self.by_pharmacist),
            "by_month": dict(self.by_month),
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
    # A reprint of the plain accusé for a creation that opened a web account: the paper says an account
    # exists (its credentials are not reprinted) instead of « no account was opened ».
    account_opened_earlier: bool = False
    # How the service confirms the creation to the patient: "email" when TD1.1 carried an address, else
    # "courrier" (the postal address the insurer holds); "" = not known (a reprint: the journal keeps no contact).
    confirmation: str = ""
    # When this paper is printed, if not at the creation (a reprint from the history); None: at the creation.
    issued_at: datetime | None = None

    @property
    def confirmation_by(self) -> str:
        """"email", "courrier" or "" (not known): what the accusé tells the patient to expect. An accepted e-mail
        channel means TD1.1 carried that address."""
        return self.confirmation or ("email" if self.email else "")


@dataclass(frozen=True)
class PrintResult:
    printed: bool
    printer: str | None
    job_id: str | None = None
