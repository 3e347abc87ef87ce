"""The pharmacist's card at step 2 without Qt or PKCS#11: PIN format, tries, situations, one PIN for many
patients, card pulled."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.professional import CardHolder, CardType, PinState, Situation, Specialty
from dmp_desktop.flow.fakes import FakeDmpService, FixedClock
from dmp_desktop.flow.professional import ProfessionalSessions, check_pin_format, choose_situation

PORT = Situation("1130001234", "Pharmacie du Port", "SA33")
GARE = Situation("1130009999", "Pharmacie de la Gare", "SA33")
HOLDER = CardHolder(
    "810001234567", "Anne", "Leroy", "21", Specialty("G15_21"), CardType.CPS, dt.date(2018, 1, 1), dt.date(2021, 1, 1)
)


@dataclass
class Card:
    holder: CardHolder
    situations: tuple[Situation, ...]
    present: bool = True
    closed: bool = False

    def authentication_certificate(self) -> bytes:
        return b""

    def signature_certificate(self) -> bytes:
        return b""

    def sign_authentication(self, digest_info: bytes) -> bytes:
        return b""

    def sign_signature(self, data: bytes, hash_name: str = "sha256") -> bytes:
        return b""

    def is_present(self) -> bool:
        return self.present

    def close(self) -> None:
        self.closed = True


@dataclass
class Reader:
    """A card with the real CPS's behaviour: 3 tries, flags after each wrong one."""

    situations: tuple[Situation, ...] = (PORT,)
    holder_: CardHolder = HOLDER
    tries_left: int = 3
    logins: list[str] = field(default_factory=list)

    def holder(self) -> CardHolder:
        return self.holder_

    def pin_state(self) -> PinState:
        return {3: PinState.READY, 2: PinState.COUNT_LOW, 1: PinState.FINAL_TRY}.get(self.tries_left, PinState.LOCKED)

    def login(self, pin: str) -> Card:
        self.logins.append(pin)
        if self.tries_left == 0:
            raise DomainError(ErrorCode.CPS_PIN_LOCKED)
        if pin != "1234":
            self.tries_left -= 1
            code = ErrorCode.CPS_PIN_LOCKED if self.tries_left == 0 else ErrorCode.CPS_PIN_INCORRECT
            raise DomainError(code, f"{self.tries_left} tries left")
        self.tries_left = 3
        return Card(self.holder_, self.situations)


class Connection(FakeDmpService):
    closed = False

    def close(self) -> None:
        self.closed = True


@dataclass
class Connector:
    opened: list[tuple[Card | None, Situation | None]] = field(default_factory=list)
    services: list[Connection] = field(default_factory=list)

    def connect(self, card: Card | None, situation: Situation | None) -> Connection:  # type: ignore[override]
        self.opened.append((card, situation))
        self.services.append(Connection())
        return self.services[-1]


def sessions(reader: Reader | None = None, connector: Connector | None = None) -> ProfessionalSessions:
    clock = FixedClock(dt.datetime(2019, 3, 14, 10, 30, tzinfo=dt.UTC))
    return ProfessionalSessions(reader or Reader(), connector or Connector(), clock, "COMPTOIR-1")


@pytest.mark.parametrize("pin", ["", "123", "12345", "12a4", "١٢٣٤", "12 4"])
def test_a_malformed_pin_never_reaches_the_card(pin: str) -> None:
    reader = Reader()
    with pytest.raises(DomainError) as err:
        sessions(reader).login(pin)
    assert err.value.code is ErrorCode.CPS_PIN_INCORRECT
    assert reader.logins == [] and reader.tries_left == 3
    with pytest.raises(DomainError):
        check_pin_format(pin)


def test_wrong_pins_count_down_to_final_try_then_locked() -> None:
    reader = Reader()
    s = sessions(reader)
    states = []
    for _ in range(3):
        with pytest.raises(DomainError) as err:
            s.login("0000")
        states.append((err.value.code, s.pin_state()))
    assert states == [
        (ErrorCode.CPS_PIN_INCORRECT, PinState.COUNT_LOW),
        (ErrorCode.CPS_PIN_INCORRECT, PinState.FINAL_TRY),
        (ErrorCode.CPS_PIN_LOCKED, PinState.LOCKED),
    ]
    with pytest.raises(DomainError) as err:
        s.login("1234")  # the right PIN on a blocked card is not even sent
    assert err.value.code is ErrorCode.CPS_PIN_LOCKED
    assert reader.logins == ["0000", "0000", "0000"]


def test_one_pin_for_many_patients_while_the_card_stays_in() -> None:
    reader, connector = Reader(), Connector()
    s = sessions(reader, connector)
    card = s.login("1234")
    first = s.connect()
    assert s.login("1234") is card and s.connect() is first
    assert reader.logins == ["1234"] and len(connector.opened) == 1
    assert first.pharmacist.subject_id == "810001234567" and first.pharmacist.specialty == "G15_21"
    assert first.pharmacy.vihf_structure_id == "1130001234" and first.pharmacy.workstation == "COMPTOIR-1"


def test_card_pulled_closes_the_session_and_its_connection() -> None:
    connector = Connector()
    s = sessions(connector=connector)
    card = s.login("1234")
    assert isinstance(card, Card)
    s.connect()
    card.present = False
    assert s.card is None and s.connection is None
    assert card.closed and connector.services[0].closed
    with pytest.raises(DomainError) as err:
        s.connect()
    assert err.value.code is ErrorCode.CPS_REMOVED


def test_several_situations_need_a_choice_which_is_kept_for_the_session() -> None:
    connector = Connector()
    s = sessions(Reader(situations=(PORT, GARE)), connector)
    s.login("1234")
    with pytest.raises(DomainError) as err:
        s.connect()
    assert err.value.code is ErrorCode.CPS_SITUATION_REQUIRED
    gare = s.connect(GARE.structure_id)
    assert gare.situation == GARE and gare.pharmacy.name == "Pharmacie de la Gare"
    port = s.connect(PORT.structure_id)
    assert connector.services[0].closed and port.situation == PORT


def test_an_unknown_situation_is_named_in_the_error() -> None:
    with pytest.raises(DomainError) as err:
        choose_situation((PORT, GARE), "3999")
    assert err.value.code is ErrorCode.CPS_SITUATION_REQUIRED and "1130001234" in err.value.detail


def test_an_expired_card_is_refused_before_a_pin_try_is_spent() -> None:
    old = CardHolder(
        "810001234567", "Anne", "Leroy", "21", None, CardType.CPS, dt.date(2015, 1, 1), dt.date(2018, 1, 1)
    )
    reader = Reader(holder_=old)
    with pytest.raises(DomainError) as err:
        sessions(reader).login("1234")
    assert err.value.code is ErrorCode.CPS_EXPIRED and reader.logins == []
