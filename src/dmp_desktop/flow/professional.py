"""Step 2's card: the pharmacist's CPS/CPE read without PIN, its PIN, its situation, and the DMP session
that stays open while the card stays in the reader (one PIN for many patients)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.model import Pharmacist, Pharmacy
from dmp_desktop.domain.ports import CardSession, Clock, DmpConnection, DmpConnector, ProfessionalCardReader
from dmp_desktop.domain.professional import CardHolder, PinState, Situation

log = logging.getLogger(__name__)

PIN_LENGTH = 4


def check_pin_format(pin: str) -> None:
    """A CPS PIN is 4 digits. A malformed one is refused before it reaches the card (it would cost a try)."""
    if len(pin) != PIN_LENGTH or not pin.isascii() or not pin.isdigit():
        raise DomainError(ErrorCode.CPS_PIN_INCORRECT, "the PIN is 4 digits (nothing sent to the card)", field="pin")


def choose_situation(situations: tuple[Situation, ...], structure_id: str | None = None) -> Situation:
    """The situation d'exercice named by `structure_id` (as on the card), or the only one (EX_GEN-1370:
    with several, the professional chooses; nothing is picked for them)."""
    if structure_id:
        for situation in situations:
            if situation.structure_id == structure_id:
                return situation
        known = ", ".join(s.structure_id for s in situations) or "none"
        raise DomainError(ErrorCode.CPS_SITUATION_REQUIRED, f"{structure_id!r} is not on the card ({known})")
    if len(situations) == 1:
        return situations[0]
    if not situations:
        raise DomainError(ErrorCode.CPS_UNKNOWN, "the card holds no situation d’exercice")
    raise DomainError(ErrorCode.CPS_SITUATION_REQUIRED, f"{len(situations)} situations on the card")


@dataclass(frozen=True)
class Connection:
    """A professional connected to the DMP service: who (from the card), where (the situation), and the
    service whose calls go out as them."""

    holder: CardHolder
    situation: Situation
    pharmacist: Pharmacist
    pharmacy: Pharmacy
    dmp: DmpConnection


class ProfessionalSessions:
    """Keeps the card session and its DMP connection between patients; drops both when the card is pulled.
    Every method may block on the card or the network: call them off the GUI thread (one at a time is
    enough: a lock serialises them)."""

    def __init__(
        self, reader: ProfessionalCardReader, connector: DmpConnector, clock: Clock, workstation: str = ""
    ) -> None:
        self._reader = reader
        self._connector = connector
        self._clock = clock
        self._workstation = workstation
        self._lock = threading.RLock()
        self._card: CardSession | None = None
        self._connection: Connection | None = None

    def holder(self) -> CardHolder:
        """The card in the reader, without PIN. CPS_EXPIRED when its certificates are out of date."""
        holder = self._reader.holder()
        if holder.expired(self._clock.now().date()):
            raise DomainError(ErrorCode.CPS_EXPIRED, f"valid {holder.not_before} to {holder.not_after}")
        return holder

    def pin_state(self) -> PinState:
        return self._reader.pin_state()

    @property
    def card(self) -> CardSession | None:
        """The open card session, None when there is none or the card was pulled (then both are closed)."""
        with self._lock:
            if self._card is not None and not self._card.is_present():
                log.info("professional card pulled: session closed")
                self._drop()
            return self._card

    @property
    def connection(self) -> Connection | None:
        with self._lock:
            return self._connection if self.card is not None else None

    def login(self, pin: str) -> CardSession:
        """C_Login with `pin` (never kept). A session already open for the same card is reused."""
        check_pin_format(pin)
        with self._lock:
            current = self.card
            if current is not None:
                return current
            self.holder()  # expired or unknown cards are refused before a PIN try is spent
            if self._reader.pin_state() is PinState.LOCKED:
                raise DomainError(ErrorCode.CPS_PIN_LOCKED, "the card is blocked")
            self._card = self._reader.login(pin)
            return self._card

    def connect(self, structure_id: str | None = None) -> Connection:
        """The DMP service as the logged-in holder, in the situation named (or the only one)."""
        with self._lock:
            card = self.card
            if card is None:
                raise DomainError(ErrorCode.CPS_REMOVED, "no open card session: insert the card, type the PIN")
            situation = choose_situation(card.situations, structure_id)
            if self._connection is not None and self._connection.situation == situation:
                return self._connection
            self._close_connection()
            holder = card.holder
            service = self._connector.connect(card, situation)
            self._connection = Connection(
                holder, situation, holder.pharmacist(situation), situation.pharmacy(self._workstation), service
            )
            return self._connection

    def close(self) -> None:
        with self._lock:
            self._drop()

    def _drop(self) -> None:
        self._close_connection()
        if self._card is not None:
            try:
                self._card.close()
            except DomainError as exc:  # already pulled: nothing left to close
                log.debug("closing the card session: %s", exc.code.value)
            self._card = None

    def _close_connection(self) -> None:
        if self._connection is not None:
            self._connection.dmp.close()
            self._connection = None
