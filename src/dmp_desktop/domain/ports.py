"""The ports: what flow and ui ask of the outside world. Adapters implement them; app.py wires them."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol

from dmp_desktop.domain.errors import WarningCode
from dmp_desktop.domain.identity import Beneficiary, CardRead, Ins
from dmp_desktop.domain.model import (
    AccountRequest,
    Channel,
    Consent,
    CreationRecord,
    CreationState,
    ExistenceResult,
    HistoryEntry,
    LedgerStatement,
    Pharmacist,
    PrintResult,
    ReceiptData,
    ReceiptFormat,
    ReprintKind,
    WebAccount,
    YearStatement,
)
from dmp_desktop.domain.professional import CardHolder, PinState, Situation


class CardEventKind(enum.Enum):
    SERVICE_DOWN = "service_down"
    SERVICE_UP = "service_up"
    READER_ADDED = "reader_added"
    READER_REMOVED = "reader_removed"
    CARD_INSERTED = "card_inserted"
    CARD_REMOVED = "card_removed"


@dataclass(frozen=True)
class CardEvent:
    kind: CardEventKind
    reader: str = ""
    atr: str = ""


class CardReader(Protocol):
    """PC/SC (or in-process) access to Vitale cards. Calls block: run them off the GUI thread."""

    def readers(self) -> list[str]: ...

    def read(self, reader: str | None = None, wait: float = 0.0) -> CardRead:
        """Read the first Vitale card (in `reader` if given), waiting up to `wait` seconds for one.
        Raises DomainError (PCSC_UNAVAILABLE, NO_READER, NO_CARD, CARD_REMOVED, CARD_UNKNOWN, ...)."""
        ...


class CardMonitor(Protocol):
    """Reader/card events, delivered on the monitor's own thread (the ui forwards them to a Qt signal)."""

    def start(self, callback: Callable[[CardEvent], None]) -> None: ...

    def stop(self) -> None: ...


class DmpService(Protocol):
    """The DMP service transactions. Non-OK answers raise DomainError with the mapped ErrorCode."""

    def test_existence(self, ins: Ins, pharmacist: Pharmacist) -> ExistenceResult: ...  # TD0.2

    def create(
        self,
        beneficiary: Beneficiary,
        ins: Ins,
        consent: Consent,
        pharmacist: Pharmacist,
        contacts: AccountRequest | None = None,
    ) -> None:
        """TD1.1. DMP_FOUND if it already exists, DMP_CREATION_REFUSED for DMPAccessDeniedByRightsService.
        `contacts`: the patient's e-mail and mobile, when given (the service confirms by e-mail, else by post)."""
        ...

    def open_web_account(self, ins: Ins, channel: Channel, contact: str, pharmacist: Pharmacist) -> WebAccount:
        ...  # TD1.5a

    def add_otp_channel(self, ins: Ins, channel: Channel, contact: str, pharmacist: Pharmacist) -> None:
        ...  # TD1.5b

    def reset_credentials(self, ins: Ins, pharmacist: Pharmacist) -> WebAccount: ...  # TD1.5d

    def authorize(self, ins: Ins, pharmacist: Pharmacist) -> None: ...  # TD0.3


class CreationLedger(Protocol):
    """The creation journal and the 1 € ledger. Writes never stop the counter: an adapter that cannot reach
    its database keeps them and says so through `warning`; one that raises DomainError loses the write."""

    def begin(self, record: CreationRecord) -> str:
        """Write a pending journal entry before the service is called; returns the creation id."""
        ...

    def set_state(self, creation_id: str, state: CreationState, detail: str = "") -> None: ...

    def mark_account_opened(self, creation_id: str, channels: tuple[Channel, ...]) -> None: ...

    def mark_receipt_printed(self, creation_id: str) -> None: ...

    def pending(self) -> list[tuple[str, Ins]]:
        """Entries left pending (crash, power cut): reconciled at start-up with TD0.2."""
        ...

    def statement(self, month: str) -> LedgerStatement: ...

    @property
    def warning(self) -> WarningCode | None:
        """Why journal writes wait outside the database (LEDGER_WAITING, LEDGER_IN_MEMORY); None when all
        are stored."""
        ...

    def history(self, *, since: date | None = None, until: date | None = None, patient: str = "",
                limit: int | None = None) -> list[HistoryEntry]:
        """Journal entries, newest first. `since`/`until`: inclusive dates of the counter's local calendar
        (as `month`); `patient`: words that must all appear in the names, case and accents ignored."""
        ...

    def year_statement(self, year: int) -> YearStatement:
        """The ROSP year: created DMP of the calendar year (local time), per pharmacist and per month."""
        ...

    def export_year_csv(self, year: int) -> str:
        """The declaration's list: one CSV line per paid creation of the year (the monthly export's columns)."""
        ...

    def record(self, creation_id: str) -> HistoryEntry | None:
        """One entry (for a reprint); None when the journal does not know the id."""
        ...

    def mark_credentials_reset(self, creation_id: str) -> None:
        """Journal that new temporary credentials were issued (TD1.5d); the password is never stored."""
        ...

    def mark_reprinted(self, creation_id: str, kind: ReprintKind, printed: bool) -> None:
        """Journal a reprint from the history; `printed` (handed to the spooler) also marks the accusé printed."""
        ...


class CardSession(Protocol):
    """A professional card after its PIN: keys that never leave the card, and what only the PIN unlocks.
    Calls block (PKCS#11): run them off the GUI thread. DomainError(CPS_REMOVED) once the card is pulled."""

    @property
    def holder(self) -> CardHolder: ...

    @property
    def situations(self) -> tuple[Situation, ...]: ...

    def authentication_certificate(self) -> bytes:
        """DER of the certificate of CPS_PRIV_AUT (TLS client authentication, mode DIRECTE)."""
        ...

    def signature_certificate(self) -> bytes:
        """DER of the certificate of CPS_PRIV_SIG (the optional VIHF signature)."""
        ...

    def sign_authentication(self, digest_info: bytes) -> bytes:
        """CKM_RSA_PKCS with CPS_PRIV_AUT: PKCS#1 v1.5 signature of an already hashed, DER DigestInfo."""
        ...

    def sign_signature(self, data: bytes, hash_name: str = "sha256") -> bytes:
        """CKM_SHA256_RSA_PKCS (or SHA1) with CPS_PRIV_SIG over `data`."""
        ...

    def is_present(self) -> bool: ...

    def close(self) -> None: ...


class ProfessionalCardReader(Protocol):
    """The reader of the pharmacist's CPS/CPE (PKCS#11 module, or the in-process training card)."""

    def holder(self) -> CardHolder:
        """The card's holder without a PIN. DomainError(CPS_MODULE_MISSING, CPS_MISSING, CPS_UNKNOWN, CPS_EXPIRED)."""
        ...

    def pin_state(self) -> PinState: ...

    def login(self, pin: str) -> CardSession:
        """C_Login. DomainError(CPS_PIN_INCORRECT, detail = tries left), CPS_PIN_LOCKED, CPS_REMOVED..."""
        ...


class DmpConnection(DmpService, Protocol):
    """The DMP service as one professional, over a connection of its own (kept alive): close it when done."""

    def close(self) -> None: ...


class DmpConnector(Protocol):
    """Opens the DMP service as a professional: mode DIRECTE with a card session and one of its situations;
    mode INDIRECTE (an establishment certificate pair) with `card` None."""

    def connect(self, card: CardSession | None, situation: Situation | None) -> DmpConnection: ...


class SecretStore(Protocol):
    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> None: ...


class ReceiptRenderer(Protocol):
    def render(self, data: ReceiptData, fmt: ReceiptFormat) -> bytes:
        """The accusé as PDF bytes, kept in memory (it may hold a temporary password)."""
        ...


class ReceiptPrinter(Protocol):
    def printers(self) -> list[str]: ...

    def default_printer(self) -> str | None: ...

    def print_pdf(self, pdf: bytes, fmt: ReceiptFormat, printer: str | None = None) -> PrintResult:
        """Hand the PDF to the OS spooler. Raises DomainError(PRINTER_*, PRINT_FAILED); never writes the PDF."""
        ...

    def check(self, printer: str | None = None) -> None:
        """Raise DomainError(PRINTER_NONE, PRINTER_NOT_FOUND, PRINTER_STOPPED) when a job could not be printed
        now (queue missing, stopped, rejecting jobs); prints nothing. Asked before creating an account whose
        temporary password only the paper will hold."""
        ...


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The Clock of the real world (UTC). flow never calls it: it receives a Clock from app.py."""

    def now(self) -> datetime:
        return datetime.now(UTC)
