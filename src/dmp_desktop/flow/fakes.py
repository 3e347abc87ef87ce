"""Scripted fakes of the ports (built on the real Protocols) and `fake_counter`, the use-cases wired on them, for
tests, benchmarks and the screenshot script: no I/O, no threads."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from dmp_desktop.domain.errors import DomainError, ErrorCode, WarningCode
from dmp_desktop.domain.identity import Beneficiary, CardRead, Ins, Quality
from dmp_desktop.domain.model import (
    AccountRequest,
    Channel,
    Consent,
    CreationRecord,
    CreationState,
    DmpStatus,
    ExistenceResult,
    HistoryEntry,
    LedgerStatement,
    Pharmacist,
    Pharmacy,
    PrintResult,
    ReceiptData,
    ReceiptFormat,
    ReprintKind,
    WebAccount,
    YearStatement,
    fold_search,
)
from dmp_desktop.domain.ports import CardReader, Clock, CreationLedger, DmpService, ReceiptPrinter, ReceiptRenderer
from dmp_desktop.flow.usecases import CounterServices

FAKE_READER = "Fake Reader 00"
HOLDER_NIR = "180057505612342"  # the training "famille Martin" card: valid key
FAKE_PHARMACY = Pharmacy(name="Pharmacie des essais", number="990000026")
FAKE_PHARMACIST = Pharmacist(rpps="10000000025", first_name="Claude", last_name="Essai")


def sample_card(reader: str = FAKE_READER, holder_nir: str = HOLDER_NIR) -> CardRead:
    """The Martin family: the insured (INS-C), a spouse with her own certified NIR, a child without one."""
    return CardRead(
        reader=reader,
        card_type="vitale2",
        atr="3B 55 13 00 81 85 03 46",
        beneficiaries=(
            Beneficiary(0, "MARTIN", "Jean", "19800512", holder_nir, "MARTIN", 1, Quality.ASSURE),
            Beneficiary(
                1, "MARTIN", "Sophie", "19820518", holder_nir, "DURAND", 1, Quality.CONJOINT,
                certified_nir="282056912304564",
            ),
            Beneficiary(2, "MARTIN", "Léa", "20150302", holder_nir, "MARTIN", 1, Quality.ENFANT),
        ),
    )


def single_card(reader: str = FAKE_READER, first_name: str = "Jean", holder_nir: str = HOLDER_NIR) -> CardRead:
    """A card with one eligible beneficiary (pre-selected by the wizard)."""
    b = Beneficiary(0, "MARTIN", first_name, "19800512", holder_nir, "MARTIN", 1, Quality.ASSURE)
    return CardRead(reader=reader, card_type="vitale2", atr="3B 55", beneficiaries=(b,))


class FixedClock(Clock):
    def __init__(self, at: datetime | None = None) -> None:
        self.at = at or datetime(2019, 3, 14, 10, 30, tzinfo=UTC)

    def now(self) -> datetime:
        return self.at


class FakeCardReader(CardReader):
    """Cards per reader; `fail_next(code)` makes the next read raise."""

    def __init__(self, card: CardRead | None = None) -> None:
        self.cards: dict[str, CardRead] = {}
        self.failures: list[ErrorCode] = []
        self.reads: list[str | None] = []
        self.waits: list[float] = []
        if card is not None:
            self.insert(card)

    def insert(self, card: CardRead) -> None:
        self.cards[card.reader] = card

    def remove(self, reader: str = FAKE_READER) -> None:
        self.cards.pop(reader, None)

    def fail_next(self, code: ErrorCode) -> None:
        self.failures.append(code)

    def readers(self) -> list[str]:
        return sorted(set(self.cards) | {FAKE_READER})

    def read(self, reader: str | None = None, wait: float = 0.0) -> CardRead:
        self.reads.append(reader)
        self.waits.append(wait)
        if self.failures:
            raise DomainError(self.failures.pop(0), "scripted")
        if reader:
            if reader not in self.readers():
                raise DomainError(ErrorCode.READER_NOT_FOUND, reader)
            if reader not in self.cards:
                raise DomainError(ErrorCode.NO_CARD, reader)
            return self.cards[reader]
        if not self.cards:
            raise DomainError(ErrorCode.NO_CARD, "no card in any reader")
        return self.cards[sorted(self.cards)[0]]


@dataclass
class Failure:
    """A scripted failure of one DMP call. `applied=True`: the server did it, then the answer was lost."""

    code: ErrorCode
    applied: bool = False


class FakeDmpService(DmpService):
    """An in-memory DMP service: DMPs by INS value, web accounts, scripted failures per method name."""

    def __init__(self, refuse_creation: bool = False) -> None:
        self.dmps: dict[str, DmpStatus] = {}
        self.accounts: dict[str, WebAccount] = {}
        self.channels: dict[str, list[tuple[Channel, str]]] = {}
        self.contacts: dict[str, AccountRequest | None] = {}  # what each TD1.1 carried
        self.refuse_creation = refuse_creation
        self.calls: list[tuple[str, str]] = []  # (method, INS value)
        self.failures: dict[str, list[Failure]] = {}
        self._logins = itertools.count(3603)

    def fail(self, method: str, code: ErrorCode, *, times: int = 1, applied: bool = False) -> None:
        self.failures.setdefault(method, []).extend(Failure(code, applied) for _ in range(times))

    def _scripted(self, method: str, ins: Ins, apply: Callable[[], object] | None = None) -> None:
        self.calls.append((method, ins.value))
        queue = self.failures.get(method)
        if queue:
            failure = queue.pop(0)
            if failure.applied and apply is not None:
                apply()
            raise DomainError(failure.code, "scripted")

    def count(self, method: str) -> int:
        return sum(1 for m, _ in self.calls if m == method)

    def test_existence(self, ins: Ins, pharmacist: Pharmacist) -> ExistenceResult:
        self._scripted("test_existence", ins)
        status = self.dmps.get(ins.value, DmpStatus.NOT_FOUND)
        return ExistenceResult(status, pharmacist_authorised=status is DmpStatus.EXISTS,
                               web_account_open=ins.value in self.accounts)

    def _do_create(self, ins: Ins) -> None:
        self.dmps[ins.value] = DmpStatus.EXISTS

    def create(self, beneficiary: Beneficiary, ins: Ins, consent: Consent, pharmacist: Pharmacist,
               contacts: AccountRequest | None = None) -> None:
        self.contacts[ins.value] = contacts
        self._scripted("create", ins, lambda: self._do_create(ins))
        if self.refuse_creation:
            raise DomainError(ErrorCode.DMP_CREATION_REFUSED, "DMPAccessDeniedByRightsService")
        status = self.dmps.get(ins.value)
        if status is DmpStatus.EXISTS:
            raise DomainError(ErrorCode.DMP_FOUND, "DMPFound")
        if status is DmpStatus.CLOSED:
            raise DomainError(ErrorCode.DMP_CLOSED, "DMPClosed")
        self._do_create(ins)

    def _do_open(self, ins: Ins, channel: Channel, contact: str) -> WebAccount:
        account = WebAccount(f"mtef{next(self._logins):04d}", "cbC!bqf3", (channel,))
        self.accounts[ins.value] = account
        self.channels[ins.value] = [(channel, contact)]
        return account

    def open_web_account(self, ins: Ins, channel: Channel, contact: str, pharmacist: Pharmacist) -> WebAccount:
        self._scripted("open_web_account", ins, lambda: self._do_open(ins, channel, contact))
        if ins.value not in self.dmps:
            raise DomainError(ErrorCode.DMP_NOT_FOUND, "DMPNotFound")
        if ins.value in self.accounts:
            raise DomainError(ErrorCode.DMP_ACCOUNT_EXISTS, "DMPPatientAccessAlreadyExists")
        return self._do_open(ins, channel, contact)

    def add_otp_channel(self, ins: Ins, channel: Channel, contact: str, pharmacist: Pharmacist) -> None:
        self._scripted("add_otp_channel", ins)
        existing = self.channels.setdefault(ins.value, [])
        if any(c is channel for c, _ in existing):
            raise DomainError(ErrorCode.DMP_OTP_CHANNEL_EXISTS, "DMPPatientAccessOTPAlreadyExists")
        existing.append((channel, contact))

    def reset_credentials(self, ins: Ins, pharmacist: Pharmacist) -> WebAccount:
        self._scripted("reset_credentials", ins)
        if ins.value not in self.accounts:
            raise DomainError(ErrorCode.DMP_ACCOUNT_NOT_FOUND, "DMPPatientAccessNotFound")
        old = self.accounts[ins.value]
        self.accounts[ins.value] = WebAccount(old.login, "nEw!pass", old.channels)
        return self.accounts[ins.value]

    def authorize(self, ins: Ins, pharmacist: Pharmacist) -> None:
        self._scripted("authorize", ins)


@dataclass
class LedgerEntry:
    record: CreationRecord
    state: CreationState = CreationState.PENDING
    detail: str = ""
    channels: tuple[Channel, ...] = ()
    receipt_printed: bool = False
    events: list[str] = field(default_factory=list)  # reprints and credential resets, in order


class FakeLedger(CreationLedger):
    """The journal in a dict. `fail_next(code)` makes the next write raise (a database that went away)."""

    def __init__(self) -> None:
        self.entries: dict[str, LedgerEntry] = {}
        self.failures: list[ErrorCode] = []
        self.kept_aside: WarningCode | None = None  # what `warning` says: set it to play a ledger that spools
        self._ids = itertools.count(1)

    @property
    def warning(self) -> WarningCode | None:
        return self.kept_aside

    def fail_next(self, code: ErrorCode = ErrorCode.DB_UNAVAILABLE, times: int = 1) -> None:
        self.failures.extend([code] * times)

    def _check(self) -> None:
        if self.failures:
            raise DomainError(self.failures.pop(0), "scripted")

    def begin(self, record: CreationRecord) -> str:
        self._check()
        creation_id = f"c{next(self._ids):04d}"
        self.entries[creation_id] = LedgerEntry(record)
        return creation_id

    def set_state(self, creation_id: str, state: CreationState, detail: str = "") -> None:
        self._check()
        self.entries[creation_id].state = state
        self.entries[creation_id].detail = detail

    def mark_account_opened(self, creation_id: str, channels: tuple[Channel, ...]) -> None:
        self._check()
        self.entries[creation_id].channels = channels

    def mark_receipt_printed(self, creation_id: str) -> None:
        self._check()
        self.entries[creation_id].receipt_printed = True

    def pending(self) -> list[tuple[str, Ins]]:
        return [(k, e.record.ins) for k, e in self.entries.items() if e.state is CreationState.PENDING]

    def statement(self, month: str) -> LedgerStatement:
        created = [e for e in self.entries.values()
                   if e.state is CreationState.CREATED and e.record.at.strftime("%Y-%m") == month]
        by_ph: dict[str, int] = {}
        by_ws: dict[str, int] = {}
        for e in created:
            by_ph[e.record.pharmacist_rpps] = by_ph.get(e.record.pharmacist_rpps, 0) + 1
            by_ws[e.record.workstation] = by_ws.get(e.record.workstation, 0) + 1
        return LedgerStatement(month, len(created), float(len(created)), by_ph, by_ws)

    def _history_entry(self, creation_id: str, e: LedgerEntry) -> HistoryEntry:
        r = e.record
        return HistoryEntry(
            creation_id, r.at, e.state, r.workstation, r.pharmacist_rpps, r.pharmacist_name, r.ins, r.consent,
            r.patient, r.channels, e.channels or None, r.at if e.receipt_printed else None,
            r.at if e.state is CreationState.CREATED else None, e.detail,
        )

    def history(self, *, since: date | None = None, until: date | None = None, patient: str = "",
                limit: int | None = None) -> list[HistoryEntry]:
        words = fold_search(patient).split()
        out = []
        for creation_id, e in reversed(self.entries.items()):
            day = e.record.at.date()
            names = fold_search(f"{e.record.patient.last_name} {e.record.patient.first_name}")
            if (since and day < since) or (until and day > until) or not all(w in names for w in words):
                continue
            out.append(self._history_entry(creation_id, e))
        return out[:limit] if limit is not None else out

    def record(self, creation_id: str) -> HistoryEntry | None:
        e = self.entries.get(creation_id)
        return self._history_entry(creation_id, e) if e else None

    def year_statement(self, year: int) -> YearStatement:
        months = {f"{year}-{m:02d}": self.statement(f"{year}-{m:02d}") for m in range(1, 13)}
        by_ph: dict[str, int] = {}
        for e in self.entries.values():
            if e.state is CreationState.CREATED and e.record.at.year == year:
                key = f"{e.record.pharmacist_rpps} {e.record.pharmacist_name}"
                by_ph[key] = by_ph.get(key, 0) + 1
        count = sum(s.count for s in months.values())
        return YearStatement(year, count, float(count), by_ph, {m: s.count for m, s in months.items()})

    def export_year_csv(self, year: int) -> str:
        lines = ["creation_id;date;pharmacist_rpps;workstation"]
        lines += [f"{k};{e.record.at.date().isoformat()};{e.record.pharmacist_rpps};{e.record.workstation}"
                  for k, e in self.entries.items()
                  if e.state is CreationState.CREATED and e.record.at.year == year]
        return "\n".join(lines) + "\n"

    def mark_credentials_reset(self, creation_id: str) -> None:
        self._check()
        self.entries[creation_id].events.append("credentials")

    def mark_reprinted(self, creation_id: str, kind: ReprintKind, printed: bool) -> None:
        self._check()
        self.entries[creation_id].events.append(f"reprint:{kind.value}")
        if printed:
            self.entries[creation_id].receipt_printed = True


class FakeRenderer(ReceiptRenderer):
    """Returns recognisable bytes (not a real PDF) and keeps what it was asked to render."""

    def __init__(self) -> None:
        self.rendered: list[ReceiptData] = []
        self.failures: list[ErrorCode] = []

    def render(self, data: ReceiptData, fmt: ReceiptFormat) -> bytes:
        if self.failures:
            raise DomainError(self.failures.pop(0), "scripted")
        self.rendered.append(data)
        login = data.account.login if data.account else "-"
        return f"%PDF-fake {fmt.value} {data.ins.value} {login}".encode()


@dataclass
class FakePrinter(ReceiptPrinter):
    """A spooler that keeps the jobs; `failures` makes the next print_pdf raise, `check_failures` the next check
    (a queue stopped before the creation)."""

    names: list[str] = field(default_factory=lambda: ["Fake_Printer"])
    jobs: list[tuple[bytes, ReceiptFormat, str]] = field(default_factory=list)
    failures: list[ErrorCode] = field(default_factory=list)
    check_failures: list[ErrorCode] = field(default_factory=list)

    def printers(self) -> list[str]:
        return list(self.names)

    def default_printer(self) -> str | None:
        return self.names[0] if self.names else None

    def check(self, printer: str | None = None) -> None:
        """As print_pdf's checks (a scripted failure in `check_failures` first); prints nothing."""
        if self.check_failures:
            raise DomainError(self.check_failures.pop(0), "scripted")
        name = printer or self.default_printer()
        if name is None:
            raise DomainError(ErrorCode.PRINTER_NONE, "no printer")
        if name not in self.names:
            raise DomainError(ErrorCode.PRINTER_NOT_FOUND, name)

    def print_pdf(self, pdf: bytes, fmt: ReceiptFormat, printer: str | None = None) -> PrintResult:
        if self.failures:
            raise DomainError(self.failures.pop(0), "scripted")
        name = printer or self.default_printer()
        if name is None:
            raise DomainError(ErrorCode.PRINTER_NONE, "no printer")
        if name not in self.names:
            raise DomainError(ErrorCode.PRINTER_NOT_FOUND, name)
        self.jobs.append((pdf, fmt, name))
        return PrintResult(True, name, job_id=str(len(self.jobs)))


def fake_counter(**overrides: Any) -> CounterServices:
    """The use-cases on fresh fakes: the Martin family card in the fake reader, an empty DMP service, journal
    and printer, a fixed clock, the test pharmacy. `overrides` replaces any CounterServices field; keep your
    own reference to a fake you pass in to script it or read what it saw."""
    wiring: dict[str, Any] = {
        "card_reader": FakeCardReader(sample_card()),
        "dmp": FakeDmpService(),
        "ledger": FakeLedger(),
        "renderer": FakeRenderer(),
        "printer": FakePrinter(),
        "clock": FixedClock(),
        "pharmacy": FAKE_PHARMACY,
        "pharmacist": FAKE_PHARMACIST,
    }
    return CounterServices(**(wiring | overrides))
