"""Scripted fakes of the professional card's ports (a CPS with the real card's PIN behaviour: 3 tries, count
low / final try / locked) and of the DMP connector, for tests and the screenshot script: no I/O, no threads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import Beneficiary, Ins
from dmp_desktop.domain.model import AccountRequest, Channel, Consent, ExistenceResult, Pharmacist, WebAccount
from dmp_desktop.domain.ports import CardSession, DmpConnection, DmpConnector, ProfessionalCardReader
from dmp_desktop.domain.professional import CardHolder, CardType, PinState, Situation, Specialty
from dmp_desktop.flow.fakes import FakeDmpService

FAKE_PIN = "1234"
PIN_TRIES = 3
FAKE_SITUATION = Situation("1130001234", "Pharmacie du Port", "SA33")
SECOND_SITUATION = Situation("1130009999", "Pharmacie de la Gare", "SA33")
# valid around the fakes' FixedClock (14 March 2019)
FAKE_HOLDER = CardHolder(
    "810001234567", "Anne", "Leroy", "21", Specialty("G15_21"), CardType.CPS, dt.date(2018, 1, 1), dt.date(2021, 1, 1)
)


@dataclass
class FakeCpsSession(CardSession):
    """The card after its PIN: valid while that very insertion lasts."""

    reader: FakeCpsReader
    insertion: int
    closed: bool = False

    @property
    def holder(self) -> CardHolder:
        return self.reader.card_holder

    @property
    def situations(self) -> tuple[Situation, ...]:
        return self.reader.situations

    def authentication_certificate(self) -> bytes:
        return b"fake-auth-cert"

    def signature_certificate(self) -> bytes:
        return b"fake-sig-cert"

    def sign_authentication(self, digest_info: bytes) -> bytes:
        self._check()
        return b"signed:" + digest_info

    def sign_signature(self, data: bytes, hash_name: str = "sha256") -> bytes:
        self._check()
        return b"signed:" + data

    def _check(self) -> None:
        if not self.is_present():
            raise DomainError(ErrorCode.CPS_REMOVED, "the fake CPS was pulled")

    def is_present(self) -> bool:
        return not self.closed and self.reader.inserted and self.reader.insertion == self.insertion

    def close(self) -> None:
        self.closed = True


class FakeCpsReader(ProfessionalCardReader):
    """One reader, one card (or none). `insert(...)` another card, `pull()` it; `logins` counts the PIN tries
    (the PINs themselves are not kept, as the real adapters keep none)."""

    def __init__(
        self,
        holder: CardHolder = FAKE_HOLDER,
        situations: tuple[Situation, ...] = (FAKE_SITUATION,),
        *,
        pin: str = FAKE_PIN,
        tries_left: int = PIN_TRIES,
        inserted: bool = True,
    ) -> None:
        self.card_holder = holder
        self.situations = situations
        self.pin = pin
        self.tries_left = tries_left
        self.inserted = inserted
        self.insertion = 1
        self.logins = 0
        self.failures: list[ErrorCode] = []  # scripted: the next holder() raises

    def insert(
        self, holder: CardHolder | None = None, situations: tuple[Situation, ...] | None = None,
        tries_left: int | None = None,
    ) -> None:
        self.card_holder = holder or self.card_holder
        self.situations = situations if situations is not None else self.situations
        self.tries_left = self.tries_left if tries_left is None else tries_left
        self.inserted = True
        self.insertion += 1

    def pull(self) -> None:
        self.inserted = False
        self.insertion += 1

    def _present(self) -> None:
        if not self.inserted:
            raise DomainError(ErrorCode.CPS_MISSING, "no card in the fake CPS reader")

    def holder(self) -> CardHolder:
        self._present()
        if self.failures:
            raise DomainError(self.failures.pop(0), "scripted")
        return self.card_holder

    def pin_state(self) -> PinState:
        self._present()
        return {3: PinState.READY, 2: PinState.COUNT_LOW, 1: PinState.FINAL_TRY}.get(self.tries_left, PinState.LOCKED)

    def login(self, pin: str) -> FakeCpsSession:
        self._present()
        self.logins += 1
        if self.tries_left <= 0:
            raise DomainError(ErrorCode.CPS_PIN_LOCKED, "0")
        if pin != self.pin:
            self.tries_left -= 1
            if self.tries_left == 0:
                raise DomainError(ErrorCode.CPS_PIN_LOCKED, "0")
            raise DomainError(ErrorCode.CPS_PIN_INCORRECT, str(self.tries_left))
        self.tries_left = PIN_TRIES
        return FakeCpsSession(self, self.insertion)


class FakeDmpConnection(DmpConnection):
    """The DMP service as one professional: every call goes to a shared FakeDmpService (the « server »), after
    checking that the card session behind it is still open, as a TLS channel signed by the card would."""

    def __init__(self, service: FakeDmpService, card: CardSession | None, situation: Situation | None) -> None:
        self.service = service
        self.card = card
        self.situation = situation
        self.closed = False
        self.pharmacists: list[Pharmacist] = []  # who each call named (the VIHF)

    def _as(self, pharmacist: Pharmacist) -> None:
        if self.closed:
            raise DomainError(ErrorCode.DMP_UNREACHABLE, "connection closed")
        if self.card is not None and not self.card.is_present():
            raise DomainError(ErrorCode.CPS_REMOVED, "the card behind this connection was pulled")
        self.pharmacists.append(pharmacist)

    def test_existence(self, ins: Ins, pharmacist: Pharmacist) -> ExistenceResult:
        self._as(pharmacist)
        return self.service.test_existence(ins, pharmacist)

    def create(
        self, beneficiary: Beneficiary, ins: Ins, consent: Consent, pharmacist: Pharmacist,
        contacts: AccountRequest | None = None,
    ) -> None:
        self._as(pharmacist)
        self.service.create(beneficiary, ins, consent, pharmacist, contacts)

    def open_web_account(self, ins: Ins, channel: Channel, contact: str, pharmacist: Pharmacist) -> WebAccount:
        self._as(pharmacist)
        return self.service.open_web_account(ins, channel, contact, pharmacist)

    def add_otp_channel(self, ins: Ins, channel: Channel, contact: str, pharmacist: Pharmacist) -> None:
        self._as(pharmacist)
        self.service.add_otp_channel(ins, channel, contact, pharmacist)

    def reset_credentials(self, ins: Ins, pharmacist: Pharmacist) -> WebAccount:
        self._as(pharmacist)
        return self.service.reset_credentials(ins, pharmacist)

    def authorize(self, ins: Ins, pharmacist: Pharmacist) -> None:
        self._as(pharmacist)
        self.service.authorize(ins, pharmacist)

    def close(self) -> None:
        self.closed = True


@dataclass
class FakeConnector(DmpConnector):
    """Opens FakeDmpConnections on one FakeDmpService; `failures` makes the next connect raise."""

    service: FakeDmpService = field(default_factory=FakeDmpService)
    opened: list[FakeDmpConnection] = field(default_factory=list)
    failures: list[ErrorCode] = field(default_factory=list)

    def connect(self, card: CardSession | None, situation: Situation | None) -> FakeDmpConnection:
        if self.failures:
            raise DomainError(self.failures.pop(0), "scripted")
        self.opened.append(FakeDmpConnection(self.service, card, situation))
        return self.opened[-1]
